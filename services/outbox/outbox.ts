import type { Clock } from '../clock';
import type { NewOutboxItem, OutboxItem, OutboxStatusReport } from '../domain';
import { AlreadyExistsError, ConflictError } from '../errors';
import type { BatchOperation, Store, Stored } from '../store';
import { MAX_BATCH_OPERATIONS } from '../store/documents';

const REPORT_LIMIT = 10;

export interface EnqueueResult {
  /** The item as stored: the new one, or the one already queued under that key. */
  readonly item: Stored<OutboxItem>;
  /** False when the key was already queued (or sent): nothing new was written. */
  readonly created: boolean;
}

export type { OutboxStatusReport, ParkedSummary, RetryingSummary } from '../domain/outbox';

/** The repository also refuses a key too long to be a document id. */
/** How far back a reply's due time is set, so it is read before work due since the last day. */
export const REPLY_PRIORITY_LEAD_MS = 86_400_000;

function validate(item: NewOutboxItem): void {
  if (!item.key.trim()) throw new Error('An outbox item needs an idempotency key');
  if (!item.message.text && !item.message.card) throw new Error(`Outbox item ${item.key} has neither text nor a card`);
}

/**
 * Where every proactive message goes first. Enqueueing is create-only under
 * the idempotency key, so running the same job twice queues each message
 * once; the Dispatcher sends it. `onEnqueued` lets an in-process dispatcher
 * wake at once instead of at its next poll.
 */
export class Outbox {
  private readonly repository: Store['outbox'];

  constructor(
    private readonly store: Pick<Store, 'outbox' | 'batch'>,
    private readonly clock: Clock,
    private readonly onEnqueued?: () => void,
  ) {
    this.repository = store.outbox;
  }

  /** Queues one message; a key already queued is left as it is (created: false). */
  async enqueue(item: NewOutboxItem): Promise<EnqueueResult> {
    validate(item);
    try {
      const created = await this.repository.create(item, this.clock.now());
      this.onEnqueued?.();
      return { item: created, created: true };
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      const existing = await this.repository.get(item.pcnId, item.key);
      if (!existing) throw error;
      return { item: existing, created: false };
    }
  }

  /**
   * Queues a reply to someone waiting, ahead of everything else due: it is
   * marked urgent, which a dispatcher tries before anything but interrupted
   * sends (backlogFirst), and its due time is set a day back, so any
   * instance's read of the queue, in due-time order, finds it among the
   * first, before a fan-out's cards (due from their opening on).
   */
  enqueueReply(item: Omit<NewOutboxItem, 'notBefore' | 'urgent'>): Promise<EnqueueResult> {
    return this.enqueue({ ...item, urgent: true, notBefore: new Date(this.clock.now().getTime() - REPLY_PRIORITY_LEAD_MS) });
  }

  /**
   * Queues messages together with the caller's own writes (repositories'
   * batch steps) in one atomic batch in the PCN's partition (for example: a
   * practice's answers and the advice they send), so
   * either both exist or neither. Returns false, having written nothing, when
   * something in the batch already existed (an outbox key, or a record the
   * caller creates): the work was done before.
   */
  async enqueueWith(
    pcnId: string,
    items: readonly NewOutboxItem[],
    operations: readonly BatchOperation[] = [],
  ): Promise<boolean> {
    items.forEach(validate);
    if (items.some((i) => i.pcnId !== pcnId)) throw new Error('Every outbox item in a batch must belong to the batch partition');
    if (items.length + operations.length > MAX_BATCH_OPERATIONS) {
      throw new Error(`A batch may hold at most ${MAX_BATCH_OPERATIONS} operations; split the work`);
    }
    const now = this.clock.now();
    const steps = [...operations, ...items.map((i) => this.repository.createStep(i, now))];
    try {
      await this.store.batch(pcnId, steps);
    } catch (error) {
      if (error instanceof AlreadyExistsError) return false;
      throw error;
    }
    if (items.length > 0) this.onEnqueued?.();
    return true;
  }

  /** One item by key, for a caller that wants to know what became of it. */
  get(pcnId: string, key: string): Promise<Stored<OutboxItem> | undefined> {
    return this.repository.get(pcnId, key);
  }

  /**
   * Puts a parked item back in the queue with its attempts reset (an admin's
   * "try again" once the cause is fixed). False if it is not parked.
   */
  async requeue(pcnId: string, key: string): Promise<boolean> {
    const item = await this.repository.get(pcnId, key);
    if (item?.status !== 'parked') return false;
    try {
      await this.repository.requeue(item, this.clock.now());
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
    this.onEnqueued?.();
    return true;
  }

  /**
   * Counts by state, the parked items with their reasons, and what is
   * waiting to retry: for the `status` command. Bounded whatever the
   * outbox holds: four counts and four short queries in the PCN's partition.
   */
  async status(pcnId: string): Promise<OutboxStatusReport> {
    const [pending, sending, sent, parkedCount, parked, retrying, oldestPendingSince] = await Promise.all([
      this.repository.count(pcnId, 'pending'),
      this.repository.count(pcnId, 'sending'),
      this.repository.count(pcnId, 'sent'),
      this.repository.count(pcnId, 'parked'),
      this.repository.recentlyParked(pcnId, REPORT_LIMIT),
      this.repository.awaitingRetry(pcnId, REPORT_LIMIT),
      this.repository.oldestWaitingSince(pcnId),
    ]);
    return {
      pcnId,
      counts: { pending, sending, sent, parked: parkedCount },
      parked: parked.map((i) => ({
        key: i.key,
        about: i.about,
        createdAt: i.createdAt,
        parkedAt: i.parkedAt,
        attempts: i.attempts,
        error: i.lastError,
      })),
      retrying: retrying.map((i) => ({
        key: i.key,
        about: i.about,
        createdAt: i.createdAt,
        nextAttemptAt: i.nextAttemptAt,
        attempts: i.attempts,
        error: i.lastError,
      })),
      oldestPendingSince,
    };
  }
}
