import * as chrono from 'chrono-node';
import type { DayRange, LondonDay } from '../domain';
import { addDays, dayFromParts, dayOf, lastDayOfMonth, mondayOf, monthOf, weekdayOf, yearOf } from '../domain/days';

/**
 * The days a question is about, read the way people in England write them:
 * "3/12" is 3 December, "w/c 2 Dec" is that week, "next Tues", "this
 * quarter", "after Christmas", "in the next 6 weeks", "over the next
 * fortnight". Phrases about periods are read here; single dates and ranges
 * ("from 1 to 14 December") by chrono's British parser.
 */
export interface AskedRange {
  readonly range: DayRange;
  /** How the question put it, for the answer's title ("in December", "next week"). */
  readonly said: string;
}

/** What "coming up" means when no period is given. */
export const DEFAULT_WEEKS_AHEAD = 6;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
};
const DAY_NAMES: Record<string, string> = {
  mon: 'monday',
  tue: 'tuesday',
  tues: 'tuesday',
  wed: 'wednesday',
  weds: 'wednesday',
  thu: 'thursday',
  thur: 'thursday',
  thurs: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
};

const monthNumber = (word: string) => MONTHS.indexOf(word.slice(0, 3)) + 1;
const count = (word: string) => NUMBER_WORDS[word] ?? Number(word);

function weeks(from: LondonDay, n: number, said: string): AskedRange {
  return { range: { start: from, end: addDays(from, n * 7 - 1) }, said };
}

function wholeMonth(year: number, month: number): DayRange {
  return { start: dayFromParts(year, month, 1), end: lastDayOfMonth(year, month) };
}

/** A named month: this year's while it has not ended, else next year's. */
function nextMonthNamed(today: LondonDay, month: number, year?: number): DayRange {
  if (year) return wholeMonth(year, month);
  const thisYear = yearOf(today);
  return month >= monthOf(today) ? wholeMonth(thisYear, month) : wholeMonth(thisYear + 1, month);
}

/** The calendar quarter a day is in (January to March, ...), as a range. */
function quarterOf(day: LondonDay): DayRange {
  const first = Math.floor((monthOf(day) - 1) / 3) * 3 + 1;
  return { start: dayFromParts(yearOf(day), first, 1), end: lastDayOfMonth(yearOf(day), first + 2) };
}

/** Meteorological seasons: spring is March to May, and so on; winter runs December to February. */
const SEASONS: Record<string, number> = { spring: 3, summer: 6, autumn: 9, fall: 9, winter: 12 };

function season(today: LondonDay, start: number): DayRange {
  const year = yearOf(today);
  const range = (y: number) => ({
    start: dayFromParts(y, start, 1),
    end: lastDayOfMonth(start === 12 ? y + 1 : y, ((start + 1) % 12) + 1),
  });
  const current = range(start === 12 && monthOf(today) <= 2 ? year - 1 : year);
  return current.end < today ? range(year + 1) : current;
}

/** A rule reads the match, or gives undefined to let the next rule try. */
type Rule = readonly [RegExp, (m: RegExpExecArray, today: LondonDay) => AskedRange | undefined];

/** Periods people name, tried in order: the first that matches wins. */
const RULES: readonly Rule[] = [
  [
    /\b(?:w\/?c|week (?:commencing|beginning|starting|of))\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\w+)/,
    (m, today) => {
      const month = monthNumber(m[2]!);
      if (month < 1) return undefined;
      const day = Number(m[1]);
      const named = nextMonthNamed(today, month);
      const start = mondayOf(dayFromParts(yearOf(named.start), month, day));
      return weeks(start, 1, `the week of ${m[1]} ${m[2]}`);
    },
  ],
  [
    /\b(?:the )?(?:next|coming|following) (\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve) (day|week|month)s?\b/,
    (m, today) => {
      const n = count(m[1]!);
      const unit = m[2]!;
      const end =
        unit === 'day' ? addDays(today, n - 1) : unit === 'week' ? addDays(today, n * 7 - 1) : addDays(addMonths(today, n), -1);
      return { range: { start: today, end }, said: `in the next ${n} ${unit}${n === 1 ? '' : 's'}` };
    },
  ],
  [/\b(?:the )?(?:next|coming) fortnight\b|\bfortnight\b/, (_m, today) => weeks(today, 2, 'in the next fortnight')],
  [/\btoday\b/, (_m, today) => ({ range: { start: today, end: today }, said: 'today' })],
  [/\btomorrow\b/, (_m, today) => ({ range: { start: addDays(today, 1), end: addDays(today, 1) }, said: 'tomorrow' })],
  [
    /\bthis weekend\b/,
    (_m, today) => {
      const saturday = addDays(mondayOf(today), 5);
      return { range: { start: saturday, end: addDays(saturday, 1) }, said: 'this weekend' };
    },
  ],
  [
    /\b(?:this|the current) week\b/,
    // At the weekend, "this week" is mostly about the days ahead: it runs to the end of the coming week.
    (_m, today) => {
      const weekend = weekdayOf(today) === 0 || weekdayOf(today) === 6;
      return { range: { start: today, end: addDays(mondayOf(today), weekend ? 13 : 6) }, said: 'this week' };
    },
  ],
  [/\b(?:next|the following) week\b/, (_m, today) => weeks(addDays(mondayOf(today), 7), 1, 'next week')],
  [
    /\b(?:this|the current) month\b/,
    (_m, today) => ({
      range: { start: today, end: lastDayOfMonth(yearOf(today), monthOf(today)) },
      said: 'this month',
    }),
  ],
  [
    /\bnext month\b/,
    (_m, today) => {
      const first = addMonths(dayFromParts(yearOf(today), monthOf(today), 1), 1);
      return { range: wholeMonth(yearOf(first), monthOf(first)), said: 'next month' };
    },
  ],
  [
    /\b(?:this|the current) quarter\b/,
    (_m, today) => ({ range: { start: today, end: quarterOf(today).end }, said: 'this quarter' }),
  ],
  [/\bnext quarter\b/, (_m, today) => ({ range: quarterOf(addDays(quarterOf(today).end, 1)), said: 'next quarter' })],
  [
    /\b(?:this|the rest of the) year\b/,
    (_m, today) => ({ range: { start: today, end: dayFromParts(yearOf(today), 12, 31) }, said: 'this year' }),
  ],
  [
    /\bnext year\b/,
    (_m, today) => ({
      range: { start: dayFromParts(yearOf(today) + 1, 1, 1), end: dayFromParts(yearOf(today) + 1, 12, 31) },
      said: 'next year',
    }),
  ],
  [
    /\b(?:before|until|up to|in the run up to) (?:christmas|xmas)\b/,
    (_m, today) => {
      const christmas = christmasFrom(today);
      return { range: { start: today, end: addDays(christmas, -1) }, said: 'before Christmas' };
    },
  ],
  [
    /\b(?:over|at|around|during) (?:christmas|xmas)(?: and (?:the )?new year)?\b|\bfestive (?:period|season)\b/,
    (_m, today) => {
      const christmas = christmasFrom(today);
      return { range: { start: addDays(christmas, -1), end: addDays(christmas, 8) }, said: 'over Christmas' };
    },
  ],
  [
    /\bafter (?:christmas|xmas)\b|\bin the new year\b|\bnew year\b/,
    (_m, today) => {
      const christmas = christmasFrom(today);
      return {
        range: { start: addDays(christmas, 2), end: dayFromParts(yearOf(christmas) + 1, 1, 31) },
        said: 'after Christmas',
      };
    },
  ],
];

/** Whole months and seasons: tried after explicit dates, so "14th Jan" is a day and "1 to 14 December" a fortnight. */
const LATE_RULES: readonly Rule[] = [
  [
    /\b(spring|summer|autumn|fall|winter)\b/,
    (m, today) => ({ range: season(today, SEASONS[m[1]!]!), said: `in ${m[1] === 'fall' ? 'autumn' : m[1]}` }),
  ],
  [
    new RegExp(
      `\\b(in|for|during|over|throughout|across|of|on|by|until)?\\s*${MONTH_WORD}(?:\\s+(20\\d\\d))?\\b(?!\\s*\\d)`,
      'g',
    ),
    (m, today) => {
      // "may" is a month only after "in", "for"... or before a year: "what may be coming up" is not about May.
      if (m[2] === 'may' && !m[1] && !m[3]) return undefined;
      const month = monthNumber(m[2]!);
      const range = nextMonthNamed(today, month, m[3] ? Number(m[3]) : undefined);
      return { range, said: `in ${monthLong(month)}${m[3] ? ` ${m[3]}` : ''}` };
    },
  ],
];

function monthLong(month: number): string {
  return new Date(Date.UTC(2026, month - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
}

function christmasFrom(today: LondonDay): LondonDay {
  const thisYear = dayFromParts(yearOf(today), 12, 25);
  // Into January, "after Christmas" is still about the one just gone.
  return monthOf(today) === 1 ? dayFromParts(yearOf(today) - 1, 12, 25) : thisYear;
}

function addMonths(day: LondonDay, months: number): LondonDay {
  const total = yearOf(day) * 12 + monthOf(day) - 1 + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const date = Math.min(Number(day.slice(8, 10)), Number(lastDayOfMonth(year, month).slice(8, 10)));
  return dayFromParts(year, month, date);
}

/** Abbreviations chrono does not know, and "Jan 14" written the American way round. */
function forChrono(text: string): string {
  return text
    .replace(/\b(mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)\b\.?/g, (w) => DAY_NAMES[w.replace('.', '')] ?? w)
    .replace(new RegExp(`\\b${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*[:/])`, 'g'), '$2 $1');
}

/** Explicit dates and ranges, by chrono's en-GB parser (day first). */
function explicitDates(text: string, today: LondonDay): AskedRange | undefined {
  const reference = new Date(`${today}T12:00:00Z`);
  const results = chrono.en.GB.parse(forChrono(text), reference, { forwardDate: true });
  const certain = results.filter((r) => r.start.isCertain('day') || r.start.isCertain('weekday'));
  const first = certain[0];
  if (!first) return undefined;
  const start = dayOf(first.start.date());
  const second = certain[1];
  const endDate = first.end?.date() ?? (second ? second.start.date() : undefined);
  const end = endDate ? dayOf(endDate) : start;
  if (end < start) return { range: { start: end, end: start }, said: `${first.text}` };
  return { range: { start, end }, said: second && !first.end ? `${first.text} to ${second.text}` : first.text };
}

/** The days a question asks about, or undefined when it names none (the caller picks a default). */
export function askedRange(question: string, today: LondonDay): AskedRange | undefined {
  const text = question.toLowerCase().replace(/[’']/g, '').replace(/\s+/g, ' ');
  return byRules(RULES, text, today) ?? explicitDates(text, today) ?? byRules(LATE_RULES, text, today);
}

function byRules(rules: readonly Rule[], text: string, today: LondonDay): AskedRange | undefined {
  for (const [pattern, read] of rules) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.global ? pattern.exec(text) : null) {
      const found = read(m, today);
      if (found) return found;
    }
  }
  return undefined;
}

/** "Coming up": from today for DEFAULT_WEEKS_AHEAD weeks. */
export function comingUp(today: LondonDay): AskedRange {
  return weeks(today, DEFAULT_WEEKS_AHEAD, `in the next ${DEFAULT_WEEKS_AHEAD} weeks`);
}
