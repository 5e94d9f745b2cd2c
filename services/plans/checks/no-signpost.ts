import type { PlanWarning } from '../../domain/warnings';
import { type Draft, alternatives, findAll, quoteList, sentenceAt, unique } from './text';

/**
 * no_signpost: the draft is about something clinical or urgent but does not
 * tell people both where to get urgent help (NHS 111) and what to do in an
 * emergency (999 or A&E). Practice policies say "call 111 for urgent help,
 * 999 in an emergency" wherever health worries come up.
 *
 * Posts about routine services (flu clinic dates, opening hours, repeat
 * prescriptions, the NHS App) are not clinical-urgent and need neither.
 */

/** Emergencies and red-flag symptoms (NHS "when to call 999" and "get help from 111" lists). */
const URGENT = [
  // heart, breathing and circulation
  'chest pains?',
  'chest tightness',
  'tight chest',
  'heart attacks?',
  'cardiac arrest',
  '(?:difficulty|difficulties|trouble|struggling|problems?) (?:with )?breathing',
  "(?:struggling|fighting|unable|hard|difficult|can't|cannot) (?:to )?breathe",
  '(?:lips|skin|tongue|face) (?:turn(?:s|ing)?|going|goes|look(?:s|ing)?|is|are) (?:blue|grey|gray)',
  'breathing (?:difficulty|difficulties|problems?)',
  'short(?:ness)? of breath',
  'breathless(?:ness)?',
  "(?:can't|cannot|unable to|not) breathe?",
  'not breathing',
  'choking',
  'blue lips',
  '(?:breathing (?:very )?(?:fast|quickly|noisy|noisily|rapid(?:ly)?|laboured)(?: or (?:noisy|fast|laboured))?)',
  '(?:fast|rapid|noisy|laboured|grunting) breathing',
  'grunting',
  '(?:struggling|unable|not able) to feed',
  'not feeding',
  'floppy',
  'mottled',
  '(?:hard|difficult) to wake',
  'asthma attacks?',
  'severe bleeding',
  'heavy bleeding',
  "bleeding (?:that|which) (?:won't|will not|does not|doesn't) stop",
  'coughing (?:up )?blood',
  'vomiting blood',
  'blood in (?:your |their )?(?:poo|pee|stools?|urine|wee|sick)',
  // brain and nerves
  'strokes?',
  'face (?:has )?dropp(?:ed|ing)',
  'drooping',
  'slurred speech',
  'sudden confusion',
  'seizures?',
  'unconscious',
  'unresponsive',
  'collaps(?:e|ed|es|ing)',
  'fainting',
  'head injur(?:y|ies)',
  'severe headaches?',
  'sudden (?:severe )?headaches?',
  'meningitis',
  'stiff neck',
  // infection and allergy
  'sepsis',
  'septic',
  "rash (?:that|which) (?:doesn't|does not|won't|will not) fade",
  'non-?blanching rash',
  'glass test',
  'anaphyla(?:xis|ctic)',
  'allergic reactions?',
  'swelling of (?:the |your )?(?:lips|tongue|throat|face|mouth)',
  'swollen (?:lips|tongue|throat)',
  // poisoning, injury, heat and cold
  'overdos(?:e|es|ed|ing)',
  'poison(?:ing|ed)?',
  'swallowed (?:a |an |some )?(?:battery|batteries|magnets?|tablets|pills|chemicals?)',
  'severe burns?',
  'serious burns?',
  'broken bones?',
  'fractures?',
  'heatstroke',
  'heat stroke',
  'heat exhaustion',
  'hypothermia',
  'dehydrat(?:ed|ion)',
  'severe (?:abdominal |stomach |tummy |chest )?pain',
  'sudden (?:severe )?pain',
  // mental health crisis
  'suicid(?:e|al)',
  'self-?harm(?:ing)?',
  '(?:harm|hurt|harming|hurting) (?:yourself|themselves|himself|herself)',
  '(?:ending|end|take|taking) (?:your|their|my) (?:own )?life',
  'mental health (?:crisis|emergency)',
  'in (?:a )?crisis',
  'crisis (?:line|team|support)',
  'panic attacks?',
  'psychosis',
  // general
  // any symptoms, except the cravings of giving up smoking or alcohol
  '(?<!withdrawal |nicotine |cravings and )symptoms?',
  'rash(?:es)?',
  'lumps?',
  'diarrh(?:o)?ea',
  'vomiting',
  'being sick',
  'sickness bug',
  'norovirus',
  '(?<!hay )fevers?',
  'high temperatures?',
  'signs of',
  'red flags?',
  'medical emergenc(?:y|ies)',
  'life-?threatening',
  '(?:get|seek|call for) (?:urgent |immediate |emergency )?medical (?:help|advice|attention)',
  'get help (?:straight away|immediately|urgently|quickly|fast|now)',
  'unexplained (?:weight loss|bleeding|bruising|pain|lumps?)',
  'persistent (?:cough|pain|headaches?|diarrh(?:o)?ea|vomiting|fever|heartburn|bloating)',
  'palpitations',
  'sudden (?:weakness|numbness|dizziness|loss of (?:vision|sight|speech|balance)|blurred vision)',
  'blurred vision',
  'jaundice',
  'urgent (?:medical )?(?:help|care|advice|attention|treatment)',
  'seriously (?:ill|unwell)',
  'very (?:ill|unwell|poorly)',
  // symptoms that last: "a cough that won't shift", "pain that doesn't go away"
  "(?:won't|will not|doesn't|does not|hasn't|has not) (?:go(?:ne)? away|shift(?:ed)?|clear(?:ed)? up|got better|get better|improve[ds]?|settle[ds]?|heal(?:ed)?)",
  'gets? worse',
  'getting worse',
  'worsen(?:s|ing)?',
];

/** Any temperature counts in a sentence about babies (NHS: a baby under 3 months with 38C or more needs urgent advice). */
const FEVER = /\b(?:high )?temperatures?\b/gi;
const BABIES = /\b(?:bab(?:y|ies)|infants?|newborns?|toddlers?|under (?:3|three|6|six) months|months old|little ones?)\b/i;

/** A condition in a charity's name ("the Stroke Association", "UK Sepsis Trust") is not the topic of the post. */
const ORGANISATION = '(?: (?:association|foundation|trust|society|research|uk|charity|alliance|federation)\\b)';
const URGENT_WORDS = new RegExp(`\\b(?:${alternatives(URGENT)})\\b(?!${ORGANISATION})`, 'gi');

/** NHS 111: "call 111", "NHS 111", "111 online", "111.nhs.uk", or 111 standing alone. */
const SIGNPOST_111 = /(?<![\d.,£$])\b111\b(?!\d|[.,]\d|(?:st|th)\b)|\bNHS ?111\b|111\.nhs\.uk/i;
/** An emergency: 999 standing alone (not the start of a longer number), A&E or the emergency department. */
const SIGNPOST_999 =
  /(?<![\d.,£$])\b999\b(?!\d|[.,]\d|[ -]\d)|\bA ?& ?E\b|\bA and E\b|\baccident (?:and|&) emergency\b|\bemergency department\b/i;

export function checkNoSignpost(draft: Draft): PlanWarning | undefined {
  const topics = findAll(draft, URGENT_WORDS);
  for (const fever of findAll(draft, FEVER)) {
    const sentence = sentenceAt(draft, fever.start);
    if (BABIES.test(draft.plain.slice(sentence.start, sentence.end))) topics.push(fever);
  }
  if (!topics.length) return undefined;

  const has111 = SIGNPOST_111.test(draft.plain);
  const has999 = SIGNPOST_999.test(draft.plain);
  if (has111 && has999) return undefined;

  const words = unique(topics.sort((a, b) => a.start - b.start).map((h) => h.words));
  const missing =
    !has111 && !has999
      ? 'does not signpost NHS 111 or 999'
      : has111
        ? 'does not say to call 999 in an emergency'
        : 'does not signpost NHS 111 for urgent help';
  return {
    code: 'no_signpost',
    reason: `It mentions ${quoteList(words)} but ${missing}.`,
    fix: 'Add "For urgent medical help, use NHS 111 online or call 111; in an emergency, call 999."',
    words,
  };
}
