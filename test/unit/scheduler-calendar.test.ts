import {
  addLondonDays,
  firstWeekdayOfQuarter,
  isoWeekId,
  londonDateId,
  londonParts,
  londonTime,
  parseQuarterId,
  quarterEnd,
  quarterId,
  quarterStart,
} from '../../services/domain/london-time';

describe('UK calendar helpers (Europe/London)', () => {
  it('when it is 23:30 UTC on 31 March 2027 (00:30 BST on 1 April), then it is already the second quarter', () => {
    expect(quarterId(new Date('2027-03-31T22:59:59Z'))).toBe('2027-Q1');
    expect(quarterId(new Date('2027-03-31T23:30:00Z'))).toBe('2027-Q2');
  });

  it('when it is 23:30 UTC on 31 December 2027 (GMT), then it is still the last quarter of 2027', () => {
    expect(quarterId(new Date('2027-12-31T23:30:00Z'))).toBe('2027-Q4');
    expect(quarterId(new Date('2028-01-01T00:00:00Z'))).toBe('2028-Q1');
  });

  it('when a quarter starts and ends, then the boundaries are London midnight (GMT in winter, BST in summer)', () => {
    expect(quarterStart(parseQuarterId('2027-Q1')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(quarterEnd(parseQuarterId('2027-Q1')).toISOString()).toBe('2027-03-31T23:00:00.000Z');
    expect(quarterEnd(parseQuarterId('2027-Q3')).toISOString()).toBe('2027-09-30T23:00:00.000Z');
    expect(quarterEnd(parseQuarterId('2027-Q4')).toISOString()).toBe('2028-01-01T00:00:00.000Z');
  });

  it('when a quarter begins on a weekend, then its first weekday is the Monday after', () => {
    expect(firstWeekdayOfQuarter({ year: 2027, quarter: 1 })).toEqual({ year: 2027, month: 1, day: 1 });
    expect(firstWeekdayOfQuarter({ year: 2028, quarter: 1 })).toEqual({ year: 2028, month: 1, day: 3 });
    expect(firstWeekdayOfQuarter({ year: 2028, quarter: 4 })).toEqual({ year: 2028, month: 10, day: 2 });
  });

  it('when London wall time is asked for on the clock-change Sundays of 2027, then skipped times move on and repeated times are GMT', () => {
    expect(londonTime(2027, 3, 28, 0, 30).toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(londonTime(2027, 3, 28, 1, 30).toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(londonTime(2027, 3, 28, 9, 0).toISOString()).toBe('2027-03-28T08:00:00.000Z');
    expect(londonTime(2027, 10, 31, 0, 30).toISOString()).toBe('2027-10-30T23:30:00.000Z');
    expect(londonTime(2027, 10, 31, 1, 30).toISOString()).toBe('2027-10-31T01:30:00.000Z');
    expect(londonTime(2027, 10, 31, 9, 0).toISOString()).toBe('2027-10-31T09:00:00.000Z');
  });

  it('when seven London days are added across a clock change, then the wall-clock time is kept', () => {
    const before = londonTime(2027, 3, 22, 9, 30);

    const after = addLondonDays(before, 7);

    expect(londonParts(after)).toMatchObject({ year: 2027, month: 3, day: 29, hour: 9, minute: 30 });
    expect(after.getTime() - before.getTime()).toBe(7 * 86_400_000 - 3_600_000);
  });

  it('when periods are named, then weeks are ISO weeks and days are London dates', () => {
    expect(isoWeekId(new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekId(new Date('2027-01-04T12:00:00Z'))).toBe('2027-W01');
    expect(londonDateId(new Date('2027-06-30T23:30:00Z'))).toBe('2027-07-01');
  });
});
