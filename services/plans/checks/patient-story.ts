import { NAME_WORD, STAFF_ROLE, TITLED_NAME, mayBeNames } from './names';
import { type Draft, type Hit, anyCase, findAll, sentenceAt } from './text';

/**
 * A named person's health story: the words in a draft that tie a name to an
 * age, to being a patient, or to an illness or treatment ("Mrs Patel, 82,
 * came in with ...", "our patient John was diagnosed", "thank you to Margaret
 * for sharing her cancer journey"). Unnamed stories ("one of our patients,
 * who wishes to stay anonymous") are not found: they identify nobody.
 *
 * Names must be capitalised, so the patterns are case-sensitive; the words
 * around them go through anyCase() so "Thank you" and "thank you" both match.
 */

/** Words about a person's illness, care or body that make a story about them a health story. */
const HEALTH =
  "diagnos\\w*|cancer|tumou?r|chemo\\w*|radiotherapy|stroke|heart attack|heart failure|heart condition|dementia|alzheimer'?s|diabet\\w*|asthma|copd|epilep\\w*|seizures?|operation|had surgery|underwent surgery|after surgery|hip replacement|knee replacement|admitted|hospital|a&e|ambulance|intensive care|icu|treatment|treated|recover\\w*|illness|ill|condition|disease|sepsis|infection|pneumonia|covid|fractur\\w*|broken (?:hip|leg|arm|wrist)|broke (?:his|her|their)|a fall|had a fall|terminal|palliative|end of life|passed away|died|death|symptoms?|came in with|presented with|suffer\\w*|living with|lives with|pregnan\\w*|miscarriage|depression|anxiety|mental health|overdose|addiction|transplant|dialysis|amputat\\w*|blood pressure|chest pain|lump|scan|biopsy|prescri\\w*|medication|carer for|(?:test |blood |scan )?results";

/** Health words and routine care: enough to make a named person with an age a patient. */
const HEALTH_OR_CARE = `${HEALTH}|vaccin\\w*|jabs?|immunis\\w*|check-?ups?|health check|screening|smear|appointment|blood tests?|flu|booster`;

const HEALTH_WORD = new RegExp(`\\b(?:${HEALTH})\\b`, 'i');
const HEALTH_OR_CARE_WORD = new RegExp(`\\b(?:${HEALTH_OR_CARE})\\b`, 'i');
const PATIENT_WORD = /\bpatients?\b/i;

/** Someone named: a title and name, or one or two capitalised words. */
const PERSON = `(${TITLED_NAME}|${NAME_WORD}(?: ${NAME_WORD})?)`;

/** A name with an age: "Mrs Patel, 82," "John (67)", "Doris, aged 94", "82-year-old Mrs Patel". */
const AGE_AFTER = anyCase(
  '(?:,? \\(\\d{1,3}\\)|, (?:aged )?\\d{1,3}(?=,| who\\b| from\\b| was\\b| has\\b| had\\b| is\\b| came\\b| and\\b| said\\b)| aged \\d{1,3}\\b| (?:is|was|turned|turns|who is|who turned) \\d{1,3}(?: years old)?(?=[ ,.!]| and\\b))',
);
const AGE_BEFORE = `\\d{1,3}${anyCase('[- ]years?[- ]old')}`;
const NAMED_WITH_AGE = new RegExp(`\\b${PERSON}${AGE_AFTER}|\\b${AGE_BEFORE} ${PERSON}`, 'g');

/** A patient by name: "our patient John", "one of our patients, Margaret", "Arthur, one of our patients". */
const A_PATIENT = anyCase('(?:our|a|the|one of our|fellow|lovely|long-?standing) (?:\\w+ )?patients?');
const PATIENT_NAMED = new RegExp(
  `\\b${A_PATIENT},? ${anyCase('(?:called |named )?')}${PERSON}|\\b${PERSON},? ${anyCase("(?:who is |who's |is |has been )?")}${A_PATIENT}\\b`,
  'g',
);

/** What happens in a health story, soon after the person's name (at most five words between). */
const STORY_VERB = anyCase(
  [
    '(?:was|has been|had been|is|got) (?:recently |sadly |first |finally |just |newly )?(?:diagnosed|admitted|rushed|taken to hospital|treated for|discharged|referred|told (?:he|she|they) had|found to have|living with)',
    'came (?:in|to see us|into the surgery|to the practice)(?: \\w+)? with',
    'presented with|attended with|collapsed|suffered|suffers|is suffering',
    'had (?:a|an|his|her|their) (?:\\w+ )?(?:stroke|heart attack|fall|seizure|operation|surgery|transplant|scan|biopsy|amputation|miscarriage|diagnosis|breakdown|overdose)',
    'underwent|beat (?:his|her|their)|survived|fought|battled|lost (?:his|her|their) (?:\\w+ )?battle|passed away|died',
    'is recovering|has recovered|is now recovering|lives with|started (?:chemo|radiotherapy|treatment|dialysis)',
    'received (?:his|her|their) diagnosis|tested positive',
  ].join('|'),
);
const NAMED_STORY = new RegExp(`\\b${PERSON}(?:,? (?:[\\w'&-]+,? ){0,5}?)?(?:${STORY_VERB})\\b`, 'g');

/** "Thank you to Margaret for sharing her cancer journey", "Margaret bravely shares her story". */
const THANKS = anyCase('(?:thank(?:s| you|-you)?|grateful|gratitude|shout-?out)(?: so much| again)? (?:to |for )?');
const FOR_SHARING = anyCase(
  ',? (?:for (?:sharing|telling us|talking about|opening up about|being so open about|letting us share)|who (?:shared|told us|talked about|opened up about))',
);
const SHARES = anyCase(
  '(?:has |have )?(?:bravely |kindly |generously )?(?:shared|shares|told us|tells us|talks about|talked about|opens up about|opened up about|spoke about|speaks about|agreed to share)',
);
const NEXT_WORDS = "(?: [\\w'-]+){1,6}";
const SHARED_STORY = new RegExp(
  `\\b${THANKS}${PERSON}(?: and ${NAME_WORD})?${FOR_SHARING}${NEXT_WORDS}|\\b${PERSON} ${SHARES}${NEXT_WORDS}`,
  'g',
);
const STORY_OBJECT = new RegExp(
  `\\b(?:(?:${HEALTH}) (?:story|stories|journey|experience)|story|stories|journey|diagnosis|${HEALTH})\\b(?:(?: of| with)? (?:${HEALTH}))?`,
  'i',
);

/** "Margaret's cancer journey", "Mr Khan's diagnosis". */
const POSSESSIVE = new RegExp(
  `\\b${PERSON}'s ${anyCase(
    '(?:own |recent |ongoing |long |brave |amazing |inspiring )?(?:[\\w-]+ )?(?:story|journey|diagnosis|cancer|stroke|operation|surgery|treatment|condition|illness|recovery|dementia|tumou?r|chemo\\w*|results|symptoms|death|passing)\\b',
  )}`,
  'g',
);

/** A named person and their own condition in one sentence: "Jamal ... spoke about his depression and recovery". */
const THEIR_CONDITION = new RegExp(
  `\\b${PERSON}\\b[^.!?\\n]{0,90}?\\b${anyCase(
    "(?:his|her|their) (?:own |recent |ongoing |long |brave |sudden |early )?(?:[\\w'-]+ )?(?:diagnosis|cancer|stroke|heart attack|depression|anxiety|dementia|alzheimer's|diabetes|illness|condition|recovery|operation|surgery|treatment|chemo\\w*|radiotherapy|tumou?r|disease|mental health|addiction|miscarriage|breakdown|overdose|transplant)",
  )}\\b`,
  'g',
);

export interface StoryHit extends Hit {
  /** The words the reason quotes: the name (with what makes it a health story when that is elsewhere). */
  readonly quoted: readonly string[];
}

/** A colleague, not a patient: a role next to the name ("Mrs Jones, our practice manager", "nurse Sarah"). */
function nearStaffRole(draft: Draft, hit: Hit): boolean {
  const before = draft.plain
    .slice(Math.max(0, hit.start - 30), hit.start)
    .split(/\s+/)
    .slice(-3)
    .join(' ');
  const after = draft.plain
    .slice(hit.end, hit.end + 40)
    .split(/[.!?\n]/)[0]
    .split(/\s+/)
    .slice(0, 5)
    .join(' ');
  return STAFF_ROLE.test(before) || STAFF_ROLE.test(after);
}

function sentenceOf(draft: Draft, hit: Hit): string {
  const s = sentenceAt(draft, hit.start);
  return draft.plain.slice(s.start, Math.max(s.end, hit.end));
}

/**
 * Matches with the first person each names, when that person may be a name.
 * A match whose "name" is a sentence starter ("Sadly Margaret ...") is tried
 * again one character on, so the real name after it is still found.
 */
function matches(draft: Draft, pattern: RegExp): (Hit & { person: string })[] {
  const out: (Hit & { person: string })[] = [];
  const re = new RegExp(pattern.source, 'g');
  for (let m = re.exec(draft.plain); m; m = re.exec(draft.plain)) {
    const person = m.slice(1).find((g) => g !== undefined);
    if (!person || !mayBeNames(person)) {
      re.lastIndex = m.index + 1;
      continue;
    }
    const end = m.index + m[0].length;
    out.push({ words: draft.text.slice(m.index, end).trim(), start: m.index, end, person });
  }
  return out;
}

/** The named health stories in a draft. */
export function findPatientStories(draft: Draft): StoryHit[] {
  const found: StoryHit[] = [];
  const titled = new RegExp(`^${TITLED_NAME}`);

  // A name with an age: a titled person always; anyone else with health or care words beside them, or patients mentioned.
  for (const m of matches(draft, NAMED_WITH_AGE)) {
    if (nearStaffRole(draft, m)) continue;
    if (titled.test(m.person) || HEALTH_OR_CARE_WORD.test(sentenceOf(draft, m)) || PATIENT_WORD.test(draft.plain)) {
      found.push({ ...m, quoted: [m.words] });
    }
  }
  for (const m of matches(draft, PATIENT_NAMED)) found.push({ ...m, quoted: [m.words] });
  for (const m of matches(draft, NAMED_STORY)) found.push({ ...m, quoted: [m.words] });
  for (const m of matches(draft, SHARED_STORY)) {
    // Quote up to the word that makes it a health story ("... sharing her cancer journey").
    const tail = m.words.slice(m.person.length);
    const object = STORY_OBJECT.exec(tail);
    if (object) found.push({ ...m, quoted: [m.words.slice(0, m.person.length + object.index + object[0].length)] });
  }
  for (const m of matches(draft, POSSESSIVE)) found.push({ ...m, quoted: [m.words] });
  for (const m of matches(draft, THEIR_CONDITION)) {
    if (nearStaffRole(draft, m)) continue;
    const condition = /\b(?:his|her|their)\b(?![\s\S]*\b(?:his|her|their)\b)[\s\S]*$/i.exec(m.words);
    found.push({ ...m, quoted: [m.person, condition ? condition[0] : m.words] });
  }
  // A titled person and health words in the same sentence ("Mr Khan's hip operation went well").
  const healthIn = new Map<number, string | undefined>();
  for (const m of findAll(draft, new RegExp(`\\b${TITLED_NAME}`, 'g'))) {
    if (nearStaffRole(draft, m)) continue;
    const sentence = sentenceAt(draft, m.start);
    if (!healthIn.has(sentence.start)) {
      const health = HEALTH_WORD.exec(draft.plain.slice(sentence.start, sentence.end));
      healthIn.set(sentence.start, health ? draft.text.substr(sentence.start + health.index, health[0].length) : undefined);
    }
    const health = healthIn.get(sentence.start);
    if (health) found.push({ ...m, quoted: [m.words, health] });
  }
  return found;
}
