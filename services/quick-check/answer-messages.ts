import type { CardJson, Practice } from '../domain';
import type { SendTarget } from '../messenger';
import type { NewOutboxItem } from '../store/outbox-repository';
import { adviceReply } from './advice';
import type { QuestionId } from '../domain/questions';
import { type Quarter, quarterLabel } from '../domain/quarters';
import type { AnswerSet, FollowUpAction, Round } from '../domain/quick-check';

/**
 * What a recorded set of answers sends, queued in the same batch as the
 * answers so it is saved with them and sent with retries. Keys carry the
 * answers' version: each change is told once, and a redelivery queues nothing.
 */

/** The advice for each No (and any follow-up now closed), for where the card was answered. */
export function adviceItem(
  q: Quarter,
  practice: Pick<Practice, 'pcnId' | 'practiceId' | 'name'>,
  version: number,
  noes: readonly QuestionId[],
  closed: readonly FollowUpAction[],
  replyTo: SendTarget | undefined,
): NewOutboxItem | undefined {
  const text = replyTo ? adviceReply(practice.name, noes, closed) : undefined;
  if (!replyTo || !text) return undefined;
  return {
    pcnId: practice.pcnId,
    key: `quick-check-advice:${q.id}:${practice.practiceId}:v${version}`,
    target: replyTo,
    message: { text },
    about: { what: 'quick check advice', practiceName: practice.name, quarterLabel: quarterLabel(q) },
  };
}

/**
 * Every posted copy of the practice's card (the channel's and each lead's
 * 1:1 copy) updated to show the answers. Teams shows the card an
 * Action.Execute returns to the person who pressed it only; everyone else
 * sees the change through these updates. At most `limit`, to fit the batch.
 */
export function answeredCardUpdates(
  q: Quarter,
  practice: Pick<Practice, 'pcnId' | 'practiceId' | 'name'>,
  round: Pick<Round, 'cards'>,
  answer: AnswerSet,
  card: CardJson,
  limit: number,
): NewOutboxItem[] {
  return Object.entries(round.cards)
    .filter(([, posted]) => posted.practiceId === practice.practiceId)
    .slice(0, Math.max(0, limit))
    .map(([cardKey, posted]) => ({
      pcnId: practice.pcnId,
      key: `quick-check-answered:${q.id}:${cardKey}:v${answer.version}`,
      target: { kind: 'conversation', address: posted.address },
      replaceActivityId: posted.activityId,
      message: { card },
      about: { what: 'answered card', practiceName: practice.name, quarterLabel: quarterLabel(q) },
    }));
}
