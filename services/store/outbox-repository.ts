import type { NewOutboxItem, OutboxError, OutboxItem, OutboxStatus, SentMessage } from '../domain';
import { ConflictError } from '../errors';
import type { BatchOperation, DocumentStore, NewDocument, Page, QueryOptions, Stored } from './documents';
import { docId, readAll, updateWithRetry } from './doc-helpers';

/**
 * The outbox: every proactive message is written here first, under its
 * idempotency key, and only then sent by the dispatcher. Items live in the
 * PCN's partition; the dispatcher finds due items across partitions (a job,
 * never a user's request). Every state change is a replace conditional on the
 * ETag, so when two dispatcher instances race for an item exactly one wins.
 */

export type { NewOutboxItem, OutboxError, OutboxErrorKind, OutboxItem, OutboxSource, OutboxStatus } from '../domain';

export const MAX_ERROR_HISTORY = 10;

/** An item as stored: a sent one also carries its time to live (see markSent). */
type OutboxDocument = OutboxItem & { readonly ttl?: number };

/** Cosmos DB ids are at most 255 characters. */
const MAX_ID_LENGTH = 255;

export function outboxId(key: string): string {
  return docId('outbox', key);
}

function withError(item: OutboxItem, error: OutboxError): Pick<OutboxItem, 'lastError' | 'errors'> {
  return { lastError: error, errors: [...item.errors, error].slice(-MAX_ERROR_HISTORY) };
}

/** The item with no claim on it, and no longer marked as awaiting a retry (reschedule marks it again). */
function withoutClaim<T extends OutboxItem>(item: T): Omit<T, 'claimedBy' | 'claimExpiresAt' | 'awaitingRetry' | 'etag'> {
  const {
    claimedBy: _owner,
    claimExpiresAt: _expiry,
    awaitingRetry: _retry,
    etag: _etag,
    ...rest
  } = item as T & { etag?: string };
  return rest;
}

export class OutboxRepository {
  constructor(private readonly docs: DocumentStore) {}

  /** The document a new item becomes. Throws, before anything is written, when its key cannot be a document id. */
  private newDocument(item: NewOutboxItem, now: Date): NewDocument<OutboxItem> {
    if (outboxId(item.key).length > MAX_ID_LENGTH)
      throw new Error(`Outbox key too long (${item.key.length} characters): ${item.key.slice(0, 60)}...`);
    const at = now.toISOString();
    const { notBefore, ...rest } = item;
    return {
      ...rest,
      type: 'outbox',
      id: outboxId(item.key),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: (notBefore ?? now).toISOString(),
      errors: [],
      createdAt: at,
      updatedAt: at,
    };
  }

  /** Batch step (Store.batch): queue the item with the caller's own writes; the batch fails if its key exists. */
  createStep(item: NewOutboxItem, now: Date): BatchOperation {
    return { op: 'create', doc: this.newDocument(item, now) };
  }

  /** Create-only: AlreadyExistsError when the key is already queued (or sent). */
  create(item: NewOutboxItem, now: Date): Promise<Stored<OutboxItem>> {
    return this.docs.create<OutboxItem>(this.newDocument(item, now));
  }

  get(pcnId: string, key: string): Promise<Stored<OutboxItem> | undefined> {
    return this.docs.get<OutboxItem>(pcnId, 'outbox', outboxId(key));
  }

  private replace(item: OutboxDocument & { readonly etag: string }): Promise<Stored<OutboxItem>> {
    const { etag, ...body } = item as OutboxDocument & { etag: string; type?: unknown; id?: unknown };
    return this.docs.replace<OutboxDocument>({ ...body, type: 'outbox', id: outboxId(item.key) }, etag);
  }

  /**
   * Pending items across every PCN, earliest first (a page; the caller stops
   * at the first one not yet due). For the dispatcher only.
   */
  listPending(options: Pick<QueryOptions, 'limit' | 'continuation'> = {}): Promise<Page<OutboxItem>> {
    return this.docs.queryAllPartitions<OutboxItem>('outbox', {
      ...options,
      where: { status: 'pending' },
      orderBy: { field: 'nextAttemptAt' },
    });
  }

  /** Items being sent, soonest claim expiry first; the caller takes over those whose claim has lapsed. */
  listSending(options: Pick<QueryOptions, 'limit' | 'continuation'> = {}): Promise<Page<OutboxItem>> {
    return this.docs.queryAllPartitions<OutboxItem>('outbox', {
      ...options,
      where: { status: 'sending' },
      orderBy: { field: 'claimExpiresAt' },
    });
  }

  /** Items an instance had claimed, for that instance to resume at once after a restart. */
  listClaimedBy(owner: string, options: Pick<QueryOptions, 'limit' | 'continuation'> = {}): Promise<Page<OutboxItem>> {
    return this.docs.queryAllPartitions<OutboxItem>('outbox', { ...options, where: { status: 'sending', claimedBy: owner } });
  }

  /** Every item of one PCN with this status (single partition; unbounded: for tests and tools, not for status). */
  listByStatus(pcnId: string, status: OutboxStatus): Promise<Stored<OutboxItem>[]> {
    return readAll((o) => this.docs.query<OutboxItem>(pcnId, 'outbox', { ...o, where: { status } }));
  }

  /** How many of one PCN's items are in this state, counted by the store without reading them. */
  count(pcnId: string, status: OutboxStatus): Promise<number> {
    return this.docs.count(pcnId, 'outbox', { status });
  }

  /** One PCN's most recently parked items, newest first (parking sets updatedAt). */
  async recentlyParked(pcnId: string, limit: number): Promise<Stored<OutboxItem>[]> {
    const page = await this.docs.query<OutboxItem>(pcnId, 'outbox', {
      where: { status: 'parked' },
      orderBy: { field: 'updatedAt', direction: 'desc' },
      limit,
    });
    return page.items;
  }

  /** One PCN's pending items that failed before and wait to be tried again, soonest first. */
  async awaitingRetry(pcnId: string, limit: number): Promise<Stored<OutboxItem>[]> {
    const page = await this.docs.query<OutboxItem>(pcnId, 'outbox', {
      where: { status: 'pending', awaitingRetry: true },
      orderBy: { field: 'nextAttemptAt' },
      limit,
    });
    return page.items;
  }

  /** When the oldest of one PCN's items still waiting (pending or being sent) was queued. */
  async oldestWaitingSince(pcnId: string): Promise<string | undefined> {
    const oldest = await Promise.all(
      (['pending', 'sending'] as const).map((status) =>
        this.docs.query<OutboxItem>(pcnId, 'outbox', { where: { status }, orderBy: { field: 'createdAt' }, limit: 1 }),
      ),
    );
    return oldest
      .flatMap((page) => page.items.map((i) => i.createdAt))
      .sort()
      .at(0);
  }

  /**
   * Takes the item for one send attempt: 'sending', owned by `owner` until
   * now + ttl. ConflictError means another instance changed it first.
   */
  claim(item: Stored<OutboxItem>, owner: string, now: Date, ttlMs: number): Promise<Stored<OutboxItem>> {
    return this.replace({
      ...item,
      status: 'sending',
      attempts: item.attempts + 1,
      claimedBy: owner,
      claimExpiresAt: new Date(now.getTime() + ttlMs).toISOString(),
      updatedAt: now.toISOString(),
    });
  }

  /**
   * Records a delivery. Teams has the message, so this must stick: if the
   * item changed meanwhile (another instance took over a lapsed claim), it is
   * re-read and marked sent anyway, unless it already is. With
   * `keepForSeconds` the record expires that long after (the document's ttl:
   * Cosmos DB deletes it, SQLite's purgeExpired does); only sent items ever
   * carry one, so nothing waiting to be sent is ever deleted.
   */
  async markSent(
    item: Stored<OutboxItem>,
    sent: SentMessage,
    now: Date,
    keepForSeconds?: number,
  ): Promise<Stored<OutboxItem> | undefined> {
    const at = now.toISOString();
    const expiry = keepForSeconds === undefined ? {} : { ttl: Math.max(1, Math.round(keepForSeconds)) };
    const change = (current: Stored<OutboxItem>): OutboxDocument | undefined =>
      current.status === 'sent'
        ? undefined
        : { ...withoutClaim(current), status: 'sent', sent, sentAt: at, updatedAt: at, ...expiry };
    const next = change(item);
    if (!next) return item;
    try {
      return await this.replace({ ...next, etag: item.etag });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return updateWithRetry<OutboxDocument>(
        () => this.get(item.pcnId, item.key),
        (next) => this.replace(next),
        change,
      );
    }
  }

  /**
   * Records a delivery together with `steps` in one atomic batch in the
   * item's partition (for a card: where it landed, on its round), so a crash
   * cannot leave one without the other. ConflictError, with nothing written,
   * when the item or a step's document changed since read: the caller reads
   * again and retries. Without steps, a plain conditional replace.
   */
  async markSentWith(
    item: Stored<OutboxItem>,
    sent: SentMessage,
    now: Date,
    keepForSeconds: number | undefined,
    steps: readonly BatchOperation[],
  ): Promise<Stored<OutboxItem>> {
    const at = now.toISOString();
    const expiry = keepForSeconds === undefined ? {} : { ttl: Math.max(1, Math.round(keepForSeconds)) };
    const doc: OutboxDocument = { ...withoutClaim(item), status: 'sent', sent, sentAt: at, updatedAt: at, ...expiry };
    const replace: BatchOperation = {
      op: 'replace',
      doc: { ...doc, type: 'outbox', id: outboxId(item.key) },
      ifMatch: item.etag,
    };
    const [stored] = await this.docs.batch(item.pcnId, [replace, ...steps]);
    return stored as Stored<OutboxItem>;
  }

  /**
   * Deletes sent items whose retention has passed (and any other expired
   * document): the periodic job SQLite needs; a no-op on Cosmos DB, which
   * expires them itself. Returns how many went.
   */
  purgeExpired(): Promise<number> {
    return this.docs.purgeExpired();
  }

  /** Back to pending for another attempt at `at`. ConflictError: someone else holds it now. */
  reschedule(item: Stored<OutboxItem>, at: Date, error: OutboxError, now: Date): Promise<Stored<OutboxItem>> {
    return this.replace({
      ...withoutClaim(item),
      ...withError(item, error),
      status: 'pending',
      awaitingRetry: true,
      nextAttemptAt: at.toISOString(),
      updatedAt: now.toISOString(),
      etag: item.etag,
    });
  }

  /** Gives up on the item, keeping the reason for admins. ConflictError: someone else holds it now. */
  park(item: Stored<OutboxItem>, error: OutboxError, now: Date): Promise<Stored<OutboxItem>> {
    return this.replace({
      ...withoutClaim(item),
      ...withError(item, error),
      status: 'parked',
      parkedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      etag: item.etag,
    });
  }

  /** Puts a parked item back in the queue (an admin's "try again"), with its attempts reset. */
  requeue(item: Stored<OutboxItem>, now: Date): Promise<Stored<OutboxItem>> {
    const { parkedAt: _parkedAt, ...rest } = withoutClaim(item);
    return this.replace({
      ...rest,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      updatedAt: now.toISOString(),
      etag: item.etag,
    });
  }
}
