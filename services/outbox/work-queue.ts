import type { Stored } from '../store/documents';
import type { OutboxItem, OutboxRepository } from '../store/outbox-repository';

/** One refill of the dispatcher's local view of due work. */
export interface DueWork {
  /** Items to attempt now: lapsed claims first (they are the oldest work), then pending items by due time. */
  readonly items: Stored<OutboxItem>[];
  /** The earliest time (ms) something not yet due becomes due, if known. */
  readonly nextDueAt?: number;
  /** True when there were more due items than were read: read again as soon as these are done. */
  readonly more: boolean;
}

export interface WorkQueueOptions {
  /** Items per page read. */
  readonly pageSize: number;
  /** Pages read at most per refill, so items held back by one busy conversation cannot hide the rest. */
  readonly maxPages: number;
  /**
   * Items the caller already holds until they are due (its own retries): they
   * do not count as the next thing to wake for, or every retry would cost a read.
   */
  readonly held?: (item: Stored<OutboxItem>) => boolean;
}

/**
 * Reads due outbox items across every PCN. The store has only equality
 * filters, so it reads in due-time order and stops at the first item not yet
 * due. ISO-8601 UTC strings compare in time order.
 */
export async function readDueWork(repo: OutboxRepository, now: Date, options: WorkQueueOptions): Promise<DueWork> {
  const nowIso = now.toISOString();
  const items: Stored<OutboxItem>[] = [];
  let nextDue: string | undefined;
  const later = (iso: string | undefined) => {
    if (iso !== undefined && (nextDue === undefined || iso < nextDue)) nextDue = iso;
  };

  // Claims an instance let lapse (it crashed, or lost the store) are taken over once expired.
  const sending = await repo.listSending({ limit: options.pageSize });
  for (const item of sending.items) {
    if ((item.claimExpiresAt ?? '') <= nowIso) items.push(item);
    else {
      later(item.claimExpiresAt);
      break;
    }
  }

  let continuation: string | undefined;
  let more = false;
  // Past the due items: looking for the first one the caller does not hold, to know when to wake.
  let searching = false;
  for (let page = 0; page < options.maxPages; page++) {
    const result = await repo.listPending({ limit: options.pageSize, continuation });
    let found = false;
    for (const item of result.items) {
      if (!searching && item.nextAttemptAt <= nowIso) {
        items.push(item);
        continue;
      }
      // Nothing after the first item not yet due is due either; read on past held ones, onto the next page if need be.
      searching = true;
      if (options.held?.(item)) continue;
      later(item.nextAttemptAt);
      found = true;
      break;
    }
    continuation = result.continuation;
    more = !searching && continuation !== undefined;
    if (continuation === undefined || found || !(more || searching)) break;
  }
  return { items, nextDueAt: nextDue === undefined ? undefined : Date.parse(nextDue), more };
}

/**
 * The order to attempt due items in: lapsed claims first (the oldest work),
 * then replies someone is waiting for (urgent), then the conversations with
 * the most items waiting. Every item here is due,
 * so the order is free to choose; Teams' per-conversation limits (7 a second,
 * 8 in two) make a channel with ten cards need two seconds whatever the
 * global rate, so starting the longest queues first keeps them from being
 * what the whole fan-out waits for at the end. Stable: otherwise due order.
 */
export function backlogFirst(
  items: readonly Stored<OutboxItem>[],
  keyOf: (item: Stored<OutboxItem>) => string,
): Stored<OutboxItem>[] {
  const counts = new Map<string, number>();
  const keys = items.map((item) => {
    const key = keyOf(item);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return key;
  });
  const rank = (i: number) => {
    const item = items[i] as Stored<OutboxItem>;
    if (item.status === 'sending') return Number.MAX_SAFE_INTEGER;
    return item.urgent ? Number.MAX_SAFE_INTEGER - 1 : (counts.get(keys[i] as string) ?? 0);
  };
  return items
    .map((_, i) => i)
    .sort((a, b) => rank(b) - rank(a) || a - b)
    .map((i) => items[i] as Stored<OutboxItem>);
}

const itemId = (item: Stored<OutboxItem>) => `${item.pcnId}\u0000${item.key}`;

/**
 * Items this instance rescheduled after a failed attempt, held until due so
 * that a retry costs no store read: the dispatcher already has the item as
 * stored (with its ETag). Soonest first. A read of the store supersedes them.
 */
export class RetryList {
  private items: Stored<OutboxItem>[] = [];
  private readonly ids = new Set<string>();

  add(item: Stored<OutboxItem>): void {
    if (this.ids.has(itemId(item))) this.items = this.items.filter((i) => itemId(i) !== itemId(item));
    this.ids.add(itemId(item));
    const at = item.nextAttemptAt;
    let i = this.items.length;
    while (i > 0 && (this.items[i - 1] as Stored<OutboxItem>).nextAttemptAt > at) i--;
    this.items.splice(i, 0, item);
  }

  /** When the soonest becomes due (ms since the epoch), if any. */
  nextAt(): number | undefined {
    const first = this.items[0];
    return first ? Date.parse(first.nextAttemptAt) : undefined;
  }

  /** Removes and returns the items due at `nowIso`. */
  takeDue(nowIso: string): Stored<OutboxItem>[] {
    let n = 0;
    while (n < this.items.length && (this.items[n] as Stored<OutboxItem>).nextAttemptAt <= nowIso) n++;
    const due = this.items.splice(0, n);
    due.forEach((item) => this.ids.delete(itemId(item)));
    return due;
  }

  /** Whether this item (by key) is held here. */
  has(item: Stored<OutboxItem>): boolean {
    return this.ids.has(itemId(item));
  }

  /** Forgets items a fresh read returned (the read's copy is as new or newer). */
  supersede(read: readonly Stored<OutboxItem>[]): void {
    if (this.items.length === 0) return;
    const ids = new Set(read.map(itemId));
    this.items = this.items.filter((item) => !ids.has(itemId(item)));
    for (const id of ids) this.ids.delete(id);
  }

  get size(): number {
    return this.items.length;
  }
}

/** Puts due retries at the front of the ready list, skipping any the list already has. */
export function withRetries(ready: Stored<OutboxItem>[], retries: readonly Stored<OutboxItem>[]): Stored<OutboxItem>[] {
  if (retries.length === 0) return ready;
  const ids = new Set(ready.map(itemId));
  return [...retries.filter((item) => !ids.has(itemId(item))), ...ready];
}
