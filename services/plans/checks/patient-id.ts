import type { PlanWarning } from '../../domain/warnings';
import { findBirthDates } from './birth-dates';
import { findNhsNumbers } from './nhs-number';
import { findPatientStories } from './patient-story';
import { type Draft, quoteList, unique } from './text';

/** Words not already inside a longer quoted phrase ("Mrs Begum" goes when "Mrs Begum, 74" is quoted). */
function outermost(words: readonly string[]): string[] {
  return words.filter((w) => !words.some((other) => other !== w && other.includes(w)));
}

/**
 * patient_id: something in the draft could identify a patient: an NHS
 * number, a date of birth, or a named person's health story.
 */
export function checkPatientId(draft: Draft): PlanWarning | undefined {
  const numbers = unique(findNhsNumbers(draft).map((h) => h.words));
  const births = unique(findBirthDates(draft).map((h) => h.words));
  const stories = findPatientStories(draft);
  if (!numbers.length && !births.length && !stories.length) return undefined;

  const parts: string[] = [];
  if (numbers.length) parts.push(`${quoteList(numbers)} (${numbers.length > 1 ? 'valid NHS numbers' : 'a valid NHS number'})`);
  if (births.length) parts.push(`${quoteList(births)} (${births.length > 1 ? 'dates of birth' : 'a date of birth'})`);
  const storyWords = outermost(unique(stories.flatMap((s) => s.quoted)));
  if (stories.length) parts.push(`${quoteList(storyWords)} (a named person's health)`);

  const fixes: string[] = [];
  if (numbers.length || births.length) fixes.push('take out the NHS number and date of birth');
  if (stories.length) fixes.push("leave out the person's name, age and health details");
  return {
    code: 'patient_id',
    reason: `It has ${parts.join(' and ')}, which could identify a patient.`,
    fix: `Never share patient details on social media: ${fixes.join(' and ')}, and post a patient's story only with their written consent.`,
    words: unique([...numbers, ...births, ...storyWords]),
  };
}
