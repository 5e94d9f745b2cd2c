import { type Draft, type Hit, findAll } from './text';

/**
 * NHS numbers: ten digits, the last a modulus 11 check digit.
 *
 * The check: multiply the first nine digits by 10, 9, ... 2 and add them up;
 * the check digit is 11 minus the remainder of that sum divided by 11, where
 * 11 becomes 0 and 10 means the nine digits can never be an NHS number.
 *
 * Which ten digits count (decided for this project):
 * - written "943 476 5919" (3-3-4, spaces or hyphens, the same both times) or
 *   unbroken "9434765919". Other groupings ("01234 567890", "020 7946 0000")
 *   are how telephone numbers are written, not NHS numbers;
 * - not part of a longer run of digits or digit groups ("0161 496 0000" holds
 *   "161 496 0000", which is not counted), and not after "+44" or "(0)";
 * - not starting with 0. Every UK telephone number dialled at home starts
 *   with 0, and NHS numbers issued in England, Wales and the Isle of Man
 *   start with 3 to 9, so a leading 0 is read as a telephone number even
 *   when its check digit happens to work (as "012 345 6789" does);
 * - with a valid check digit: ten digits that fail it are not an NHS number
 *   (most telephone, reference and order numbers fail it).
 */

/** True when ten digits (spaces and hyphens ignored) carry a valid modulus 11 check digit. */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/**
 * Ten digits as an NHS number is written: 3-3-4 with one kind of separator,
 * or unbroken; not inside a longer number, and not after an international
 * dialling code or "(0)".
 */
const CANDIDATE = /(?<![\d+])(?<!\d[ -])(?<!\+\d{1,3}[ -]?)(?<!\(0\)[ -]?)\d{3}([ -]?)\d{3}\1\d{4}(?![ -]?\d)/g;

/** The NHS numbers written in a draft. */
export function findNhsNumbers(draft: Draft): Hit[] {
  return findAll(draft, CANDIDATE).filter((hit) => !hit.words.startsWith('0') && isValidNhsNumber(hit.words));
}
