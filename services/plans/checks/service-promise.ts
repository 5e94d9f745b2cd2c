import { type DraftContext, type PlanWarning, SERVICES, type ServiceCode } from '../../domain/warnings';
import { type Draft, type Hit, findAll, quoteList, sentenceAt, unique } from './text';

/**
 * service_promise: the draft promises a service (walk-in, same-day, Saturday
 * or evening clinics, online booking) or a wait time that other practices in
 * the PCN have not said they offer. "If the PCN/practices are geographically
 * spread or working to different population indicators take care not to
 * create an expectation that others in the PCN can't meet for their patients."
 *
 * Not a promise (decided for this project): saying a service is not offered
 * or has stopped ("we no longer offer walk-in appointments"), pointing to
 * someone else's ("the walk-in centre", "your pharmacy"), asking people to
 * ask ("ask at reception about evening appointments"), and a post that
 * already says it is for this practice only ("at this practice").
 */

type Promise = ServiceCode | 'waitTime';

/** Whole words only: "walk-in" is not in "walking". */
function words(alternatives: string[]): RegExp {
  return new RegExp(`(?<![\\w-])(?:${alternatives.join('|')})(?![\\w-])`, 'gi');
}

/** How each service is promised. */
const PROMISES: Record<Promise, RegExp> = {
  walkIn: words([
    'walk[- ]?ins?(?! cent(?:re|er)s?\\b)(?: (?:appointments?|clinics?|sessions?|service|surgery|surgeries|basis|welcome|flu|vaccin\\w*|jabs?))?',
    'drop[- ]in (?:\\w+ )?(?:clinics?|sessions?|service|appointments?|jabs?|vaccin\\w*)',
    'drop-ins?',
    'no appointments? (?:is |are )?(?:needed|necessary|required)',
    'without (?:an |booking an |needing an |the need for an )?appointment',
    'no need (?:to book|for an appointment)',
    'no booking (?:is )?(?:needed|necessary|required)',
    '(?:just|simply) (?:turn up|pop (?:in|along|down|by)|come (?:in|along|down))',
    'turn up on the day',
  ]),
  sameDay: words([
    'same[- ]day (?:\\w+ )?(?:appointments?|consultations?|access|service|care|call ?-?backs?|slots?|visits?|assessments?)',
    'seen (?:on )?the same day',
    'on[- ]the[- ]day (?:appointments?|slots?|consultations?)',
    '(?:appointments?|seen|see a (?:gp|doctor|clinician|nurse)) (?:today|on the day)',
    'guaranteed? (?:an? |you an? )?(?:appointment|slot|consultation|call ?-?back)',
    'same day if',
  ]),
  saturday: words([
    'saturdays? (?:\\w+ ){0,2}(?:clinics?|appointments?|surgery|surgeries|sessions?|opening)',
    "(?:clinics?|appointments?|surgery|surgeries|sessions?|jabs?|vaccinations?) (?:[\\w',:()&-]+ ){0,4}?(?:on |every |this |next )?(?:a )?saturdays?",
    'open (?:on |every |this |next )?(?:saturdays?|sundays?|weekends?|at weekends?|on the weekend)',
    'weekend (?:\\w+ )?(?:clinics?|appointments?|opening|sessions?|surgery|surgeries)',
    '(?:seven|7) days a week',
  ]),
  evening: words([
    'evening (?:\\w+ )?(?:clinics?|appointments?|surgery|surgeries|sessions?|opening|slots?)',
    '(?:clinics?|appointments?|sessions?) (?:on |in the |every )?(?:\\w+ )?evenings?',
    'late[- ](?:night )?(?:opening|clinics?|appointments?|surgery|surgeries)',
    'open (?:late|in the evenings?|(?:on )?(?:\\w+ )?evenings)',
    '(?:open(?:ing|s)?|appointments?|clinics?|available|surgery|surgeries|sessions?|seeing patients|hours) (?:\\w+ ){0,3}?(?:until|till|til|to|up to) (?:7|8|9|10)(?:[.:][0-5]\\d)? ?(?:pm|p\\.m\\.)',
    'after[- ]work (?:appointments?|clinics?|slots?)',
  ]),
  onlineBooking: words([
    'online booking',
    'book(?:ed|ing)? (?:[\\w/&-]+ ){0,4}?online',
    'book(?:ed|ing)? (?:[\\w/&-]+ ){0,4}?(?:via|through|on|using|in|with) (?:the |our )?(?:nhs app|app|website|patient access|systmonline|mygp|online services)',
    'book(?:ed|ing)? (?:[\\w/&-]+ ){0,2}?at (?:the |our )?(?:website|link below)',
  ]),
  waitTime: words([
    '(?:(?<!(?:was|were|been|being) )seen|see you|call(?:ed)? (?:you )?back|call ?-?backs?|appointments?|consultations?) (?:by a (?:\\w+ )?)?(?:\\w+ )?within (?:\\d+|one|two|three|an?|the hour)(?: \\w+)?',
    'no wait(?:ing)?(?! room)(?: times?| lists?)?',
    'without (?:a |any )?wait(?:ing)?',
    'no queues?',
    'wait (?:no (?:more|longer)|less) than',
    'never (?:have to )?wait',
    'in and out in',
    'waiting times? (?:of )?(?:under|less than|just|only)',
  ]),
};

/** How the reason names what is promised. */
const PROMISE_LABEL: Record<Promise, string> = {
  walkIn: inSentence(SERVICES.walkIn),
  sameDay: inSentence(SERVICES.sameDay),
  saturday: inSentence(SERVICES.saturday),
  evening: inSentence(SERVICES.evening),
  onlineBooking: inSentence(SERVICES.onlineBooking),
  waitTime: 'a wait time',
};

/** A service's name inside a sentence: "walk-in appointments", but "Saturday clinics" keeps its capital. */
function inSentence(name: string): string {
  return /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)/.test(name)
    ? name
    : name[0].toLowerCase() + name.slice(1);
}

/** Saying a service is not there: before it ("we do not offer") or after it ("are no longer available"). */
const NOT_BEFORE =
  /\b(?:not|never|no longer|don't|do not|doesn't|does not|isn't|aren't|won't|will not|can't|cannot|unable|unfortunately|sadly|no more|stopped|ended|withdrawn)\b[^.!?;]*$/i;
const NOT_AFTER =
  /^[^.!?;]{0,60}?\b(?:(?:is|are|will be|have been|has been|were|was)(?: now)? (?:no longer|not|cancelled|suspended|paused|discontinued|withdrawn|stopped|closed|unavailable)|no longer|not available|unavailable|cancelled|suspended|have stopped|has stopped|(?:has|have) ended)\b/i;
/** Someone else's service, or a question to ask rather than a promise. */
const NOT_OURS =
  /\b(?:pharmac(?:y|ies|ists?)|chemists?|walk-in cent(?:re|er)s?|urgent treatment cent(?:re|er)s?|utc|minor injur(?:y|ies) units?|a&e|nhs 111|dentists?|opticians?|ask (?:at reception|us|the team|our team|your practice|reception)|check (?:with|whether|if)|may be able|might be able)\b/i;
/** A service every practice's patients can use (the PCN's hub, extended access): not one practice's promise. */
const PCN_WIDE =
  /\b(?:(?:patients|everyone) (?:registered )?(?:at|of|with|from) (?:every|all|any)(?: of the)? (?:practices?|surger(?:y|ies))|(?:every|all|each) (?:practices?|surger(?:y|ies)) in (?:our|the) (?:pcn|primary care network)|(?:extended|enhanced) (?:access|hours) (?:service|hub)|pcn hub)\b/i;
/** The draft already says it is for this practice only. */
const THIS_PRACTICE_ONLY =
  /\b(?:at this practice|this practice only|only at (?:this|our) (?:practice|surgery)|(?:for|to) patients registered (?:with|at) (?:us|this practice|our practice)|only for (?:our|this practice's) (?:registered )?patients)\b/i;

function promised(draft: Draft, hit: Hit): boolean {
  const sentence = sentenceAt(draft, hit.start);
  const text = draft.plain.slice(sentence.start, sentence.end);
  const before = draft.plain.slice(Math.max(sentence.start, hit.start - 60), hit.start);
  const after = draft.plain.slice(hit.end, sentence.end);
  return !NOT_BEFORE.test(before) && !NOT_AFTER.test(after) && !NOT_OURS.test(text);
}

export function checkServicePromise(draft: Draft, context: DraftContext): PlanWarning | undefined {
  if (!context.hasPartners || THIS_PRACTICE_ONLY.test(draft.plain) || PCN_WIDE.test(draft.plain)) return undefined;
  const found: { code: Promise; words: string[] }[] = [];
  for (const code of Object.keys(PROMISES) as Promise[]) {
    if (code !== 'waitTime' && context.offeredByAllPartners.has(code)) continue;
    const words = unique(
      findAll(draft, PROMISES[code])
        .filter((hit) => promised(draft, hit))
        .map((hit) => hit.words),
    );
    if (words.length) found.push({ code, words });
  }
  if (!found.length) return undefined;
  const named = found.map((f) => `${quoteList(f.words)} (${PROMISE_LABEL[f.code]})`);
  return {
    code: 'service_promise',
    reason: `It mentions ${named.join(' and ')}, which other practices in the PCN have not said they offer.`,
    fix: 'Say it is "at this practice" so patients of other practices do not expect it, or make it a joint PCN post only if every practice offers it.',
    words: unique(found.flatMap((f) => f.words)),
  };
}
