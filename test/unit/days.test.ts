import {
  addDays,
  dayOf,
  daysBetween,
  formatDay,
  formatDayRange,
  isDay,
  lastDayOfMonth,
  mondayOf,
  overlaps,
  weekdayOf,
} from '../../services/domain';

describe('London calendar days', () => {
  it('when an instant is late on a summer evening in UTC, then its London day is the next day', () => {
    expect(dayOf(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(dayOf(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('when days are added across the clocks changing and the year end, then whole days move', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(daysBetween('2026-12-01', '2027-01-01')).toBe(31);
  });

  it('when weeks are asked for, then Monday starts them', () => {
    expect(weekdayOf('2026-12-01')).toBe(2);
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(lastDayOfMonth(2027, 2)).toBe('2027-02-28');
  });

  it('when days are written for people, then it is the house style', () => {
    expect(formatDay('2026-10-01')).toBe('Thursday 1 October 2026');
    expect(formatDayRange({ start: '2026-10-01', end: '2026-10-31' })).toBe('Thursday 1 October to Saturday 31 October 2026');
    expect(formatDayRange({ start: '2026-09-01', end: '2027-03-31' })).toBe(
      'Tuesday 1 September 2026 to Wednesday 31 March 2027',
    );
    expect(formatDayRange({ start: '2026-02-05', end: '2026-02-05' })).toBe('Thursday 5 February 2026');
  });

  it('when ranges touch or miss, then overlap says so; a malformed day is refused', () => {
    expect(overlaps({ start: '2026-10-01', end: '2026-10-31' }, { start: '2026-10-31', end: '2026-11-05' })).toBe(true);
    expect(overlaps({ start: '2026-10-01', end: '2026-10-31' }, { start: '2026-11-01', end: '2026-11-05' })).toBe(false);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-02-28')).toBe(true);
  });
});
