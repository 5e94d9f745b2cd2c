import type { PlanWarning } from '../../domain/warnings';
import { type Draft, findAll, quoteList, unique } from './text';

/**
 * argumentative: an argumentative, defensive or sarcastic reply to a member
 * of the public. The guidance says "Don't be drawn into debates" and
 * "Welcome feedback always with positive tone and language".
 */

/** Telling someone they are wrong, or that what they said is false. */
const CONTRADICTING = [
  "(?:that|this|which|it)(?:'s| is| was) (?:simply|just|absolutely|completely|totally|patently|categorically|plainly|clearly|frankly|utterly|entirely) (?:nonsense|rubbish|ridiculous|absurd|a lie|lies)",
  "(?:that|this)(?:'s| is) (?:just |simply )?not how (?:it|this|things|the nhs|general practice) works?",
  "(?:that|this)(?:'s| is) (?:nonsense|rubbish|ridiculous|absurd|a lie|lies|a complete lie)",
  '(?:complete|total|utter|absolute) (?:rubbish|nonsense|lies|garbage|drivel|tosh|fabrication|fiction|fantasy)',
  "you(?:'re| are) (?:simply |just |completely |totally |clearly |obviously |quite )?(?:wrong|mistaken|incorrect|lying|misinformed|ignorant|confused|deluded|being unreasonable|being rude|out of order)",
  "(?:your|this|that|the) (?:comment|claim|post|review|complaint|accusation|allegation|suggestion|story|version)s? (?:[\\w']+ ){0,10}?(?:is|are|was|were) (?:completely |totally |simply |entirely |utterly )?(?:false|untrue|wrong|inaccurate|misleading|unfair|ridiculous|nonsense|rubbish|baseless|unfounded|malicious|defamatory)",
  '(?:is|are|was) (?:complete |utter |total |absolute )?(?:nonsense|rubbish|drivel|tosh|fiction)',
  '(?:baseless|unfounded|malicious|defamatory|ridiculous|absurd|pathetic|false) (?:claims?|accusations?|allegations?|lies|comments?)',
  '(?:stop|quit) (?:spreading|posting|making up|telling|writing) (?:these |such |your )?(?:lies|misinformation|rumours|nonsense|fake news|falsehoods|untruths)',
  'spreading (?:lies|misinformation|rumours|fake news|falsehoods)',
  'liars?',
  "(?:you're|you are|they're|they are|stop) (?:telling )?(?:lies|lying)",
  'contrary to what you',
  'despite what you (?:say|said|claim|think|may think)',
  'whatever you (?:may )?(?:think|say|believe)',
];

/** Talking down to someone: "if you had bothered to read", "do your research", "as we have already explained". */
const CONDESCENDING = [
  "if you(?: had|'d) (?:actually |only |just )?(?:bothered|taken the time|read|looked|listened|checked|paid attention)",
  '(?:had you|if you) (?:actually |even |only )?bothered',
  '(?:do|did) you (?:even|actually|honestly|really|seriously) (?:read|think|know|understand|expect|believe)',
  '(?:do|try doing) (?:your|some) (?:own )?research',
  '(?:educate yourself|google it|learn to read)',
  '(?:get|check) your facts',
  'read (?:the|our|this|it|my) ?(?:post|message|notice|sign|website)? (?:again|properly)',
  'read (?:it )?properly',
  "(?:as|like) (?:we(?:'ve| have)?|i(?:'ve| have)?) (?:already|repeatedly|clearly) (?:said|stated|explained|told you|made clear|pointed out)",
  '(?:as|like) (?:we|i) (?:said|explained|told you)(?: (?:several|many|numerous|countless|multiple) times| repeatedly| before| already| again and again)',
  'for the (?:last|hundredth|umpteenth|final|third|fifth) time',
  '(?:as )?(?:clearly|plainly) (?:stated|written|explained|says|said)',
  'it clearly says',
  '(?:perhaps|maybe) (?:you should|next time|you need to|(?:try|read|check|look|learn|ask|think|google))',
  "you (?:clearly|obviously) (?:do not|don't|did not|didn't|have not|haven't|cannot|can't|are not|aren't|never)",
  '(?:clearly|obviously),? (?:you|someone|some people)',
  'you seem to (?:think|forget|have forgotten|believe|be under the impression)',
  'you need to understand',
  'people like you',
  "some people (?:just |will |really )?(?:never|always|can't|cannot|don't|need to)",
  'keyboard warriors?',
  'trolls?',
];

/** Defensive or hostile: "we will not tolerate", "not our fault", "frankly". */
const DEFENSIVE = [
  "(?:we|i) (?:will not|won't|do not|don't|shall not|cannot|can't|refuse to) (?:tolerate|accept|put up with|stand for)",
  'will not be tolerated',
  '(?:not|never) (?:be )?(?:able to |going to |prepared to |willing to )?tolerat(?:e|ed)',
  '(?:quite )?frankly',
  'with (?:all )?due respect',
  '(?:have|has) nothing to apologi[sz]e for',
  "(?:it's|it is|that's|that is|this is|this isn't|it isn't) (?:not )?(?:our|the practice's|the surgery's|my) (?:fault|problem)",
  "not (?:our|the practice's|the surgery's|my) (?:fault|problem)",
  '(?:your|their) own fault',
  '(?:only have yourself|have only yourself|yourself) to blame',
  'how dare',
  "you (?:didn't|did not|never|failed to) (?:even )?(?:bother|read|listen|turn up|show up|check|look)",
  '(?:is it|it is|is that) (?:really )?too much to ask',
  "we(?:'ve| have)? (?:done|did) nothing wrong",
  '(?:moan(?:ing|ers?)?|whing(?:e|eing|ing|ers?)|whin(?:e|ing|ers?)|rant(?:ing)?|kick(?:s|ing|ed)? off at)',
  "(?:if you don't|if you do not) like it",
  '(?:get over it|sorry not sorry)',
  "(?:feel free|you(?:'re| are) (?:welcome|free)) to (?:register|go|move|take your custom) (?:elsewhere|somewhere else)",
  '(?:take|taking) (?:your|their|his|her) (?:business|custom|registration) (?:elsewhere|somewhere else)',
  '(?:register|go|move|look) elsewhere',
  '(?:how many (?:more )?times) (?:do|must|will|have|did|should) (?:we|i) (?:have to |need to )?(?:say|tell|explain|repeat|remind)',
  '(?:^|[.!?]\\s+)(?:wrong|incorrect|false|untrue|nonsense|rubbish|not true|nope)[.!]',
  '(?:no one|nobody|no-one) (?:is )?(?:forcing|making) you',
  'thanks? (?:you )?for (?:the|your) (?:expert (?:opinion|advice|view)|words of wisdom|valuable (?:input|insight|contribution))',
  '(?:you|you clearly|you obviously|clearly you|obviously you) know (?:better|best)',
  'shame on you',
  'you should be ashamed',
  '(?:grow up|calm down)',
  "that's your (?:opinion|problem)",
  "we(?:'re| are) not (?:miracle workers|magicians|mind readers)",
  "we don't (?:appreciate|need) (?:your|comments|this|people)",
  'we do not (?:appreciate|need) (?:your|comments|this|people)',
  "not that it(?:'s| is) any of your business",
  '(?:nice try|good luck with that|funny how|newsflash|surprise,? surprise|oh (?:really|dear|please)|yeah right)',
  '(?:^|[.!?]\\s+)(?:really|seriously)\\?',
];

/**
 * Saying something is untrue: argumentative in a reply ("That's simply not
 * true."), but fine when busting a myth or a rumour that is going round
 * ("Myth: ... That's not true.", "a post circulating ... This is untrue").
 */
const DENIAL = new RegExp(
  [
    "\\b(?:that|this|which|it)(?:'s| is| was) (?:simply |just |absolutely |completely |totally |patently |categorically |plainly |clearly |frankly |utterly |entirely )?(?:not true|untrue|false|incorrect|wrong|misleading|not the case)\\b",
    '\\b(?:absolutely|totally|completely|simply|categorically) (?:false|untrue|not true)\\b',
  ].join('|'),
  'gi',
);
const MYTH_OR_RUMOUR =
  /\bmyths?\b|\bfact(?:s|\s*:)|\bmisconceptions?\b|\bmyth-?bust|\brumou?rs?\b|\bcirculating\b|\bgoing (?:a)?round\b|\bdoing the rounds\b|\bmisinformation\b|\bfake news\b/i;

const ARGUING = new RegExp(`(?<![\\w'])(?:${[...CONTRADICTING, ...CONDESCENDING, ...DEFENSIVE].join('|')})(?![\\w'])`, 'gi');

export function checkArgumentative(draft: Draft): PlanWarning | undefined {
  const hits = findAll(draft, ARGUING);
  if (!MYTH_OR_RUMOUR.test(draft.plain)) hits.push(...findAll(draft, DENIAL));
  if (!hits.length) return undefined;
  const quoted = unique(hits.sort((a, b) => a.start - b.start).map((h) => h.words.replace(/^[.!?\s]+/, '')));
  return {
    code: 'argumentative',
    reason: `It says ${quoteList(quoted)}, which reads as arguing with a member of the public.`,
    fix: "Thank them for their feedback in a positive tone, don't be drawn into a debate, and offer to talk privately (saying so in the reply).",
    words: quoted,
  };
}
