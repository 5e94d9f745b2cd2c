import type { CardJson, QuickCheckCardRenderer } from '../domain';
import type { Clock } from '../clock';
import type { Person } from '../domain';
import { AlreadyExistsError, NotFoundError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { Store } from '../store';
import type { Stored, BatchOperation } from '../store/documents';
import type { NewOutboxItem, OutboxItem } from '../store/outbox-repository';
import type { SentMessage } from '../messenger';
import type { QuickCheckRepository } from '../store/quick-check-repository';
import { requireAdmin, requirePcn } from '../access';
import { personalAddress, postingChannelAddress } from './addresses';
import { cardItem, cardKey, formView, parseCardSource } from './messages';
import { postedCardOf } from './posted-cards';
import { parseQuarter, type Quarter, quarterEnd, quarterOf } from '../domain/quarters';
import type { Round } from '../domain/quick-check';

/** Every card of a round may note itself at once (ten practices, a lead copy each): enough turns for all. */
const ROUND_NOTE_ATTEMPTS = 30;

/** The outbox as this service needs it (services/outbox/outbox.ts satisfies it). */
export interface QuickCheckOutbox {
  enqueue(item: NewOutboxItem): Promise<unknown>;
  /** Queues `items` in one atomic batch with `operations`; false, with nothing written, if any of it already existed. */
  enqueueWith(pcnId: string, items: readonly NewOutboxItem[], operations: readonly BatchOperation[]): Promise<boolean>;
}

export interface OpenRoundResult {
  readonly round: Stored<Round>;
  /** True when this call opened the round; false when it was already open (or closed). */
  readonly created: boolean;
  /**
   * Cards to post, for the outbox: one per practice into the posting channel
   * as a new thread, and (when the PCN asks for it) one 1:1 to each lead who
   * has a chat with the bot. Cards already recorded as posted are left out,
   * so a repeat call re-queues only what may be missing (idempotent by key).
   */
  readonly messages: readonly NewOutboxItem[];
}

/**
 * Opening rounds and sending their cards. A round is create-only per
 * quarter, so any number of schedulers and admins may open it at once and
 * exactly one creates it.
 */
export class RoundService {
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    private readonly repo: QuickCheckRepository,
    private readonly clock: Clock,
    private readonly outbox: QuickCheckOutbox,
    logger: Logger,
    private readonly cards: QuickCheckCardRenderer,
  ) {
    this.log = logger.child({ module: 'quick-check-rounds' });
  }

  currentQuarter(): Quarter {
    return quarterOf(this.clock.now());
  }

  /**
   * Opens the quarter's round if it does not exist yet and returns the cards
   * to post. Idempotent: a second call returns the existing round, and only
   * the cards not yet posted. Does not queue them: the caller does (see start).
   */
  async openRound(pcnId: string, quarterId: string, openedBy?: Person): Promise<OpenRoundResult> {
    const q = parseQuarter(quarterId);
    if (!q) throw new ValidationError('quarter', `${quarterId} is not a quarter such as 2027-Q1.`);
    const pcn = await requirePcn(this.store, pcnId);
    let round = await this.repo.getRound(pcnId, q.id);
    let created = false;
    if (!round) {
      const now = this.clock.now().toISOString();
      try {
        round = await this.repo.createRound({
          pcnId,
          quarter: q.id,
          status: 'open',
          openedAt: now,
          ...(openedBy ? { openedBy } : {}),
          closesAt: quarterEnd(q).toISOString(),
          cards: {},
        });
        created = true;
        this.log.info({ pcnId, quarter: q.id }, 'quick check round opened');
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
        round = await this.repo.getRound(pcnId, q.id);
        if (!round) throw error;
      }
    }
    if (round.status === 'closed' || !pcn.active) return { round, created, messages: [] };

    const practices = await this.store.practices.list(pcnId);
    const channel = await postingChannelAddress(this.store, pcn);
    // Earlier rounds' open actions go on each practice's card as a reminder of what is still to do.
    const earlier = (await this.repo.listActions(pcnId, { status: 'open' })).filter((a) => a.quarter < q.id);
    const messages: NewOutboxItem[] = [];
    for (const practice of practices) {
      const openActions = earlier.filter((a) => a.practiceId === practice.practiceId);
      if (!round.cards[cardKey(practice.practiceId)]) {
        // The channel card waits for the practice's leads: it @mentions them, so Teams tells them.
        const card = this.cards.form(formView(q, practice, { openActions, mentionLeads: true }));
        messages.push(
          cardItem(pcnId, q, practice, { kind: 'newThread', address: channel, channelId: channel.conversationId }, card),
        );
      }
      if (!pcn.settings.quickCheckToLeads) continue;
      // A lead's own copy arrives in their chat, which notifies them already: it mentions nobody.
      let copy: CardJson | undefined;
      for (const lead of practice.leads) {
        if (round.cards[cardKey(practice.practiceId, lead.aadObjectId)]) continue;
        const address = await personalAddress(this.store, pcn.tenantId, lead);
        if (!address) continue;
        copy ??= this.cards.form(formView(q, practice, { openActions }));
        messages.push(cardItem(pcnId, q, practice, { kind: 'conversation', address }, copy, lead.aadObjectId));
      }
    }
    return { round, created, messages };
  }

  /**
   * `start quick check`: an admin opens the current quarter's round now and
   * its cards are queued. When it is already open, any card not yet posted
   * (a practice added since) is queued, and `created` is false.
   */
  async start(pcnId: string, actor: Person): Promise<OpenRoundResult> {
    const pcn = await requirePcn(this.store, pcnId);
    requireAdmin(pcn, actor, 'start the quick check');
    if ((await this.store.practices.list(pcnId)).length === 0) {
      throw new ValidationError(
        'practices',
        'There are no practices to ask yet. Add your practices and their leads with setup first.',
      );
    }
    const result = await this.openRound(pcnId, this.currentQuarter().id, actor);
    await this.queue(result.messages);
    return result;
  }

  /** Queues messages one by one: the outbox ignores keys already queued or sent. */
  async queue(messages: readonly NewOutboxItem[]): Promise<void> {
    for (const message of messages) await this.outbox.enqueue(message);
  }

  /**
   * The dispatcher's sentWith hook: the round with this card noted on it, as
   * a batch step committed with the item's "sent", so a card Teams accepted
   * is on its round whenever it is marked sent. Nothing for other items, or
   * when the round already has it.
   */
  async postedSteps(item: Stored<OutboxItem>, sent: SentMessage): Promise<BatchOperation[]> {
    const source = parseCardSource(item.source);
    const posted = postedCardOf({ ...item, sent, sentAt: this.clock.now().toISOString() }, this.clock.now());
    if (!source || !posted) return [];
    const round = await this.repo.getRound(item.pcnId, source.quarter);
    if (!round || round.cards[source.key]?.activityId === posted.activityId) return [];
    return [this.repo.replaceRoundStep({ ...round, cards: { ...round.cards, [source.key]: posted } })];
  }

  /**
   * The dispatcher's onSent hook: remembers where a quick-check card landed,
   * so reminders can reply in its thread and closing can update it. Other
   * items are ignored. Safe to call twice.
   */
  async recordPosted(item: Pick<OutboxItem, 'pcnId' | 'target' | 'source' | 'sent' | 'sentAt'>): Promise<void> {
    const source = parseCardSource(item.source);
    const posted = postedCardOf(item, this.clock.now());
    if (!source || !posted) return;
    // Many cards of one round land at once, each noting itself on the one round record: the conflicts are
    // expected, and retried (a fresh read each time) until the note holds. Should they all fail, the outbox item
    // still says where the card went, and withSentCards notes it when a reminder or the close needs it.
    const updated = await this.repo.updateRound(
      item.pcnId,
      source.quarter,
      (round) =>
        round.cards[source.key]?.activityId === posted.activityId
          ? undefined
          : { ...round, cards: { ...round.cards, [source.key]: posted } },
      ROUND_NOTE_ATTEMPTS,
    );
    if (!updated) throw new NotFoundError('The quick check round has gone.', `round ${source.quarter} missing in ${item.pcnId}`);
  }
}
