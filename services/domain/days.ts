import type { DayRange, LondonDay } from './campaigns';
import { londonDateId } from './london-time';

/**
 * London calendar days (`YYYY-MM-DD`) as plain dates: campaigns, plans and
 * questions ask "which days", never "which instants", so the arithmetic is
 * done on UTC midnights where no clock change can move a day.
 */

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The London day an instant falls on. */
export function dayOf(at: Date): LondonDay {
  return londonDateId(at);
}

export function isDay(text: string): text is LondonDay {
  const m = DAY.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** Midnight UTC of the day: for arithmetic only, never shown. */
function utc(day: LondonDay): Date {
  const m = DAY.exec(day);
  if (!m) throw new Error(`Not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

export function dayFromParts(year: number, month: number, date: number): LondonDay {
  return new Date(Date.UTC(year, month - 1, date)).toISOString().slice(0, 10);
}

export function addDays(day: LondonDay, days: number): LondonDay {
  return new Date(utc(day).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: LondonDay, b: LondonDay): number {
  return Math.round((utc(b).getTime() - utc(a).getTime()) / DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(day: LondonDay): number {
  return utc(day).getUTCDay();
}

export function yearOf(day: LondonDay): number {
  return Number(day.slice(0, 4));
}

/** 1 to 12. */
export function monthOf(day: LondonDay): number {
  return Number(day.slice(5, 7));
}

/** The Monday of the week the day is in (UK weeks start on Monday). */
export function mondayOf(day: LondonDay): LondonDay {
  return addDays(day, -((weekdayOf(day) + 6) % 7));
}

export function lastDayOfMonth(year: number, month: number): LondonDay {
  return dayFromParts(year, month + 1, 0);
}

export function overlaps(a: DayRange, b: DayRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function contains(range: DayRange, day: LondonDay): boolean {
  return range.start <= day && day <= range.end;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function monthName(month: number): string {
  return MONTHS[month - 1] ?? '';
}

/** "Thursday 1 October 2026"; without the year when `withYear` is false ("Thursday 1 October"). */
export function formatDay(day: LondonDay, withYear = true): string {
  const d = utc(day);
  const text = `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return withYear ? `${text} ${d.getUTCFullYear()}` : text;
}

/**
 * A range in the house style: "Thursday 5 February 2026" for one day,
 * "Thursday 1 October to Saturday 31 October 2026" within a year, and
 * "Tuesday 1 September 2026 to Wednesday 31 March 2027" across years.
 */
export function formatDayRange(range: DayRange): string {
  if (range.start === range.end) return formatDay(range.start);
  const sameYear = yearOf(range.start) === yearOf(range.end);
  return `${formatDay(range.start, !sameYear)} to ${formatDay(range.end)}`;
}
