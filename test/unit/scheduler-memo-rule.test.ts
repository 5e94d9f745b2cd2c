import { memoised } from '../../services/scheduler/memo-rule';
import type { ScheduleRule } from '../../services/scheduler/rules';
import { rulesFor } from '../../services/scheduler/settings';

function countingRule(): ScheduleRule & { calls: number } {
  const rule = {
    job: 'counting',
    calls: 0,
    previous(now: Date) {
      rule.calls++;
      return new Date(now.getTime() - 1000);
    },
    next(now: Date) {
      rule.calls++;
      return new Date(now.getTime() + 1000);
    },
    period: (due: Date) => due.toISOString().slice(0, 10),
  };
  return rule;
}

describe('memoised schedule rules', () => {
  it('when every PCN asks at the same instant, then the rule works it out once per question', () => {
    const inner = countingRule();
    const rule = memoised(inner);
    const now = new Date('2027-01-01T09:30:00Z');
    for (let i = 0; i < 1250; i++) {
      expect(rule.previous(new Date(now))?.toISOString()).toBe('2027-01-01T09:29:59.000Z');
      expect(rule.next(new Date(now))?.toISOString()).toBe('2027-01-01T09:30:01.000Z');
    }
    expect(inner.calls).toBe(2);
  });

  it('when asked at another instant, then it works it out again', () => {
    const inner = countingRule();
    const rule = memoised(inner);
    rule.previous(new Date('2027-01-01T09:30:00Z'));
    expect(rule.previous(new Date('2027-01-01T09:31:00Z'))?.toISOString()).toBe('2027-01-01T09:30:59.000Z');
    expect(inner.calls).toBe(2);
  });

  it('when the default rules are memoised, then their answers are the unmemoised ones', () => {
    const now = new Date('2027-04-01T09:30:00Z');
    for (const rule of rulesFor()) {
      expect(rule.previous(now)?.toISOString()).toBe(rule.previous(new Date(now))?.toISOString());
      expect(rule.job).toMatch(/^[a-z-0-9]+$/);
    }
    const quickCheck = rulesFor().find((r) => r.job === 'quick-check');
    expect(quickCheck?.previous(now)?.toISOString()).toBe('2027-04-01T08:30:00.000Z');
  });
});
