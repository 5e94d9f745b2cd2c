/**
 * UK calendar helpers, all in Europe/London wall-clock time (GMT in winter,
 * BST from the last Sunday of March to the last Sunday of October). Rounds
 * are UK calendar quarters: 2027-Q1 is January to March.
 */

export const LONDON = 'Europe/London';
const DAY_MS = 86_400_000;

export interface LocalDateTime {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
}

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/**
 * Readings already made, by instant. formatToParts costs about 10 us and the
 * same few instants (a quarter's start and end, today) are read over and over:
 * it was a tenth of the CPU of a national quick check opening (bench:morning).
 */
const readings = new Map<number, LocalDateTime>();
const MAX_READINGS = 2_000;

/** The London wall-clock reading of an instant. */
export function londonParts(at: Date): LocalDateTime {
  const ms = at.getTime();
  const known = readings.get(ms);
  if (known) return known;
  const reading = readLondon(at);
  if (readings.size >= MAX_READINGS) readings.clear();
  readings.set(ms, reading);
  return reading;
}

function readLondon(at: Date): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0 } = parts;
  return { year, month, day, hour, minute, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** London's offset from UTC at an instant, in ms (0 in GMT, 3,600,000 in BST). */
function offsetMs(instant: number): number {
  const p = londonParts(new Date(instant));
  const wall = Date.UTC(
    p.year,
    p.month - 1,
    p.day,
    p.hour,
    p.minute,
    new Date(instant).getUTCSeconds(),
    new Date(instant).getUTCMilliseconds(),
  );
  return wall - instant;
}

/**
 * The instant London's clocks show the given wall time. A time the clocks
 * skip (01:00-01:59 on the last Sunday of March) moves an hour on; a time they
 * show twice (01:00-01:59 on the last Sunday of October) is the later, GMT one.
 */
export function londonTime(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetMs(wall);
  const second = wall - offsetMs(first);
  return new Date(offsetMs(first) === offsetMs(second) ? second : Math.max(first, second));
}

/** Adds calendar days in London, keeping the wall-clock time (so 7 days across a clock change is 167 or 169 hours). */
export function addLondonDays(at: Date, days: number): Date {
  const p = londonParts(at);
  return londonTime(p.year, p.month, p.day + days, p.hour, p.minute);
}

export interface Quarter {
  readonly year: number;
  /** 1 to 4. */
  readonly quarter: number;
}

export function quarterOf(at: Date): Quarter {
  const p = londonParts(at);
  return { year: p.year, quarter: Math.floor((p.month - 1) / 3) + 1 };
}

/** `2027-Q1`. */
export function quarterId(at: Date): string {
  const q = quarterOf(at);
  return `${q.year}-Q${q.quarter}`;
}

export function parseQuarterId(id: string): Quarter {
  const m = /^(\d{4})-Q([1-4])$/.exec(id);
  if (!m) throw new Error(`Not a quarter id: ${id}`);
  return { year: Number(m[1]), quarter: Number(m[2]) };
}

/** Midnight in London on the quarter's first day. */
export function quarterStart(q: Quarter): Date {
  return londonTime(q.year, (q.quarter - 1) * 3 + 1, 1);
}

/** Midnight in London on the next quarter's first day: the instant the quarter ends. */
export function quarterEnd(q: Quarter): Date {
  return q.quarter === 4
    ? quarterStart({ year: q.year + 1, quarter: 1 })
    : quarterStart({ year: q.year, quarter: q.quarter + 1 });
}

/** The day of the month (1 to 3) of a month's first Monday-to-Friday day. */
export function firstWeekdayOfMonth(year: number, month: number): number {
  const weekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return weekday === 6 ? 3 : weekday === 0 ? 2 : 1;
}

/** The quarter's first weekday (Monday to Friday; bank holidays are not skipped), as a London date. */
export function firstWeekdayOfQuarter(q: Quarter): { year: number; month: number; day: number } {
  const month = (q.quarter - 1) * 3 + 1;
  return { year: q.year, month, day: firstWeekdayOfMonth(q.year, month) };
}

/** The ISO week of the London date, `2027-W05` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekId(at: Date): string {
  const p = londonParts(at);
  const date = Date.UTC(p.year, p.month - 1, p.day);
  const isoWeekday = p.weekday === 0 ? 7 : p.weekday;
  const thursday = new Date(date + (4 - isoWeekday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The London date, `2027-03-28`. */
export function londonDateId(at: Date): string {
  const p = londonParts(at);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
