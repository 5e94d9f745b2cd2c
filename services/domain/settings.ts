import type { PcnSettings } from './pcn';
import type { ScheduleSettings } from './schedule';

/** The schedule as it runs: every job's settings with the defaults filled in. */
export type EffectiveSchedule = {
  readonly [K in keyof ScheduleSettings]-?: Required<NonNullable<ScheduleSettings[K]>>;
};

/** What the `settings` card shows. */
export interface PcnSettingsView {
  readonly pcnId: string;
  readonly pcnName: string;
  readonly schedule: EffectiveSchedule;
  readonly settings: PcnSettings;
}

/** An admin's change: any subset of the schedule and of the PCN settings; what is left out stays as it is. */
export interface SettingsChange {
  readonly schedule?: ScheduleSettings;
  readonly settings?: Partial<PcnSettings>;
}

export const STALE_AFTER_DAYS = { min: 3, max: 60 } as const;

/** Friendly names for each setting, by its path in the schedule or the PCN settings; used in every error message. */
export const SETTING_LABELS: Readonly<Record<string, string>> = {
  'quickCheck.enabled': 'Quick check on or off',
  'quickCheck.time': 'Quick check time',
  'reminder.enabled': 'Reminder on or off',
  'reminder.afterDays': 'Days before the reminder',
  'roundClose.enabled': 'Round close on or off',
  'digest.enabled': 'Weekly digest on or off',
  'digest.weekday': 'Weekly digest day',
  'digest.time': 'Weekly digest time',
  'refreshCheck.enabled': 'Refresh check on or off',
  'refreshCheck.time': 'Refresh check time',
  quickCheckToLeads: 'Quick check to each practice lead',
  staleAfterDays: 'Days without fresh content',
};
