import { checkChannelAddress, sinceLabel } from '../../services/domain/channels';
import { weekdayOf } from '../../services/domain/days';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS, isBankHoliday, isWorkingDay } from '../../services/refresh';

describe('refresh check working days (England and Wales)', () => {
  it('when the bank holiday list is read, then it has the eight of each year 2026 to 2028, sorted, every one a weekday', () => {
    const byYear = (year: string) => ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((d) => d.startsWith(year));
    expect([byYear('2026').length, byYear('2027').length, byYear('2028').length]).toEqual([8, 8, 8]);
    expect([...ENGLAND_AND_WALES_BANK_HOLIDAYS].sort()).toEqual(ENGLAND_AND_WALES_BANK_HOLIDAYS);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((d) => [0, 6].includes(weekdayOf(d)))).toEqual([]);
  });

  it.each([
    ['2026-12-24', true], // Thursday
    ['2026-12-25', false], // Christmas Day, Friday
    ['2026-12-26', false], // Saturday
    ['2026-12-28', false], // Boxing Day substitute, Monday
    ['2026-12-29', true],
    ['2027-03-26', false], // Good Friday
    ['2027-12-27', false], // Christmas substitute
    ['2028-01-03', false], // New Year substitute
    ['2028-01-04', true],
  ])('when %s is asked, then working day is %s', (day, working) => {
    expect(isWorkingDay(day)).toBe(working);
  });

  it('when a Saturday is asked, then it is no bank holiday but still no working day', () => {
    expect(isBankHoliday('2026-12-26')).toBe(false);
    expect(isWorkingDay('2026-12-26')).toBe(false);
  });
});

describe('a channel handle or web address', () => {
  it.each([
    ['@RiversideSurgery', '@RiversideSurgery'],
    ['  @riverside.surgery ', '@riverside.surgery'],
    ['https://www.facebook.com/RiversideSurgery', 'https://www.facebook.com/RiversideSurgery'],
  ])('when %j is typed, then %j is kept', (typed, kept) => {
    expect(checkChannelAddress(typed)).toEqual({ ok: true, value: kept });
  });

  it.each([
    'facebook.com/riverside',
    'http://www.facebook.com/x',
    'https://localhost/x',
    '@',
    'Riverside Surgery',
    'https://a b.com',
    'https://user:pw@x.com',
  ])('when %j is typed, then it is refused with what to type', (typed) => {
    const result = checkChannelAddress(typed);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^Handle or web address must be an @handle/);
  });

  it('when dates are shown, then they are London days in the house style with how long ago', () => {
    expect(sinceLabel(undefined, '2026-12-07')).toBe('never');
    expect(sinceLabel('2026-12-07T00:30:00.000Z', '2026-12-07')).toBe('Monday 7 December 2026 (today)');
    // 23:30 UTC in British Summer Time is the next London day.
    expect(sinceLabel('2026-06-30T23:30:00.000Z', '2026-07-02')).toBe('Wednesday 1 July 2026 (yesterday)');
    expect(sinceLabel('2026-11-20T12:00:00.000Z', '2026-12-04')).toBe('Friday 20 November 2026 (14 days ago)');
  });
});
