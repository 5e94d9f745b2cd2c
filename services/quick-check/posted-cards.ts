import type { Logger } from '../logger';
import type { Store } from '../store';
import type { Stored } from '../store/documents';
import type { OutboxItem } from '../store/outbox-repository';
import type { QuickCheckRepository } from '../store/quick-check-repository';
import type { Practice } from '../domain';
import type { PostedCard, Round } from '../domain/quick-check';
import { cardItemKey, cardKey, parseCardSource } from './messages';

/**
 * Where a sent card landed, from its outbox item: the dispatcher records the
 * activity id and conversation on the item in the same write that marks it
 * sent, so this is known for every card Teams accepted, whatever happened after.
 */
export function postedCardOf(item: Pick<OutboxItem, 'target' | 'source' | 'sent' | 'sentAt'>, now: Date): PostedCard | undefined {
  const source = parseCardSource(item.source);
  if (!source || !item.sent) return undefined;
  return {
    practiceId: source.practiceId,
    audience: source.leadId ? 'lead' : 'channel',
    ...(source.leadId ? { leadId: source.leadId } : {}),
    // A new thread's id is `<channelId>;messageid=<id>`: replies and updates go there.
    address: { ...item.target.address, conversationId: item.sent.conversationId },
    activityId: item.sent.activityId,
    postedAt: item.sentAt ?? now.toISOString(),
  };
}

/**
 * The round with every card that was sent on it, including any the round
 * record missed (the bot was stopped between marking a card sent and noting
 * it on the round, or that note lost every race for the round record):
 * those are read from their outbox items and written onto the round, so a
 * reminder replies in the card's thread and the close updates the card,
 * instead of posting it again. One point read per card missing, none when
 * the round is complete.
 */
export async function withSentCards(
  store: Pick<Store, 'outbox'>,
  repo: QuickCheckRepository,
  round: Stored<Round>,
  practices: readonly Practice[],
  now: Date,
  log: Logger,
): Promise<Stored<Round>> {
  const missing = practices.flatMap((p) =>
    [undefined, ...p.leads.map((l) => l.aadObjectId)]
      .filter((leadId) => !round.cards[cardKey(p.practiceId, leadId)])
      .map((leadId) => ({ practiceId: p.practiceId, leadId })),
  );
  if (missing.length === 0 || round.status === 'closed') return round;
  const items = await Promise.all(
    missing.map((m) => store.outbox.get(round.pcnId, cardItemKey(round.quarter, m.practiceId, m.leadId))),
  );
  const found = new Map<string, PostedCard>();
  for (const item of items) {
    const posted = item?.status === 'sent' ? postedCardOf(item, now) : undefined;
    if (posted) found.set(cardKey(posted.practiceId, posted.leadId), posted);
  }
  if (found.size === 0) return round;
  log.warn(
    { pcnId: round.pcnId, quarter: round.quarter, cards: found.size },
    'cards sent but not noted on their round: noted now',
  );
  const updated = await repo.updateRound(round.pcnId, round.quarter, (current) => {
    const add = [...found].filter(([key]) => !current.cards[key]);
    return add.length === 0 ? undefined : { ...current, cards: { ...current.cards, ...Object.fromEntries(add) } };
  });
  return updated ?? round;
}
