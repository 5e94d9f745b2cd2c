import type { LondonDay } from '../domain';
import { weekdayOf } from '../domain/days';

/**
 * Bank holidays in England and Wales, 2026 to 2028, from GOV.UK
 * (https://www.gov.uk/bank-holidays, also as JSON at
 * https://www.gov.uk/bank-holidays.json, the "england-and-wales" division),
 * substitute days included (Boxing Day 2026 falls on a Saturday: Monday 28
 * December; Christmas and Boxing Day 2027 on a weekend: 27 and 28 December;
 * New Year's Day 2028 on a Saturday: Monday 3 January). 2028 is as the
 * usual rules give it: GOV.UK publishes dates about two years ahead.
 *
 * To update: copy the "england-and-wales" events' `date` values for the new
 * years from the JSON above into this list (keep it sorted), add any special
 * one-off holiday it lists, and extend LAST_KNOWN_YEAR. The refresh check
 * runs on every weekday of a later year until then, and says so in the log.
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly LondonDay[] = [
  '2026-01-01', // New Year's Day
  '2026-04-03', // Good Friday
  '2026-04-06', // Easter Monday
  '2026-05-04', // Early May bank holiday
  '2026-05-25', // Spring bank holiday
  '2026-08-31', // Summer bank holiday
  '2026-12-25', // Christmas Day
  '2026-12-28', // Boxing Day (substitute day)
  '2027-01-01', // New Year's Day
  '2027-03-26', // Good Friday
  '2027-03-29', // Easter Monday
  '2027-05-03', // Early May bank holiday
  '2027-05-31', // Spring bank holiday
  '2027-08-30', // Summer bank holiday
  '2027-12-27', // Christmas Day (substitute day)
  '2027-12-28', // Boxing Day (substitute day)
  '2028-01-03', // New Year's Day (substitute day)
  '2028-04-14', // Good Friday
  '2028-04-17', // Easter Monday
  '2028-05-01', // Early May bank holiday
  '2028-05-29', // Spring bank holiday
  '2028-08-28', // Summer bank holiday
  '2028-12-25', // Christmas Day
  '2028-12-26', // Boxing Day
];

/** The last year the list above covers. */
export const LAST_KNOWN_YEAR = 2028;

const HOLIDAYS = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);

export function isBankHoliday(day: LondonDay): boolean {
  return HOLIDAYS.has(day);
}

/** Monday to Friday and not a bank holiday in England and Wales. */
export function isWorkingDay(day: LondonDay): boolean {
  const weekday = weekdayOf(day);
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(day);
}
