/**
 * UK calendar quarters in Europe/London: `2027-Q1` is January to March 2027.
 * A quarter runs from 00:00 London time on its first day up to (not
 * including) 00:00 London time on the first day of the next. The London
 * time maths is the scheduler's (services/scheduler/calendar.ts), so rounds
 * and the jobs that open and close them agree to the minute; this module
 * adds what the quick check needs on top: ids, labels and stepping.
 */
import {
  firstWeekdayOfQuarter,
  quarterEnd as calendarQuarterEnd,
  quarterOf as calendarQuarterOf,
  quarterStart as calendarQuarterStart,
} from './london-time';
import { formatLondonDate } from './london-dates';

export { LONDON, londonParts, londonTime } from './london-time';

export type QuarterNumber = 1 | 2 | 3 | 4;

export interface Quarter {
  readonly year: number;
  readonly quarter: QuarterNumber;
  /** `2027-Q1`: the id rounds, answers and idempotency keys use. */
  readonly id: string;
}

const QUARTER_ID = /^(\d{4})-Q([1-4])$/i;
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

export function quarter(year: number, n: QuarterNumber): Quarter {
  return { year, quarter: n, id: `${year}-Q${n}` };
}

/** Parses `2027-Q1` (any case); undefined for anything else, including years outside 2000 to 2199. */
export function parseQuarter(text: string): Quarter | undefined {
  const match = QUARTER_ID.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 2000 || year > 2199) return undefined;
  return quarter(year, Number(match[2]) as QuarterNumber);
}

/** The quarter London is in at `instant`. */
export function quarterOf(instant: Date): Quarter {
  const q = calendarQuarterOf(instant);
  return quarter(q.year, q.quarter as QuarterNumber);
}

export function nextQuarter(q: Quarter): Quarter {
  return q.quarter === 4 ? quarter(q.year + 1, 1) : quarter(q.year, (q.quarter + 1) as QuarterNumber);
}

export function previousQuarter(q: Quarter): Quarter {
  return q.quarter === 1 ? quarter(q.year - 1, 4) : quarter(q.year, (q.quarter - 1) as QuarterNumber);
}

/** Negative when a is earlier than b, 0 when the same quarter, positive when later. */
export function compareQuarters(a: Quarter, b: Quarter): number {
  return a.year * 4 + a.quarter - (b.year * 4 + b.quarter);
}

/** The quarter `n` quarters before (negative n: after) `q`. */
export function quartersBefore(q: Quarter, n: number): Quarter {
  const index = q.year * 4 + (q.quarter - 1) - n;
  return quarter(Math.floor(index / 4), ((index % 4) + 1) as QuarterNumber);
}

function firstMonth(q: Quarter): number {
  return (q.quarter - 1) * 3 + 1;
}

/** 00:00 London time on the quarter's first day. */
export function quarterStart(q: Quarter): Date {
  return calendarQuarterStart(q);
}

/** 00:00 London time on the next quarter's first day: the quarter ends just before it. */
export function quarterEnd(q: Quarter): Date {
  return calendarQuarterEnd(q);
}

/** The quarter's last calendar day, for people, in the house style: "Wednesday 31 March 2027". */
export function quarterLastDayLabel(q: Quarter): string {
  // The last millisecond of the quarter is on its last day in London, whatever the clocks do.
  return formatLondonDate(new Date(quarterEnd(q).getTime() - 1));
}

/** "January to March 2027". */
export function quarterLabel(q: Quarter): string {
  const m = firstMonth(q);
  return `${MONTHS[m - 1]} to ${MONTHS[m + 1]} ${q.year}`;
}

/** "Jan to Mar 2027": for narrow grid headings. */
export function quarterShortLabel(q: Quarter): string {
  const m = firstMonth(q);
  return `${MONTHS[m - 1].slice(0, 3)} to ${MONTHS[m + 1].slice(0, 3)} ${q.year}`;
}

/**
 * The quarter's first weekday (Monday to Friday) as a London calendar date.
 * Bank holidays are not considered: 1 January is a weekday here, so a PCN
 * that does not want a card on New Year's Day sets its own schedule.
 */
export function firstWeekday(q: Quarter): { year: number; month: number; day: number } {
  return firstWeekdayOfQuarter(q);
}
