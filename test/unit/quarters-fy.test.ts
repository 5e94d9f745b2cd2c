import {
  financialQuarter,
  parseQuarter,
  parseQuarterText,
  quarter,
  quarterLabel,
  quarterOf,
  quarterShortLabel,
} from '../../services/domain/quarters';
import { ValidationError } from '../../services/errors';
import { parseResultsArgument } from '../../services/quick-check/results';

/** 5 October 2026, 09:30 in London (BST): Q3 2026/27, calendar 2026-Q4. */
const OCTOBER = new Date('2026-10-05T08:30:00Z');
/** 31 March 2027, 23:30 in London (BST): still Q4 2026/27. */
const LAST_HOUR_OF_MARCH = new Date('2027-03-31T22:30:00Z');
/** 1 April 2027, 00:30 in London (BST), still 31 March in UTC: Q1 2027/28 has begun. */
const FIRST_HOUR_OF_APRIL = new Date('2027-03-31T23:30:00Z');
/** 31 December 2026, 23:30 in London (GMT). */
const NEW_YEARS_EVE = new Date('2026-12-31T23:30:00Z');
/** 1 January 2027, 00:00 in London (GMT). */
const NEW_YEARS_DAY = new Date('2027-01-01T00:00:00Z');

const id = (text: string, now = OCTOBER) => parseQuarterText(text, now)?.id;

describe('Financial-year quarters: what people see', () => {
  it.each([
    [quarter(2026, 2), 'Q1 2026/27 (April to June 2026)', 'Q1 2026/27'],
    [quarter(2026, 3), 'Q2 2026/27 (July to September 2026)', 'Q2 2026/27'],
    [quarter(2026, 4), 'Q3 2026/27 (October to December 2026)', 'Q3 2026/27'],
    [quarter(2027, 1), 'Q4 2026/27 (January to March 2027)', 'Q4 2026/27'],
    [quarter(2027, 2), 'Q1 2027/28 (April to June 2027)', 'Q1 2027/28'],
    [quarter(2099, 4), 'Q3 2099/00 (October to December 2099)', 'Q3 2099/00'],
  ])('when %j is labelled, then it reads "%s" (short "%s")', (q, label, short) => {
    expect(quarterLabel(q)).toBe(label);
    expect(quarterShortLabel(q)).toBe(short);
  });

  it('when the ids are stored, then they stay calendar quarters: Q4 2026/27 is 2027-Q1, Q1 2027/28 is 2027-Q2', () => {
    expect(financialQuarter(2026, 4).id).toBe('2027-Q1');
    expect(financialQuarter(2027, 1).id).toBe('2027-Q2');
    expect(financialQuarter(2026, 3).id).toBe('2026-Q4');
  });

  it('when it is 23:30 on 31 March in London, then it is Q4 2026/27; at 00:30 on 1 April (BST, still 31 March in UTC) it is Q1 2027/28', () => {
    expect(quarterShortLabel(quarterOf(LAST_HOUR_OF_MARCH))).toBe('Q4 2026/27');
    expect(quarterShortLabel(quarterOf(FIRST_HOUR_OF_APRIL))).toBe('Q1 2027/28');
  });

  it('when the calendar year turns, then the financial year does not: 31 December is Q3 2026/27, 1 January Q4 2026/27', () => {
    expect(quarterShortLabel(quarterOf(NEW_YEARS_EVE))).toBe('Q3 2026/27');
    expect(quarterShortLabel(quarterOf(NEW_YEARS_DAY))).toBe('Q4 2026/27');
  });
});

describe('Financial-year quarters: what people type', () => {
  it.each([
    ['Q3 2026/27', '2026-Q4'],
    ['q3 2026-27', '2026-Q4'],
    ['Q3 26/27', '2026-Q4'],
    ['2026/27 Q3', '2026-Q4'],
    ['2026-27 q3', '2026-Q4'],
    ['Q3 2026/2027', '2026-Q4'],
    ['  Q3   2026 / 27 ', '2026-Q4'],
    ['Q3 FY2026/27', '2026-Q4'],
    ['Q4 2026/27', '2027-Q1'],
    ['Q1 2027/28', '2027-Q2'],
    ['Q1 2026/27', '2026-Q2'],
  ])('when "%s" is typed, then it is the calendar quarter %s', (text, expected) => {
    expect(id(text)).toBe(expected);
  });

  it.each([
    ['2026-Q3', '2026-Q3'],
    ['2026 q3', '2026-Q3'],
    ['2027-q1', '2027-Q1'],
  ])('when today\'s id form "%s" is typed, then it is still the calendar quarter %s', (text, expected) => {
    expect(id(text)).toBe(expected);
  });

  it.each([
    'Q3 2026/28',
    'Q3 2026/26',
    'Q5 2026/27',
    'Q3 2026',
    'Q0',
    'Q3 1999/00',
    '1999 Q1',
    'Q4 2199/00',
    'Smarch',
    'Octobre',
    'October 26',
    '2027Q1',
    '',
  ])('when "%s" is typed, then it is not a quarter', (text) => {
    expect(parseQuarterText(text, OCTOBER)).toBeUndefined();
  });

  it('when "this quarter", "last quarter" or "previous quarter" is typed, then they count from now', () => {
    expect(id('this quarter')).toBe('2026-Q4');
    expect(id('current quarter')).toBe('2026-Q4');
    expect(id('last quarter')).toBe('2026-Q3');
    expect(id('the previous quarter')).toBe('2026-Q3');
    expect(id('Last Quarter.')).toBe('2026-Q3');
  });

  it('when "last quarter" is asked across 31 March and 1 April in London, then it follows the London date', () => {
    expect(id('last quarter', LAST_HOUR_OF_MARCH)).toBe('2026-Q4');
    expect(id('last quarter', FIRST_HOUR_OF_APRIL)).toBe('2027-Q1');
    expect(id('this quarter', FIRST_HOUR_OF_APRIL)).toBe('2027-Q2');
  });

  it('when "last quarter" is asked across 31 December and 1 January, then it steps back across the calendar year', () => {
    expect(id('last quarter', NEW_YEARS_EVE)).toBe('2026-Q3');
    expect(id('last quarter', NEW_YEARS_DAY)).toBe('2026-Q4');
  });

  it.each([
    ['October', '2026-Q4'],
    ['oct', '2026-Q4'],
    ['September', '2026-Q3'],
    ['sept', '2026-Q3'],
    ['November', '2025-Q4'],
    ['December', '2025-Q4'],
    ['January', '2026-Q1'],
    ['October 2026', '2026-Q4'],
    ['Oct 2025', '2025-Q4'],
    ['March 2027', '2027-Q1'],
  ])('when it is 5 October 2026 and "%s" is typed, then it is the latest such month not in the future: %s', (text, expected) => {
    expect(id(text)).toBe(expected);
  });

  it('when a month is typed on the last evening of a year or of March, then the London date decides which year it means', () => {
    expect(id('January', NEW_YEARS_EVE)).toBe('2026-Q1');
    expect(id('January', NEW_YEARS_DAY)).toBe('2027-Q1');
    expect(id('April', LAST_HOUR_OF_MARCH)).toBe('2026-Q2');
    expect(id('April', FIRST_HOUR_OF_APRIL)).toBe('2027-Q2');
  });

  it('when a bare "Q3" is typed, then it is the latest financial-year Q3 that has started', () => {
    expect(id('Q3')).toBe('2026-Q4');
    expect(id('Q1')).toBe('2026-Q2');
    expect(id('Q4')).toBe('2026-Q1');
    expect(id('Q4', FIRST_HOUR_OF_APRIL)).toBe('2027-Q1');
    expect(id('Q1', LAST_HOUR_OF_MARCH)).toBe('2026-Q2');
  });

  it('when a card button carries an id, then parseQuarter still reads ids only', () => {
    expect(parseQuarter('2026-Q4')?.id).toBe('2026-Q4');
    expect(parseQuarter('Q3 2026/27')).toBeUndefined();
  });
});

describe('parseResultsArgument: the words after "results"', () => {
  const parse = (text: string, now = OCTOBER) => parseResultsArgument(text, now);
  const quarterRequest = (quarterId: string) => ({ kind: 'quarter', quarter: parseQuarter(quarterId) });

  it.each([
    ['', { kind: 'current' }],
    [' this quarter', { kind: 'current' }],
    [' for this quarter', { kind: 'current' }],
    [' trend', { kind: 'trend' }],
    [' Trends', { kind: 'trend' }],
    [' for trend', { kind: 'trend' }],
  ])('when the argument is "%s", then it is %j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each([
    [' last quarter', '2026-Q3'],
    [' for last quarter', '2026-Q3'],
    [' for the previous quarter', '2026-Q3'],
    [' previous quarter?', '2026-Q3'],
    [' Q3 2026/27', '2026-Q4'],
    [' for Q2 2026/27', '2026-Q3'],
    [' q3 2026-27', '2026-Q4'],
    [' Q3 26/27', '2026-Q4'],
    [' 2026/27 Q3', '2026-Q4'],
    [' October', '2026-Q4'],
    [' for October', '2026-Q4'],
    [' in October', '2026-Q4'],
    [' October 2026', '2026-Q4'],
    [' November', '2025-Q4'],
    [' 2026-Q3', '2026-Q3'],
    [' 2026 Q3', '2026-Q3'],
  ])('when the argument is "%s", then it is the quarter %s', (text, expected) => {
    expect(parse(text)).toEqual(quarterRequest(expected));
  });

  it('when "results for last quarter" is typed on the first hour of April, then it is Q4 of the year just ended', () => {
    expect(parse(' for last quarter', FIRST_HOUR_OF_APRIL)).toEqual(quarterRequest('2027-Q1'));
  });

  it('when the financial year is left out ("Q3 2026"), then the reply offers both years it could be', () => {
    expect(() => parse(' Q3 2026')).toThrow(ValidationError);
    expect(() => parse(' Q3 2026')).toThrow(
      'Which financial year? Type **results Q3 2025/26** for October to December 2025 or **results Q3 2026/27** for October to December 2026.',
    );
  });

  it.each([' yesterday', ' 2026-Q5', ' 2026-Q3 please', ' for', ' Q3 2026/28', ' next quarter'])(
    'when the argument is "%s", then the reply explains what to type, with last quarter as the example',
    (text) => {
      let error: unknown;
      try {
        parse(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).userMessage).toBe(
        `I didn't understand "${text.trim()}". Type **results** for this quarter, **results last quarter** or a quarter such as **results Q2 2026/27** or **results October**, or **results trend** for the last four quarters.`,
      );
    },
  );
});
