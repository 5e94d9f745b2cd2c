import template from './settings.json';
import { type AdaptiveCard, expandCard } from './expand';
import { Verbs } from './verbs';
import { type PcnSettingsView, STALE_AFTER_DAYS } from '../services/domain';

export interface SettingsCardView extends PcnSettingsView {
  /** A line at the top: what was saved, or what to fix. */
  readonly notice?: { readonly text: string; readonly kind: 'success' | 'error' };
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const title = (day: string) => day.charAt(0).toUpperCase() + day.slice(1);

/** The `settings` card for PCN admins: the schedule's times and switches, and the PCN settings. */
export function renderSettingsCard(view: SettingsCardView): AdaptiveCard {
  const { schedule, settings } = view;
  return expandCard(template, {
    pcnName: view.pcnName,
    notice: view.notice?.text ?? '',
    // Teams' "Good" green is under 4.5:1 on white: a success notice is bold default text.
    noticeColour: view.notice?.kind === 'error' ? 'Attention' : 'Default',
    // Toggles carry their values as the strings named in valueOn / valueOff.
    quickCheckEnabled: String(schedule.quickCheck.enabled),
    quickCheckTime: schedule.quickCheck.time,
    quickCheckToLeads: String(settings.quickCheckToLeads),
    reminderEnabled: String(schedule.reminder.enabled),
    reminderAfterDays: schedule.reminder.afterDays,
    digestWeekday: schedule.digest.weekday,
    digestTime: schedule.digest.time,
    refreshCheckTime: schedule.refreshCheck.time,
    staleAfterDays: settings.staleAfterDays,
    staleMin: STALE_AFTER_DAYS.min,
    staleMax: STALE_AFTER_DAYS.max,
    weekdays: WEEKDAYS.map((d) => ({ title: title(d), value: d })),
    verbs: Verbs,
  });
}
