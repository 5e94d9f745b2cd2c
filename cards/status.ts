import template from './status.json';
import { type AdaptiveCard, expandCard } from './expand';
import { Verbs } from './verbs';
import {
  LONDON,
  type OutboxAbout,
  type OutboxError,
  type OutboxMessageKind,
  type OutboxStatusReport,
  parseQuarter,
  type Person,
  quarterLabel,
} from '../services/domain';

export interface StatusPractice {
  readonly practiceId: string;
  readonly name: string;
  readonly leads: readonly Person[];
}

export interface StatusView {
  readonly pcnName: string;
  readonly report: OutboxStatusReport;
  /** The PCN's practices, to name the practice of a message queued before messages carried their description. */
  readonly practices: readonly StatusPractice[];
  readonly checkedAt: Date;
  /** A line at the top: what "Try again" did, or why it could not. */
  readonly notice?: { readonly text: string; readonly kind: 'success' | 'error' };
}

const whenFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Monday 2 December, 10:15" in UK time, whatever the server's zone. Built from parts: ICU versions join them differently. */
export function formatWhen(instant: Date | string): string {
  const parts = whenFormat.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')}, ${part('hour')}:${part('minute')}`;
}

const tries = (n: number) => (n === 1 ? '1 try' : `${n} tries`);

/** What Teams' refusals mean, for the statuses a permanent failure usually has. */
const REFUSALS: Readonly<Record<number, string>> = {
  400: 'the message was not in a form Teams accepts',
  401: 'the bot is not registered, or its app password is wrong',
  403: 'the bot is not allowed to post there',
  405: 'the bot asked for something Teams does not allow',
  413: 'the message is too large',
};

const PLAIN: Readonly<Record<OutboxError['kind'], string>> = {
  gone: 'Teams says the bot is no longer in that conversation.',
  permanent: 'Teams refused it.',
  throttled: 'Teams asked the bot to slow down.',
  transient: 'Teams or the network had a temporary problem.',
  interrupted: 'The bot was stopped while sending it.',
  unexpected: 'Something unexpected went wrong while sending it.',
};

/** The reason for a failure, in plain English, e.g. "Teams refused it: the message is too large." */
export function plainReason(error: OutboxError | undefined, parked = false): string {
  if (!error) return 'No reason was recorded.';
  if (error.kind === 'permanent') {
    const refusal = error.status !== undefined ? REFUSALS[error.status] : undefined;
    return `Teams refused it: ${refusal ?? technicalDetail(error)}.`;
  }
  // A retryable failure only parks an item after many tries: say so, or it reads as if one blip gave up.
  const gaveUp = parked && error.kind !== 'gone' ? `Gave up after ${tries(error.attempt)}. ` : '';
  return `${gaveUp}${PLAIN[error.kind] ?? PLAIN.unexpected}`;
}

/** The error as recorded, without the error class name, for an admin who needs to tell IT. */
function technicalDetail(error: OutboxError): string {
  return error.message.replace(/^[A-Za-z]*Error: /, '').replace(/[.\s]+$/, '') || `status ${error.status ?? 'unknown'}`;
}

/** The technical line under a reason, unless the reason already quotes it. */
function detailFor(error: OutboxError | undefined): string {
  if (!error) return '';
  const quoted = error.kind === 'permanent' && (error.status === undefined || !REFUSALS[error.status]);
  return quoted ? '' : technicalDetail(error);
}

function leadName(practice: StatusPractice | undefined, leadId: string | undefined): string {
  return practice?.leads.find((l) => l.aadObjectId === leadId)?.name ?? 'a practice lead';
}

const KIND_LABELS: Readonly<Record<OutboxMessageKind, string>> = {
  'quick check': 'Quick check',
  'quick check reminder': 'Quick check reminder',
  'second quick check reminder': 'Second quick check reminder',
  'quick check advice': 'Quick check advice',
  'answered card': 'Quick check card updated with the answers',
  'closed card': 'Quick check card updated to say the round has closed',
  'plan announcement': 'Plan announcement',
  'weekly digest': 'Weekly digest of plans',
  'refresh reminder': 'Channel refresh reminder',
  reply: 'Reply to a message',
};

/** "Quick check advice for Riverside Medical Centre, Q4 2026/27 (January to March 2027)", from what was saved when it was queued. */
export function describeAbout(about: OutboxAbout): string {
  const label = KIND_LABELS[about.what] ?? 'A message';
  const practice = about.practiceName ? ` for ${about.practiceName}` : '';
  const quarter = about.quarterLabel ? `, ${about.quarterLabel}` : '';
  const to = about.recipientName ? `, sent 1:1 to ${about.recipientName}` : '';
  const days = about.daysLabel ? `, ${about.daysLabel}` : '';
  return `${label}${practice}${quarter}${days}${to}`;
}

/**
 * Which message an item is, in words: its saved description; for an item
 * queued before descriptions were saved, what its key says for the shapes
 * the quick check used then (services/quick-check/messages.ts and
 * reminders.ts); otherwise a plain description. Never the key itself, an id
 * or a version.
 */
export function describeItem(
  item: { readonly key: string; readonly about?: OutboxAbout; readonly createdAt?: string },
  practices: readonly StatusPractice[],
): string {
  if (item.about) return describeAbout(item.about);
  const [kind, quarterId = '', practiceId = '', ...rest] = item.key.split(':');
  const quarter = parseQuarter(quarterId);
  const practice = practices.find((p) => p.practiceId === practiceId);
  if (!quarter || !['quick-check', 'quick-check-reminder', 'quick-check-close'].includes(kind ?? '')) {
    return item.createdAt ? `A message queued on ${formatWhen(item.createdAt)}` : 'A message from the bot';
  }
  const name = practice?.name ?? 'a practice no longer in the PCN';
  const period = quarterLabel(quarter);
  if (kind === 'quick-check-reminder') {
    const [nth, leadId] = rest;
    const which = nth === '2' ? 'Second reminder' : 'Reminder';
    return `${which} to answer the quick check (${period}) for ${name}${leadId ? `, to ${leadName(practice, leadId)}` : ''}`;
  }
  const [leadId] = rest;
  const to = leadId ? `, sent 1:1 to ${leadName(practice, leadId)}` : '';
  return kind === 'quick-check-close'
    ? `Round closed update to the quick check card (${period}) for ${name}${to}`
    : `Quick check card (${period}) for ${name}${to}`;
}

/** The `status` card for PCN admins: what the outbox holds for this PCN, and a "Try again" per parked message. */
export function renderStatusCard(view: StatusView): AdaptiveCard {
  const { report, practices } = view;
  const parkedCount = report.counts.parked;
  return expandCard(template, {
    pcnName: view.pcnName,
    notice: view.notice?.text ?? '',
    // Teams' "Good" green is under 4.5:1 on white: a success notice is bold default text.
    noticeColour: view.notice?.kind === 'error' ? 'Attention' : 'Default',
    waiting: String(report.counts.pending + report.counts.sending),
    sent: String(report.counts.sent),
    parkedCount: String(parkedCount),
    oldestWaiting: report.oldestPendingSince ? formatWhen(report.oldestPendingSince) : '',
    allClear: parkedCount === 0 && report.retrying.length === 0,
    retrying: report.retrying.map((r) => ({
      what: describeItem(r, practices),
      nextTry: formatWhen(r.nextAttemptAt),
      attempts: String(r.attempts),
      reason: plainReason(r.error),
    })),
    parked: report.parked.map((p) => ({
      key: p.key,
      what: describeItem(p, practices),
      reason: plainReason(p.error, true),
      when: p.parkedAt
        ? `Stopped trying on ${formatWhen(p.parkedAt)}, after ${tries(p.attempts)}.`
        : `Tried ${tries(p.attempts)}.`,
      detail: detailFor(p.error),
    })),
    moreParked: parkedCount > report.parked.length ? ` Showing the ${report.parked.length} most recent of ${parkedCount}.` : '',
    checkedAt: formatWhen(view.checkedAt),
    verbs: Verbs,
  });
}
