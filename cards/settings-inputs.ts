import { z } from 'zod';
import { parseInput, SETTING_LABELS, type SettingsChange, STALE_AFTER_DAYS, ValidationError } from '../services/domain';

/**
 * What the settings card sends back, validated before the service sees it.
 * Teams sends every input as a string (a toggle as "true"/"false", a number
 * as its digits); a boolean or number is taken too, for clients that type them.
 */
const toggle = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
  errorMap: () => ({ message: 'must be on or off' }),
});

// Some clients add seconds ("09:30:00") or drop the leading zero ("9:30"): both are read as 09:30.
const time = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a time such as 09:30 (24-hour clock)' })
  .trim()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d(:00)?$/, 'must be a time such as 09:30 (24-hour clock)')
  .transform((v) => v.slice(0, v.indexOf(':') + 3).padStart(5, '0'));

const days = (min: number, max: number) => {
  const message = `must be a whole number of days from ${min} to ${max}`;
  return z
    .union(
      [
        z.number(),
        z
          .string()
          .trim()
          .regex(/^\d{1,3}$/, message)
          .transform(Number),
      ],
      { errorMap: () => ({ message }) },
    )
    .pipe(z.number().int(message).min(min, message).max(max, message));
};

const weekday = z
  .string({ required_error: 'is required' })
  .trim()
  .toLowerCase()
  .pipe(
    z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], {
      errorMap: () => ({ message: 'must be a day of the week, such as Monday' }),
    }),
  );

/** Input ids on the card, and where each goes in the schedule or the PCN settings. */
export const SETTINGS_INPUTS = {
  quickCheckEnabled: 'quickCheck.enabled',
  quickCheckTime: 'quickCheck.time',
  reminderEnabled: 'reminder.enabled',
  reminderAfterDays: 'reminder.afterDays',
  digestWeekday: 'digest.weekday',
  digestTime: 'digest.time',
  refreshCheckTime: 'refreshCheck.time',
  quickCheckToLeads: 'quickCheckToLeads',
  staleAfterDays: 'staleAfterDays',
} as const;

const SettingsInput = z.object({
  quickCheckEnabled: toggle,
  quickCheckTime: time,
  reminderEnabled: toggle,
  reminderAfterDays: days(1, 60),
  digestWeekday: weekday,
  digestTime: time,
  refreshCheckTime: time,
  quickCheckToLeads: toggle,
  staleAfterDays: days(STALE_AFTER_DAYS.min, STALE_AFTER_DAYS.max),
});

const INPUT_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SETTINGS_INPUTS).map(([id, path]) => [id, SETTING_LABELS[path] ?? id]),
);

/**
 * Reads the settings card's submission into a change for the service.
 * Throws a ValidationError naming the first bad field, e.g.
 * "Quick check time must be a time such as 09:30 (24-hour clock)."
 */
export function parseSettingsInput(data: unknown): SettingsChange {
  // A field left out reads better as "is required" than as the type complaint zod would give.
  const fields = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const missing = Object.keys(SETTINGS_INPUTS).find((id) => fields[id] === undefined || fields[id] === null);
  if (missing) {
    const label = INPUT_LABELS[missing] ?? 'A setting';
    throw new ValidationError(label, `${label} is required.`);
  }
  const v = parseInput(SettingsInput, fields, INPUT_LABELS);
  return {
    schedule: {
      quickCheck: { enabled: v.quickCheckEnabled, time: v.quickCheckTime },
      reminder: { enabled: v.reminderEnabled, afterDays: v.reminderAfterDays },
      digest: { weekday: v.digestWeekday, time: v.digestTime },
      refreshCheck: { time: v.refreshCheckTime },
    },
    settings: { quickCheckToLeads: v.quickCheckToLeads, staleAfterDays: v.staleAfterDays },
  };
}
