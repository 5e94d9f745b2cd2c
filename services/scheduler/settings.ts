import { z } from 'zod';
import type { ScheduleSettings, Weekday } from '../domain/schedule';
import type { EffectiveSchedule } from '../domain/settings';
import { dailyRule, JOBS, OffsetRule, quickCheckRule, roundCloseRule, type ScheduleRule, weeklyRule } from './rules';
import { memoised } from './memo-rule';

export type { ScheduleSettings } from '../domain/schedule';

export const DEFAULT_SCHEDULE = {
  quickCheck: { enabled: true, time: '09:30' },
  reminder: { enabled: true, afterDays: 7 },
  roundClose: { enabled: true },
  digest: { enabled: true, weekday: 'monday' as Weekday, time: '09:00' },
  refreshCheck: { enabled: true, time: '10:00' },
} as const;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 09:30 (24-hour clock)');
const weekday = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], {
  errorMap: () => ({ message: 'must be a day of the week, such as monday' }),
});

/** Validates overrides from an admin (or a stored record) before they are saved or used. */
export const scheduleSettingsSchema = z
  .object({
    quickCheck: z.object({ enabled: z.boolean().optional(), time: time.optional() }).strict().optional(),
    reminder: z
      .object({
        enabled: z.boolean().optional(),
        afterDays: z.number().int().min(1, 'must be at least 1 day').max(60, 'must be at most 60 days').optional(),
      })
      .strict()
      .optional(),
    roundClose: z.object({ enabled: z.boolean().optional() }).strict().optional(),
    digest: z.object({ enabled: z.boolean().optional(), weekday: weekday.optional(), time: time.optional() }).strict().optional(),
    refreshCheck: z.object({ enabled: z.boolean().optional(), time: time.optional() }).strict().optional(),
  })
  .strict();

/** Parses overrides; throws a ZodError naming the bad field. */
export function parseScheduleSettings(input: unknown): ScheduleSettings {
  return scheduleSettingsSchema.parse(input);
}

/** `defaults` with every defined value of `overrides` on top (an explicit undefined keeps the default). */
function merge<T extends object>(defaults: T, overrides: Partial<T> | undefined): T {
  const defined = Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined);
  return { ...defaults, ...(Object.fromEntries(defined) as Partial<T>) };
}

type Effective = EffectiveSchedule;

/** The effective schedule: overrides on top of the defaults. */
export function effectiveSchedule(settings: ScheduleSettings = {}): Effective {
  return {
    quickCheck: merge<Effective['quickCheck']>(DEFAULT_SCHEDULE.quickCheck, settings.quickCheck),
    reminder: merge<Effective['reminder']>(DEFAULT_SCHEDULE.reminder, settings.reminder),
    roundClose: merge<Effective['roundClose']>(DEFAULT_SCHEDULE.roundClose, settings.roundClose),
    digest: merge<Effective['digest']>(DEFAULT_SCHEDULE.digest, settings.digest),
    refreshCheck: merge<Effective['refreshCheck']>(DEFAULT_SCHEDULE.refreshCheck, settings.refreshCheck),
  };
}

function buildRules(settings: ScheduleSettings): ScheduleRule[] {
  const s = effectiveSchedule(settings);
  const quickCheck = quickCheckRule(s.quickCheck.time);
  const rules: ScheduleRule[] = [];
  if (s.quickCheck.enabled) rules.push(quickCheck);
  // The reminder follows the quick check (its time and its quarter), even when the check itself is started by hand.
  // A second reminder follows at twice the interval (7 and 14 days by default).
  if (s.reminder.enabled) {
    rules.push(new OffsetRule(JOBS.reminder, quickCheck, s.reminder.afterDays));
    rules.push(new OffsetRule(JOBS.secondReminder, quickCheck, s.reminder.afterDays * 2));
  }
  if (s.roundClose.enabled) rules.push(roundCloseRule());
  if (s.digest.enabled) rules.push(weeklyRule(JOBS.digest, s.digest.weekday, s.digest.time));
  if (s.refreshCheck.enabled) rules.push(dailyRule(JOBS.refreshCheck, s.refreshCheck.time));
  return rules;
}

const cache = new Map<string, ScheduleRule[]>();

/** The rules for a PCN's settings; PCNs with the same settings (most keep the defaults) share one set. */
export function rulesFor(settings: ScheduleSettings = {}): readonly ScheduleRule[] {
  const key = JSON.stringify(effectiveSchedule(settings));
  let rules = cache.get(key);
  if (!rules) {
    rules = buildRules(settings).map(memoised);
    if (cache.size > 500) cache.clear();
    cache.set(key, rules);
  }
  return rules;
}
