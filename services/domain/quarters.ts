/**
 * UK calendar quarters in Europe/London: `2027-Q1` is January to March 2027.
 * A quarter runs from 00:00 London time on its first day up to (not
 * including) 00:00 London time on the first day of the next. The London
 * time maths is the scheduler's (services/scheduler/calendar.ts), so rounds
 * and the jobs that open and close them agree to the minute; this module
 * adds what the quick check needs on top: ids, labels and stepping.
 *
 * Ids stay calendar quarters (they are stored in rounds, answers and keys),
 * but people see and type NHS financial-year quarters: the year runs April
 * to March, so `2026-Q4` (October to December 2026) is "Q3 2026/27".
 */
import {
  firstWeekdayOfQuarter,
  londonParts,
  quarterEnd as calendarQuarterEnd,
  quarterOf as calendarQuarterOf,
  quarterStart as calendarQuarterStart,
} from './london-time';
import { monthName } from './days';
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
const MONTHS = Array.from({ length: 12 }, (_, i) => monthName(i + 1));

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

const MONTH_NUMBERS = new Map<string, number>(
  MONTHS.flatMap((name, i) => [
    [name.toLowerCase(), i + 1],
    [name.slice(0, 3).toLowerCase(), i + 1],
  ]),
).set('sept', 9);
const FY = String.raw`(\d{4}|\d{2})\s*[/-]\s*(\d{4}|\d{2})`;
const FY_QUARTER_FIRST = new RegExp(String.raw`^q([1-4])\s*(?:fy\s*)?${FY}$`);
const FY_YEAR_FIRST = new RegExp(String.raw`^(?:fy\s*)?${FY}\s*q([1-4])$`);
const CALENDAR_ID_TEXT = /^(\d{4})(?:-|\s+)q([1-4])$/;
const MONTH_TEXT = /^([a-z]+)(?:\s+(\d{4}))?$/;
const BARE_FY_QUARTER = /^q([1-4])$/;
const THIS_QUARTER = /^(?:the\s+)?(?:this|current)\s+quarter$/;
const LAST_QUARTER = /^(?:the\s+)?(?:last|previous)\s+quarter$/;

const inRange = (q: Quarter) => q.year >= 2000 && q.year <= 2199;

/** The April start year of "2026/27", "26/27", "2026-2027"; undefined when the two years do not follow on. */
function financialStartYear(first: string, second: string): number | undefined {
  const start = first.length === 2 ? 2000 + Number(first) : Number(first);
  const end = Number(second);
  const follows = second.length === 2 ? end === (start + 1) % 100 : end === start + 1;
  return follows ? start : undefined;
}

function fromFinancialText(n: string, first: string, second: string): Quarter | undefined {
  const start = financialStartYear(first, second);
  return start === undefined ? undefined : financialQuarter(start, Number(n) as QuarterNumber);
}

/** Lower case, single spaces, no trailing full stop or question mark: how typed text is compared. */
export function normaliseQuarterText(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.?!]+$/, '')
    .trim();
}

/**
 * Reads a quarter as people type it, relative to `now` (London time):
 * "Q3 2026/27", "q3 2026-27", "Q3 26/27", "2026/27 Q3" (financial year);
 * "this quarter", "last quarter", "previous quarter"; a month, "October"
 * (the most recent October not in the future) or "October 2026"; "Q3" (the
 * most recent financial-year Q3 that has started); and the ids "2026-Q3" and
 * "2026 Q3" (calendar quarters). Undefined for anything else, including
 * years outside 2000 to 2199 and "Q3 2026" (which financial year?).
 */
export function parseQuarterText(text: string, now: Date): Quarter | undefined {
  const t = normaliseQuarterText(text);
  const current = quarterOf(now);
  let result: Quarter | undefined;
  let m: RegExpExecArray | null;
  if (THIS_QUARTER.test(t)) result = current;
  else if (LAST_QUARTER.test(t)) result = previousQuarter(current);
  else if ((m = FY_QUARTER_FIRST.exec(t))) result = fromFinancialText(m[1], m[2], m[3]);
  else if ((m = FY_YEAR_FIRST.exec(t))) result = fromFinancialText(m[3], m[1], m[2]);
  else if ((m = CALENDAR_ID_TEXT.exec(t))) result = quarter(Number(m[1]), Number(m[2]) as QuarterNumber);
  else if ((m = BARE_FY_QUARTER.exec(t))) {
    const thisYear = financialQuarter(financialYearOf(current), Number(m[1]) as QuarterNumber);
    result = compareQuarters(thisYear, current) > 0 ? quartersBefore(thisYear, 4) : thisYear;
  } else if ((m = MONTH_TEXT.exec(t)) && MONTH_NUMBERS.has(m[1])) {
    const month = MONTH_NUMBERS.get(m[1]) ?? 1;
    const today = londonParts(now);
    // A month on its own is the latest one not in the future: in September, "October" is last October.
    const year = m[2] ? Number(m[2]) : month <= today.month ? today.year : today.year - 1;
    result = quarter(year, (Math.floor((month - 1) / 3) + 1) as QuarterNumber);
  }
  return result && inRange(result) ? result : undefined;
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

/** The financial year (starting April) that holds the quarter, by the calendar year it starts in: `2027-Q1` is in 2026/27. */
export function financialYearOf(q: Quarter): number {
  return q.quarter === 1 ? q.year - 1 : q.year;
}

/** The quarter's number within its financial year: April to June is 1, January to March is 4. */
export function financialQuarterNumber(q: Quarter): QuarterNumber {
  return (q.quarter === 1 ? 4 : q.quarter - 1) as QuarterNumber;
}

/** The calendar quarter of financial-year quarter `n` of the year starting in April `startYear`: (2026, 3) is `2026-Q4`. */
export function financialQuarter(startYear: number, n: QuarterNumber): Quarter {
  return n === 4 ? quarter(startYear + 1, 1) : quarter(startYear, (n + 1) as QuarterNumber);
}

/** "2026/27": the financial year starting in April of `startYear`. */
export function financialYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** "October to December 2026": the quarter's months. */
export function quarterMonthsLabel(q: Quarter): string {
  const m = firstMonth(q);
  return `${MONTHS[m - 1]} to ${MONTHS[m + 1]} ${q.year}`;
}

/** "Q3 2026/27 (October to December 2026)": the quarter as NHS staff name it, with its months. */
export function quarterLabel(q: Quarter): string {
  return `${quarterShortLabel(q)} (${quarterMonthsLabel(q)})`;
}

/** "Q3 2026/27": for narrow grid headings and wherever the months are already shown. */
export function quarterShortLabel(q: Quarter): string {
  return `Q${financialQuarterNumber(q)} ${financialYearLabel(financialYearOf(q))}`;
}

/**
 * The quarter's first weekday (Monday to Friday) as a London calendar date.
 * Bank holidays are not considered: 1 January is a weekday here, so a PCN
 * that does not want a card on New Year's Day sets its own schedule.
 */
export function firstWeekday(q: Quarter): { year: number; month: number; day: number } {
  return firstWeekdayOfQuarter(q);
}
