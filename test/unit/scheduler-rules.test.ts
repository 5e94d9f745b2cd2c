import { JOBS, OffsetRule, quickCheckRule } from '../../services/scheduler/rules';
import { effectiveSchedule, parseScheduleSettings, rulesFor } from '../../services/scheduler/settings';

const iso = (d: Date | undefined) => d?.toISOString();
/** The next `n` due times of a rule from `from`. */
function upcoming(rule: { next(now: Date): Date | undefined }, from: string, n: number): string[] {
  const out: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < n; i++) {
    const next = rule.next(at) as Date;
    out.push(next.toISOString());
    at = next;
  }
  return out;
}
const rule = (job: string, settings = {}) => rulesFor(settings).find((r) => r.job === job)!;

describe('default schedule', () => {
  it('when the quick check is scheduled, then it is 09:30 London on the first weekday of each quarter, in GMT or BST', () => {
    expect(upcoming(rule(JOBS.quickCheck), '2026-12-01T00:00:00Z', 5)).toEqual([
      '2027-01-01T09:30:00.000Z', // Friday, GMT
      '2027-04-01T08:30:00.000Z', // Thursday, BST
      '2027-07-01T08:30:00.000Z',
      '2027-10-01T08:30:00.000Z',
      '2028-01-03T09:30:00.000Z', // 1 January 2028 is a Saturday
    ]);
    expect(rule(JOBS.quickCheck).period(new Date('2027-04-01T08:30:00Z'))).toBe('2027-Q2');
  });

  it('when the reminder is scheduled, then it is seven days after the quick check and belongs to its quarter', () => {
    const reminder = rule(JOBS.reminder);

    expect(upcoming(reminder, '2026-12-01T00:00:00Z', 2)).toEqual(['2027-01-08T09:30:00.000Z', '2027-04-08T08:30:00.000Z']);
    expect(reminder.period(new Date('2027-04-08T08:30:00Z'))).toBe('2027-Q2');
    expect(iso(reminder.previous(new Date('2027-04-08T08:29:59Z')))).toBe('2027-01-08T09:30:00.000Z');
    expect(iso(reminder.previous(new Date('2027-04-08T08:30:00Z')))).toBe('2027-04-08T08:30:00.000Z');
  });

  it('when a round closes, then it is London midnight at the quarter end, for the quarter just ended', () => {
    const close = rule(JOBS.roundClose);

    expect(upcoming(close, '2027-01-15T00:00:00Z', 2)).toEqual(['2027-03-31T23:00:00.000Z', '2027-06-30T23:00:00.000Z']);
    expect(close.period(new Date('2027-03-31T23:00:00Z'))).toBe('2027-Q1');
    expect(close.period(new Date('2028-01-01T00:00:00Z'))).toBe('2027-Q4');
  });

  it('when the clocks go forward on 28 March 2027, then the Monday digest moves from 09:00 UTC to 08:00 UTC', () => {
    expect(upcoming(rule(JOBS.digest), '2027-03-20T00:00:00Z', 2)).toEqual([
      '2027-03-22T09:00:00.000Z',
      '2027-03-29T08:00:00.000Z',
    ]);
    expect(rule(JOBS.digest).period(new Date('2027-03-29T08:00:00Z'))).toBe('2027-W13');
  });

  it('when the clocks go back on 31 October 2027, then the Monday digest moves from 08:00 UTC to 09:00 UTC', () => {
    expect(upcoming(rule(JOBS.digest), '2027-10-24T00:00:00Z', 2)).toEqual([
      '2027-10-25T08:00:00.000Z',
      '2027-11-01T09:00:00.000Z',
    ]);
  });

  it('when the refresh check is daily, then it runs once on each clock-change Sunday as on any other day', () => {
    expect(upcoming(rule(JOBS.refreshCheck), '2027-03-27T12:00:00Z', 3)).toEqual([
      '2027-03-28T09:00:00.000Z',
      '2027-03-29T09:00:00.000Z',
      '2027-03-30T09:00:00.000Z',
    ]);
    expect(upcoming(rule(JOBS.refreshCheck), '2027-10-30T12:00:00Z', 2)).toEqual([
      '2027-10-31T10:00:00.000Z',
      '2027-11-01T10:00:00.000Z',
    ]);
  });

  it('when the bot was down across a due time, then previous() gives the missed time, and only the latest one', () => {
    expect(iso(rule(JOBS.quickCheck).previous(new Date('2027-04-20T12:00:00Z')))).toBe('2027-04-01T08:30:00.000Z');
    expect(iso(rule(JOBS.refreshCheck).previous(new Date('2027-05-10T08:00:00Z')))).toBe('2027-05-09T09:00:00.000Z');
  });
});

describe('per-PCN overrides', () => {
  it('when an admin overrides times, days and offsets, then the rules follow them and the rest keep the defaults', () => {
    const settings = parseScheduleSettings({
      quickCheck: { time: '14:00' },
      reminder: { afterDays: 3 },
      digest: { weekday: 'friday', time: '16:30' },
    });

    expect(upcoming(rule(JOBS.quickCheck, settings), '2026-12-01T00:00:00Z', 1)).toEqual(['2027-01-01T14:00:00.000Z']);
    expect(upcoming(rule(JOBS.reminder, settings), '2026-12-01T00:00:00Z', 1)).toEqual(['2027-01-04T14:00:00.000Z']);
    expect(upcoming(rule(JOBS.digest, settings), '2027-01-01T00:00:00Z', 1)).toEqual(['2027-01-01T16:30:00.000Z']);
    expect(effectiveSchedule(settings).refreshCheck).toEqual({ enabled: true, time: '10:00' });
  });

  it('when an admin turns a job off, then it has no rule', () => {
    expect(rulesFor({ digest: { enabled: false } }).map((r) => r.job)).not.toContain(JOBS.digest);
  });

  it('when settings are invalid, then parsing names the problem', () => {
    expect(() => parseScheduleSettings({ quickCheck: { time: '9.30' } })).toThrow(/09:30/);
    expect(() => parseScheduleSettings({ digest: { weekday: 'funday' } })).toThrow(/day of the week/);
    expect(() => parseScheduleSettings({ reminder: { afterDays: 0 } })).toThrow(/at least 1 day/);
    expect(() => parseScheduleSettings({ surprise: true })).toThrow();
  });

  it('when an override is explicitly undefined, then the default stands', () => {
    expect(effectiveSchedule({ quickCheck: { time: undefined } }).quickCheck.time).toBe('09:30');
  });

  it('when an offset rule sits on a rule, then its period is the base rule’s', () => {
    const reminder = new OffsetRule('r', quickCheckRule('09:30'), 10);

    expect(reminder.period(new Date('2027-07-11T08:30:00Z'))).toBe('2027-Q3');
  });
});
