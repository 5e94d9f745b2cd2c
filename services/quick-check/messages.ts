import type { AnsweredView, Person, Practice, QuickCheckFormView } from '../domain';
import type { NewOutboxItem, OutboxSource } from '../store/outbox-repository';
import type { Stored } from '../store/documents';
import { formatLondonDateTime } from '../domain/london-dates';
import { questionById } from '../domain/questions';
import { parseQuarter, quarterLabel, quarterLastDayLabel, quarterShortLabel, type Quarter } from '../domain/quarters';
import type { AnswerSet, FollowUpAction } from '../domain/quick-check';

/**
 * The quick check's card renders and outbox items. Idempotency keys are the
 * contract with the outbox: the same key is never sent twice.
 */

/** `source.type` on quick-check card items, so the dispatcher's onSent can hand them back (recordPosted). */
export const QUICK_CHECK_CARD_SOURCE = 'quickCheckCard';

/** Card key within a round: the practice id for the channel card, `<practiceId>:<leadId>` for a lead's 1:1 copy. */
export function cardKey(practiceId: string, leadId?: string): string {
  return leadId ? `${practiceId}:${leadId}` : practiceId;
}

export function cardItemKey(quarter: string, practiceId: string, leadId?: string): string {
  return `quick-check:${quarter}:${cardKey(practiceId, leadId)}`;
}

export function cardSource(quarter: string, practiceId: string, leadId?: string): OutboxSource {
  return { type: QUICK_CHECK_CARD_SOURCE, id: `${quarter}|${cardKey(practiceId, leadId)}` };
}

/** Reads a card source back: undefined if it is not one of ours. */
export function parseCardSource(
  source: OutboxSource | undefined,
): { quarter: string; key: string; practiceId: string; leadId?: string } | undefined {
  if (source?.type !== QUICK_CHECK_CARD_SOURCE) return undefined;
  const [quarter, key] = source.id.split('|');
  if (!quarter || !key || !parseQuarter(quarter)) return undefined;
  const [practiceId, leadId] = key.split(':');
  return { quarter, key, practiceId, leadId };
}

/** "Riverside Surgery: 2. Managed (from January to March 2027)": an open action as one line. */
export function actionLine(action: FollowUpAction, practiceName?: string): string {
  const q = questionById(action.questionId);
  const quarter = parseQuarter(action.quarter);
  const when = quarter ? ` (No in ${quarterShortLabel(quarter)})` : '';
  return `${practiceName ? `${practiceName}: ` : ''}${q.number}. ${q.short}${when}`;
}

/** "Monday 4 January 2027, 10:15" as "Monday 4 January, 10:15": for cards whose quarter already names the year. */
export function withoutYear(label: string): string {
  return label.replace(/ \d{4}(?=,|$)/, '');
}

/**
 * What the quick check form shows for a practice (cards/quick-check.ts
 * renders it). `mentionLeads`: the card waits for the practice's leads, so
 * they are @mentioned on it (the channel card); a copy already in a lead's
 * own chat, or the form a lead opened with "Change answers", mentions nobody.
 */
export function formView(
  q: Quarter,
  practice: Practice,
  extra: { answers?: AnswerSet; notice?: string; openActions?: readonly FollowUpAction[]; mentionLeads?: boolean } = {},
): QuickCheckFormView {
  const mention: readonly Person[] | undefined = extra.mentionLeads
    ? practice.leads.map((l) => ({ aadObjectId: l.aadObjectId, name: l.name }))
    : undefined;
  return {
    ...cardIdentity(q, practice),
    ...(mention ? { mention } : {}),
    answers: extra.answers?.answers,
    comment: extra.answers?.comment,
    notice: extra.notice,
    openActions: (extra.openActions ?? []).map((a) => actionLine(a)),
  };
}

/** What both quick check cards carry: whose card it is, for which round, and when it closes. */
function cardIdentity(q: Quarter, practice: Pick<Practice, 'name' | 'practiceId' | 'pcnId'>) {
  return {
    practiceName: practice.name,
    quarterLabel: quarterLabel(q),
    roundId: q.id,
    practiceId: practice.practiceId,
    pcnId: practice.pcnId,
    closesLabel: quarterLastDayLabel(q),
    closesDayLabel: withoutYear(quarterLastDayLabel(q)),
  };
}

/** What the answered (or closed) card shows (cards/quick-check-answered.ts renders it). */
export function answeredView(
  q: Quarter,
  practice: Pick<Practice, 'name' | 'practiceId' | 'pcnId'>,
  answer: AnswerSet | undefined,
  state: 'open' | 'closed',
): AnsweredView {
  return {
    ...cardIdentity(q, practice),
    answers: answer?.answers,
    comment: answer?.comment,
    answeredBy: answer?.answeredBy.name,
    answeredAtLabel: answer ? withoutYear(formatLondonDateTime(answer.answeredAt)) : undefined,
    changes: answer ? answer.version - 1 : undefined,
    state,
  };
}

/** A card item for the outbox (with the source recordPosted needs). */
export function cardItem(
  pcnId: string,
  q: Quarter,
  practice: Stored<Practice> | Practice,
  target: NewOutboxItem['target'],
  card: object,
  leadId?: string,
): NewOutboxItem {
  const recipientName = leadId ? practice.leads.find((l) => l.aadObjectId === leadId)?.name : undefined;
  return {
    pcnId,
    key: cardItemKey(q.id, practice.practiceId, leadId),
    target,
    message: { card, summary: `${practice.name}: social media quick check for ${quarterLabel(q)}` },
    source: cardSource(q.id, practice.practiceId, leadId),
    about: {
      what: 'quick check',
      practiceName: practice.name,
      quarterLabel: quarterLabel(q),
      ...(recipientName ? { recipientName } : {}),
    },
  };
}
