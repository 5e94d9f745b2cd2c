import reminderTemplate from './refresh-reminder.json';
import statusTemplate from './refresh-status.json';
import { donutChart, textFallback } from './charts';
import { type AdaptiveCard, expandCard } from './expand';
import { mentionText, withMentions } from './quick-check';
import type { RefreshCardRenderer, RefreshReminderView, RefreshStatusView } from '../services/domain/channels';

/** The refresh reminder's verbs: the card carries them, bot/handlers/channels.ts answers them. */
export const RefreshVerbs = {
  done: 'refresh.done',
  snooze: 'refresh.snooze',
  notRelevant: 'refresh.notRelevant',
} as const;

/**
 * A person's refresh reminders for one day, on one card: what is due, and
 * Done, Snooze 7 days and Not relevant (with why) for all of them. In their
 * 1:1 chat it mentions nobody; posted in the channel it @mentions them, so
 * Teams tells them it waits for them.
 */
export function renderRefreshReminderCard(view: RefreshReminderView): AdaptiveCard {
  const data = (verb: string) => ({
    verb,
    pcnId: view.pcnId,
    day: view.day,
    reminders: view.items.map((i) => `${i.kind}:${i.subject}`).join(','),
  });
  const card = expandCard(reminderTemplate, {
    title: view.title,
    lead: view.mention ? `${mentionText(view.owner)}, these are waiting for you.` : '',
    lines: view.lines,
    note: view.note,
    doneData: data(RefreshVerbs.done),
    snoozeData: data(RefreshVerbs.snooze),
    notRelevantData: data(RefreshVerbs.notRelevant),
    verbs: RefreshVerbs,
    fallbackText: [view.title, ...view.lines].join(' '),
  });
  return view.mention ? withMentions(card, [view.owner]) : card;
}

/** `refresh status`: every practice's channels, most in need first. */
export function renderRefreshStatusCard(view: RefreshStatusView): AdaptiveCard {
  return expandCard(statusTemplate, {
    empty: view.empty,
    chart: freshnessChart(view.channels),
    lines: view.lines,
    fallbackText: view.lines.map((l) => `${l.heading}. ${l.detail}`).join(' '),
  });
}

/** Up to date against needing attention, as a donut beside the title; the same count in words where charts are not drawn. */
function freshnessChart(channels: RefreshStatusView['channels']): object | '' {
  if (!channels || channels.upToDate + channels.needAttention === 0) return '';
  const { upToDate, needAttention } = channels;
  const total = upToDate + needAttention;
  return donutChart(
    'Channels',
    [
      { legend: `Up to date (${upToDate})`, value: upToDate, color: 'good' },
      { legend: `Need attention (${needAttention})`, value: needAttention, color: 'attention' },
    ],
    textFallback(`${needAttention} of ${total} ${total === 1 ? 'channel needs' : 'channels need'} attention.`),
  );
}

export const refreshCards: RefreshCardRenderer = { reminder: renderRefreshReminderCard };
