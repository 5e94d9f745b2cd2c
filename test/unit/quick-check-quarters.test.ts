import { formatLondonDate, formatLondonDateTime } from '../../services/domain/london-dates';
import {
  compareQuarters,
  firstWeekday,
  nextQuarter,
  parseQuarter,
  previousQuarter,
  quarter,
  quarterEnd,
  quarterLabel,
  quarterLastDayLabel,
  quarterOf,
  quartersBefore,
  quarterStart,
} from '../../services/domain/quarters';

describe('UK quarters in Europe/London', () => {
  it('when it is 00:30 on 1 April in London (still 31 March in UTC, BST), then it is already Q2', () => {
    expect(quarterOf(new Date('2027-03-31T23:30:00Z')).id).toBe('2027-Q2');
    expect(quarterOf(new Date('2027-03-31T22:59:59Z')).id).toBe('2027-Q1');
  });

  it('when a quarter starts in BST, then its start is 23:00 UTC the day before; in GMT it is midnight UTC', () => {
    expect(quarterStart(quarter(2027, 2)).toISOString()).toBe('2027-03-31T23:00:00.000Z');
    expect(quarterStart(quarter(2027, 1)).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(quarterEnd(quarter(2027, 3)).toISOString()).toBe('2027-09-30T23:00:00.000Z');
    expect(quarterEnd(quarter(2026, 4)).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('when stepping across a year, then previous and next quarters wrap', () => {
    expect(previousQuarter(quarter(2027, 1)).id).toBe('2026-Q4');
    expect(nextQuarter(quarter(2026, 4)).id).toBe('2027-Q1');
    expect(quartersBefore(quarter(2027, 1), 3).id).toBe('2026-Q2');
    expect(compareQuarters(quarter(2026, 4), quarter(2027, 1))).toBeLessThan(0);
  });

  it.each([
    ['2027-Q1', '2027-Q1'],
    ['2026-q3', '2026-Q3'],
    [' 2026-Q4 ', '2026-Q4'],
  ])('when "%s" is parsed, then it is %s', (text, id) => {
    expect(parseQuarter(text)?.id).toBe(id);
  });

  it.each(['2027-Q5', '2027Q1', 'Q1-2027', '1999-Q1', '2027-Q1; drop', ''])('when "%s" is parsed, then it is refused', (text) => {
    expect(parseQuarter(text)).toBeUndefined();
  });

  it('when a quarter starts on a weekend, then its first weekday is the Monday after', () => {
    expect(firstWeekday(quarter(2028, 1))).toEqual({ year: 2028, month: 1, day: 3 });
    expect(firstWeekday(quarter(2027, 2))).toEqual({ year: 2027, month: 4, day: 1 });
    expect(firstWeekday(quarter(2028, 3))).toEqual({ year: 2028, month: 7, day: 3 });
  });

  it('when labelled, then quarters read as months and their last day', () => {
    expect(quarterLabel(quarter(2027, 1))).toBe('Q4 2026/27 (January to March 2027)');
    expect(quarterLastDayLabel(quarter(2027, 1))).toBe('Wednesday 31 March 2027');
    expect(quarterLastDayLabel(quarter(2028, 1))).toBe('Friday 31 March 2028');
    expect(quarterLastDayLabel(quarter(2026, 3))).toBe('Wednesday 30 September 2026');
  });

  it('when a date is shown, then it is in UK time whatever the season', () => {
    expect(formatLondonDateTime('2026-12-07T10:15:00Z')).toBe('Monday 7 December 2026, 10:15');
    expect(formatLondonDateTime('2027-06-07T09:15:00Z')).toBe('Monday 7 June 2027, 10:15');
    expect(formatLondonDate('2027-03-31T23:30:00Z')).toBe('Thursday 1 April 2027');
  });
});
