import { type Draft, type Hit, findAll } from './text';

/**
 * Dates of birth: a birth word with a date right after it ("DOB 12/03/1948",
 * "date of birth: 3 April 1956", "born on 3/4/1956", "born 12.3.48").
 *
 * Decided for this project: the words alone ("have your date of birth ready
 * when you call", "send us your DOB") hold no one's date of birth, so they do
 * not count here (asking for one on social media is invites_contact).
 * Eligibility ranges ("children born between 1 September 2019 and 31 August
 * 2021", "born on or after 1 April 1958") are not anyone's birthday either.
 */

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

/** A full date: "3/4/1956", "03.04.56", "1956-04-03", "3rd April 1956", "April 3, 1956". */
const DATE = `(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})\\b|\\d{4}-\\d{2}-\\d{2}\\b|\\d{1,2}(?:st|nd|rd|th)?(?: of)? ${MONTH}\\.?,? \\d{4}\\b|${MONTH}\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}\\b)`;

const BIRTH_WORD = '(?:d\\.?o\\.?b\\.?|date of birth|birth ?date|born on|born)';

/** A birth word, a little punctuation or "is"/"was", then a date that does not start a range ("born 1 May 2020 to ..."). */
const BIRTH_DATE = new RegExp(
  `\\b${BIRTH_WORD}\\s*(?:[:=(-]\\s*)?(?:(?:is|was|of)\\s+)?${DATE}(?!\\s*(?:to|-|and|until|till|or)\\b)`,
  'gi',
);

/** The dates of birth written in a draft. */
export function findBirthDates(draft: Draft): Hit[] {
  return findAll(draft, BIRTH_DATE);
}
