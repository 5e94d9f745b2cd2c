import type { PlanWarning } from '../../domain/warnings';
import { type Draft, type Hit, clauseBefore, findAll, NEGATION, quoteList, sentenceAt, unique } from './text';

/**
 * invites_contact: the draft asks people to send medical questions, symptoms
 * or personal details by message or in the comments ("DM us your symptoms",
 * "comment below with your questions about your medication", "send us your
 * NHS number"). Social media is not for one-to-one private, medical or
 * emergency conversations, and practices never take appointments,
 * prescriptions or clinical questions over it.
 *
 * Decided for this project: contact about anything else is fine ("message us
 * to find out our opening times", "any questions about the event? Drop us a
 * message"), and so is asking for contact details to follow up a complaint
 * privately, as the guidance's direct-messaging route expects. A draft that
 * says not to send such things ("please don't message us about symptoms") is
 * not an invitation.
 */

/**
 * Ways of inviting a private message or a public comment: on a social media
 * post these always mean social media.
 */
const SOCIAL_CONTACT = new RegExp(
  [
    // "DM us", "message us", "inbox us", "WhatsApp us", "tweet us", "tag us"
    '\\b(?:dm|pm|inbox|message|messenger|direct message|private message|whatsapp|text|tweet|tag) us\\b',
    // "drop us a message", "send a DM"
    '\\b(?:send|drop|pop|shoot|fire) (?:us )?(?:a |an )?(?:dm|pm|message|line|note|private message|direct message|comment)\\b',
    // public replies: "comment below", "pop your questions in the comments", "reply to this post"
    "\\b(?:comment|reply|post|write|leave|drop|share|ask|pop|put|send|tell us|list) (?:[\\w',]+ ){0,12}?(?:below|here|in the comments|in the replies|under this post|on this post|on our (?:page|wall|post)|(?:in|to|into|via|through) (?:our|the) (?:facebook |instagram |twitter |x )?(?:dms|inbox|messages|messenger|page))\\b",
    '\\b(?:comment|reply) (?:below|here|with)\\b',
    // a channel that is an invitation on its own: "taking questions in the comments"
    '\\b(?:in|into|to) (?:the|our|my) (?:comments?|replies|comment section|inbox|dms)\\b',
    '\\b(?:reply|respond|comment) (?:to|on|under) (?:this|our|the) (?:post|tweet|thread|message)\\b',
    '\\b(?:leave|post|write|add|drop|pop) (?:us )?(?:a |your )?(?:comment|reply)\\b',
    '\\b(?:via|by|through|over|using) (?:a |our |the )?(?:dms?|pms?|direct messages?|private messages?|messenger|facebook messenger|facebook page|facebook|instagram|twitter|x|whatsapp|social media|comments)\\b',
    '\\b(?:on|in) (?:a |our |the )?(?:dms?|pms?|direct messages?|private messages?|messenger|whatsapp|comments)\\b',
    '\\bslide into (?:our|the) dms\\b',
  ].join('|'),
  'gi',
);

/**
 * Asking to be sent or told something, whatever the channel: it counts when
 * what is asked for comes straight after ("send us your NHS number", "tell
 * us your symptoms"), and not when the sentence names a channel that is not
 * social media ("call us", "at reception", "through the NHS App").
 */
const ASK_TO_SEND = new RegExp(
  "\\b(?:send|email|e-mail|forward|tell|give|share (?:[\\w']+ ){0,4}with) us\\b|\\blet us (?:know|have|see)\\b|\\bsend (?:in|over)\\b",
  'gi',
);
const OTHER_CHANNEL =
  /\b(?:call|calling|phone|phoning|ring|ringing|telephone|reception|in person|face to face|nhs app|online consultation|e-?consult\w*|patchs|askmygp|accurx|online form|contact form|our website|the website|111)\b/i;

/** Medical questions, symptoms, requests for care, and personal details. */
const MEDICAL_OR_PERSONAL = new RegExp(
  [
    'symptoms?',
    // how someone feels in themselves
    '(?:feel|feeling|felt) (?:a bit |very |really )?(?:low|down|anxious|depressed|hopeless|suicidal|unwell|poorly|ill|sick|worse|rough|awful|rubbish|under the weather)|low mood|(?:struggling|coping|worried|concerned) (?:with|about) (?:your |their |my )?(?:own )?(?:mental health|anxiety|depression|health|mood)',
    // something wrong with your body
    'rash(?:es)?|lumps?|moles?|pains?|aches?|cough|fever|temperature|bleeding|infections?|wounds?|injur(?:y|ies)|swelling|bites?|stings?|sprains?|headaches?',
    '(?:medical|health|clinical|medication|medicines?|drug|treatment|prescription) (?:questions?|queries|query|concerns?|problems?|issues?|worries|advice|details|history|records?|information)',
    // questions about something of your own ("questions about your HRT")
    '(?:questions?|queries|query|concerns?|worries) (?:about|on|regarding|around|with) (?:your|their|my) (?:own )?[\\w-]+',
    '(?:questions?|queries|query|concerns?|worries|problems?) (?:about|on|regarding|around) (?:your |their |the |any )?(?:own )?(?:medication|medicines?|tablets|pills|prescriptions?|treatment|condition|health|results|symptoms|diagnosis|pain|illness|injury|injuries|rash|test|blood test|inhaler|dose|side effects?|mental health|care)',
    '(?:test|blood|scan|x-ray|smear|biopsy) results?',
    'your results',
    // your own (or your child's) condition: "tell us about your asthma in the comments"
    "your (?:child's |baby's |own )?(?:[\\w-]+ )?(?:condition|illness|diagnosis|asthma|diabetes|cancer|copd|epilepsy|eczema|migraines?|arthritis|allergy|allergies|depression|anxiety|ivf|pregnancy|miscarriage|menopause|treatment|operation|surgery|recovery|story of (?:living with|having|recovering))",
    'diagnos(?:is|es)',
    'side effects?',
    'your (?:condition|illness|pain|injury|medication|medicines?|prescriptions?|health concerns?|health worries)',
    '(?:order|request|renew)\\w* (?:your |a |any )?(?:repeat )?(?:prescriptions?|medication|medicines?)',
    'repeat prescriptions?',
    '(?:book|request|make|arrange|cancel|change|move|get)\\w* (?:an? |your |any )?(?:\\w+ )?appointments?',
    '(?:book|get)\\w* (?:an? |your )?(?:flu |covid )?(?:jab|vaccin\\w*|booster|smear|health check)',
    '(?:photos?|pictures?|pics?|images?) of (?:your |the |any )?(?:rash|wound|skin|mole|lump|injury|swelling|bite|burn|spots?|eye|child)',
    'nhs numbers?',
    'dates? of birth',
    '\\bdob\\b',
    '(?:home )?address(?:es)?',
    '(?:personal|medical|patient|private|health) (?:details|information|data)',
    'full name',
    "how (?:you're|you are|your child is) feeling",
    "what's wrong",
  ].join('|'),
  'gi',
);

/** Where each sentence's text ends and the one before it (if it was a question) begins. */
function reachOf(draft: Draft, hit: Hit): { start: number; end: number } {
  const index = draft.sentences.findIndex((s) => hit.start >= s.start && hit.start < s.end);
  if (index < 0) return { start: 0, end: draft.plain.length };
  const sentence = draft.sentences[index];
  const before = index > 0 ? draft.sentences[index - 1] : undefined;
  const question = before && /\?\s*$/.test(draft.plain.slice(before.start, before.end));
  return { start: question && before ? before.start : sentence.start, end: sentence.end };
}

/** "We will post updates here": the practice saying what it does, not asking anything. */
const BY_US =
  /\b(?:we|we'll|we will|we're|we are|we've|we have|i|i'll|they|they'll)\s+(?:will\s+|also\s+|regularly\s+|often\s+|always\s+)?$/i;

/** Medical or personal things a contact asks for: in its sentence, or in a question just before ("Worried about a rash? DM us"). */
function askedFor(draft: Draft, contact: Hit, objects: readonly Hit[]): Hit[] {
  const reach = reachOf(draft, contact);
  return objects.filter((o) => o.start >= reach.start && o.end <= reach.end && !NEGATION.test(clauseBefore(draft, o, 25)));
}

export function checkInvitesContact(draft: Draft): PlanWarning | undefined {
  const objects = findAll(draft, MEDICAL_OR_PERSONAL);
  if (!objects.length) return undefined;
  const contacts: string[] = [];
  const asked: string[] = [];
  for (const contact of findAll(draft, SOCIAL_CONTACT)) {
    const before = clauseBefore(draft, contact, 60);
    if (NEGATION.test(before) || BY_US.test(before)) continue;
    const found = askedFor(draft, contact, objects);
    if (!found.length) continue;
    contacts.push(contact.words);
    asked.push(...found.map((o) => o.words));
  }
  for (const contact of findAll(draft, ASK_TO_SEND)) {
    if (NEGATION.test(clauseBefore(draft, contact, 60))) continue;
    const sentence = sentenceAt(draft, contact.start);
    if (OTHER_CHANNEL.test(draft.plain.slice(sentence.start, sentence.end))) continue;
    const found = objects.filter(
      (o) => o.start >= contact.end && /^[\s,:]*(?:[\w']+\s+){0,3}$/.test(draft.plain.slice(contact.end, o.start)),
    );
    if (!found.length) continue;
    contacts.push(contact.words);
    asked.push(...found.map((o) => o.words));
  }
  if (!asked.length) return undefined;
  // A contact that holds what it asks for ("Pop your questions about your results in our inbox") is quoted alone.
  const shown = unique([...contacts, ...asked]);
  const outer = shown.filter((w) => !shown.some((other) => other !== w && other.includes(w)));
  const how = unique(contacts).filter((c) => outer.includes(c));
  const what = unique(asked).filter((a) => outer.includes(a));
  const invites = what.length ? `${quoteList(what)} by ${quoteList(how)}` : `medical or personal details with ${quoteList(how)}`;
  return {
    code: 'invites_contact',
    reason: `It asks for ${invites}, but social media is not the place for medical questions or personal details.`,
    fix: 'Ask people not to share medical or personal details here: "Please contact the practice directly; for urgent help use NHS 111, and in an emergency call 999."',
    words: outer,
  };
}
