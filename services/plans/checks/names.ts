/**
 * Telling a person's name from the other capitalised words a practice
 * writes: sentence starters, days and months, NHS words, campaigns and
 * charities. A name here is a capitalised word that is none of these; a
 * title ("Mrs Patel") makes a name whatever follows it.
 */

/** A capitalised word, with hyphens and apostrophes inside ("O'Connor", "Smith-Jones"); "'s" is not part of it. */
export const NAME_WORD =
  "(?:[A-Z]')?[A-Z\\u00C0-\\u00DE][a-z\\u00DF-\\u00FF]+(?:[-'][A-Za-z\\u00C0-\\u00FF][a-z\\u00DF-\\u00FF]+)*";

/** Titles a patient might be given; "Dr", "Nurse" and "Prof" are left out because they name staff. */
export const PATIENT_TITLE = '(?:Mr|Mrs|Ms|Miss|Mx|Master)\\.?';

/** "Mrs Patel", "Mr P", "Ms Anna Nowak". */
export const TITLED_NAME = `${PATIENT_TITLE} (?:${NAME_WORD}|[A-Z]\\b\\.?)(?: ${NAME_WORD})?`;

/** Capitalised words that are not names (lower case here; compared folded). */
const NOT_NAMES = new Set(
  [
    // pronouns, determiners, question words and other sentence starters
    'i he she they we you it its his her hers their theirs our ours my your this that these those there here',
    'a an the and but or so if when while whilst as because since after before until though although also then',
    'who whom whose what which where why how whoever anyone anybody someone somebody everyone everybody no one nobody none',
    'each every all any some many most much more few several both either neither one two three four five other another',
    'people patients patient person man men woman women child children baby babies parents parent families family carers',
    'mum dad mother father son daughter wife husband partner grandma grandad granny nan grandparents friends friend',
    'staff team colleagues everyone please thank thanks thankyou sadly unfortunately fortunately thankfully happily luckily',
    'recently today yesterday tomorrow tonight now last next this earlier later soon still just even only already once',
    'well yes hi hello dear welcome congratulations congrats huge big great good very really sorry note remember',
    'did do does is are was were has have had will would can could should may might must shall let lets here',
    'not never nothing always often sometimes usually again even after meanwhile however also following',
    // verbs and words that start a post's sentences ("Meet Priya", "Join Sam")
    'meet meeting introducing introduce say join joining read watch listen hear find see ask visit call book happy proud',
    'celebrating celebrate remember support supporting share sharing help helping get keep stay look',
    // calendar words
    'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun',
    'january february march april may june july august september october november december',
    'jan feb mar apr jun jul aug sep sept oct nov dec christmas easter new year eve day boxing bank holiday',
    'spring summer autumn winter week weekend month',
    // NHS, practice and health words that are capitalised in headings and names of things
    'nhs gp gps surgery practice practices medical centre center health healthcare clinic clinics hospital pharmacy',
    'primary care network pcn integrated board icb trust foundation service services group groups participation',
    'reception receptionist nurse nurses doctor doctors dr sister matron pharmacist manager team app online',
    'flu covid vaccine vaccines vaccination vaccinations jab jabs booster screening cancer diabetes dementia stroke',
    'mental heart lung kidney blood pressure asthma sepsis hospice research society association charity uk',
    // campaigns and charities that posts name
    'stoptober movember dry january macmillan marie curie cancer research samaritans mind age british stroke',
    'alzheimers alzheimer diabetes shout papyrus carers rethink young minds youngminds sane',
    // places and other common headings
    'street road lane avenue close way park town city village county england wales scotland britain london',
    'update news reminder important notice information info tip tips fact facts myth myths question questions',
  ]
    .join(' ')
    .split(/\s+/),
);

/** True when a capitalised word may be a person's name. */
export function mayBeName(word: string): boolean {
  const folded = word.toLowerCase().replace(/'s$/, '').replace(/'/g, '');
  return !NOT_NAMES.has(folded);
}

/** True when every word of a name (after its title) may be a name. */
export function mayBeNames(words: string): boolean {
  const parts = words
    .replace(new RegExp(`^${PATIENT_TITLE}\\s+`), '')
    .split(/[\s,]+/)
    .filter(Boolean);
  if (/^(?:Mr|Mrs|Ms|Miss|Mx|Master)\b/.test(words)) return parts.length > 0;
  return parts.length > 0 && parts.every(mayBeName);
}

/**
 * Staff and their roles: a name next to one of these ("Mrs Jones, our practice
 * manager", "nurse Sarah") is a colleague, not a patient.
 */
export const STAFF_ROLE =
  /\b(?:GPs?|doctors?|Dr|nurses?|sister|matron|pharmacists?|manager|receptionists?|administrators?|admin|partners?|physicians?|paramedics?|physio\w*|HCAs?|(?:health ?care|care) assistants?|consultants?|surgeons?|clinicians?|practitioners?|midwi(?:fe|ves)|health visitors?|prescribers?|co-?ordinators?|navigators?|lead|director|colleagues?|trainees?|registrars?|students?|volunteers?|secretar(?:y|ies)|dispensers?|phlebotomists?|apprentices?|coach(?:es)?|therapists?|counsellors?|dietitians?|podiatrists?|team|staff|joins?|joined|joining|retir\w+)\b/i;
