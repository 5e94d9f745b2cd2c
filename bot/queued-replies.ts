import { createHash, randomUUID } from 'node:crypto';
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import type { OutgoingMessage, Person } from '../services/domain';
import type { Dispatcher } from '../services/outbox/dispatcher';
import type { Outbox } from '../services/outbox/outbox';
import { readTurn } from './turn';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

interface MentionEntity {
  type?: string;
  mentioned?: { id?: string; name?: string; aadObjectId?: string };
}

/**
 * A reply as the outbox holds messages, or undefined when it carries what the
 * outbox does not (another kind of attachment, entities other than
 * mentions, suggested actions): such a reply goes out within the turn.
 */
export function outgoingFor(activity: Partial<Activity>): OutgoingMessage | undefined {
  if ((activity.type ?? 'message') !== 'message' || activity.suggestedActions || activity.value !== undefined) return undefined;
  const attachments = activity.attachments ?? [];
  const card = attachments[0];
  if (attachments.length > 1 || (card && card.contentType !== ADAPTIVE_CARD)) return undefined;
  const entities = (activity.entities ?? []) as MentionEntity[];
  if (entities.some((e) => e.type !== 'mention' || !e.mentioned?.id || !e.mentioned.name)) return undefined;
  const mentions: Person[] = entities.map((e) => ({
    aadObjectId: e.mentioned!.aadObjectId ?? e.mentioned!.id!,
    name: e.mentioned!.name!,
  }));
  if (!activity.text && !card) return undefined;
  return {
    ...(activity.text && { text: activity.text }),
    ...(card && { card: card.content as object }),
    ...(mentions.length > 0 && { mentions }),
    ...(activity.summary && { summary: activity.summary }),
  };
}

/**
 * Queues a turn's replies in the outbox, first in line, instead of holding
 * the turn while they wait for a slot of Teams' rate: when more people are
 * waiting for replies than the rate lets out in a second (1,250 admins
 * typing `start quick check` at once), a turn that waited would keep Teams
 * waiting for its answer and, past Teams' patience, end in 429s. The outbox
 * sends them paced, durably and once (the key is the turn's activity).
 * Team channels only: the outbox's messages belong to a PCN.
 */
export class QueuedReplies {
  constructor(
    private readonly outbox: Outbox,
    private readonly dispatcher: Pick<Dispatcher, 'sendFirst'>,
  ) {}

  /** The replies' receipts, or undefined when they must go within the turn after all. */
  async queue(context: TurnContext, activities: readonly Partial<Activity>[]): Promise<ResourceResponse[] | undefined> {
    const turn = readTurn(context.activity);
    if (!turn?.pcnId) return undefined;
    const messages = activities.map(outgoingFor);
    if (messages.some((m) => m === undefined)) return undefined;
    const origin = digest(`${turn.address.conversationId}|${context.activity.id ?? randomUUID()}`);
    const receipts: ResourceResponse[] = [];
    for (const [i, message] of messages.entries()) {
      const queued = await this.outbox.enqueueReply({
        pcnId: turn.pcnId,
        key: `reply:${origin}:${i}`,
        target: { kind: 'conversation', address: turn.address },
        message: message!,
        about: { what: 'reply', recipientName: turn.user.name },
      });
      if (queued.created) this.dispatcher.sendFirst(queued.item);
      // Nothing in the bot reads a reply's id back; Teams gives one only when it is sent.
      receipts.push({ id: '' });
    }
    return receipts;
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
