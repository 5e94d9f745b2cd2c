import { Cron } from 'croner';
import type { Weekday } from '../domain/schedule';
import {
  addLondonDays,
  firstWeekdayOfMonth,
  isoWeekId,
  LONDON,
  londonDateId,
  londonParts,
  quarterId,
} from '../domain/london-time';

/**
 * When each scheduled job is due, per PCN. A rule answers two questions:
 * the most recent due time at or before now (what should have run: it is run
 * if its period was never completed, which is how a run missed during
 * downtime is caught up), and the next due time (when to wake). The period
 * (`2027-Q1`, `2027-W05`, `2027-03-28`) names a run in its lease and its
 * completion record, so each period runs once.
 */
export interface ScheduleRule {
  readonly job: string;
  previous(now: Date): Date | undefined;
  next(now: Date): Date | undefined;
  period(due: Date): string;
}

const DAY_MS = 86_400_000;
/** Enough candidates to step over any filter (at most three per quarter for the quick check). */
const MAX_STEPS = 1_000;

/**
 * A cron pattern in London time (croner handles BST), optionally filtered
 * further (cron cannot say "first weekday of the month"). `lookbackMs` bounds
 * the search for the previous due time: one period is enough, as an older due
 * time has been superseded by a newer one.
 */
export class CronRule implements ScheduleRule {
  private readonly cron: Cron;

  constructor(
    readonly job: string,
    pattern: string,
    private readonly periodOf: (due: Date) => string,
    private readonly lookbackMs: number,
    private readonly accept: (due: Date) => boolean = () => true,
  ) {
    // legacyMode false: day-of-month AND day-of-week must both match, as the quick check's pattern needs.
    this.cron = new Cron(pattern, { timezone: LONDON, legacyMode: false, paused: true });
  }

  next(now: Date): Date | undefined {
    let from = now;
    for (let i = 0; i < MAX_STEPS; i++) {
      const candidate = this.cron.nextRun(from);
      if (!candidate) return undefined;
      if (this.accept(candidate)) return candidate;
      from = candidate;
    }
    return undefined;
  }

  previous(now: Date): Date | undefined {
    let found: Date | undefined;
    let from = new Date(now.getTime() - this.lookbackMs);
    for (let i = 0; i < MAX_STEPS; i++) {
      const candidate = this.cron.nextRun(from);
      if (!candidate || candidate.getTime() > now.getTime()) break;
      if (this.accept(candidate)) found = candidate;
      from = candidate;
    }
    return found;
  }

  period(due: Date): string {
    return this.periodOf(due);
  }
}

/** Due a number of London calendar days after another rule's due time, at the same wall-clock time. */
export class OffsetRule implements ScheduleRule {
  constructor(
    readonly job: string,
    private readonly base: ScheduleRule,
    private readonly days: number,
  ) {}

  next(now: Date): Date | undefined {
    // Step back a little more than the offset: across a clock change, n London days is n*24h +/- 1h.
    let base = this.base.next(new Date(now.getTime() - this.days * DAY_MS - 2 * 3_600_000));
    for (let i = 0; base && i < MAX_STEPS; i++) {
      const due = addLondonDays(base, this.days);
      if (due.getTime() > now.getTime()) return due;
      base = this.base.next(base);
    }
    return undefined;
  }

  previous(now: Date): Date | undefined {
    let base = this.base.previous(new Date(now.getTime() - this.days * DAY_MS + 2 * 3_600_000));
    for (let i = 0; base && i < MAX_STEPS; i++) {
      const due = addLondonDays(base, this.days);
      if (due.getTime() <= now.getTime()) return due;
      base = this.base.previous(new Date(base.getTime() - 1));
    }
    return undefined;
  }

  period(due: Date): string {
    return this.base.period(addLondonDays(due, -this.days));
  }
}

/** Job names: stable, they are part of lease ids and completion records. */
export const JOBS = {
  quickCheck: 'quick-check',
  reminder: 'quick-check-reminder',
  secondReminder: 'quick-check-reminder-2',
  roundClose: 'round-close',
  digest: 'weekly-digest',
  refreshCheck: 'refresh-check',
} as const;

export type { Weekday } from '../domain/schedule';
export const WEEKDAYS: readonly Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** `HH:MM` (24-hour, London) -> cron minute and hour fields. */
function clock(time: string): { minute: number; hour: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new Error(`Not a time of day (HH:MM): ${time}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** A quarter's first Monday-to-Friday day, at `time`. */
export function quickCheckRule(time: string): CronRule {
  const { hour, minute } = clock(time);
  return new CronRule(JOBS.quickCheck, `${minute} ${hour} 1-3 1,4,7,10 1-5`, quarterId, 100 * DAY_MS, (due) => {
    const p = londonParts(due);
    return p.day === firstWeekdayOfMonth(p.year, p.month);
  });
}

/** The moment the quarter ends (midnight London), for the round that has just ended. */
export function roundCloseRule(): CronRule {
  return new CronRule(JOBS.roundClose, '0 0 1 1,4,7,10 *', (due) => quarterId(new Date(due.getTime() - 60_000)), 100 * DAY_MS);
}

export function weeklyRule(job: string, weekday: Weekday, time: string): CronRule {
  const { hour, minute } = clock(time);
  return new CronRule(job, `${minute} ${hour} * * ${WEEKDAYS.indexOf(weekday)}`, isoWeekId, 8 * DAY_MS);
}

export function dailyRule(job: string, time: string): CronRule {
  const { hour, minute } = clock(time);
  return new CronRule(job, `${minute} ${hour} * * *`, londonDateId, 2 * DAY_MS);
}
