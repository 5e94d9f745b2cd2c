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
  for (let page = 0; page < options.maxPages; page++) {
    const result = await repo.listPending({ limit: options.pageSize, continuation });
    let allDue = true;
    for (const item of result.items) {
      if (item.nextAttemptAt <= nowIso) items.push(item);
      else {
        later(item.nextAttemptAt);
        allDue = false;
        break;
      }
    }
    continuation = result.continuation;
    more = allDue && continuation !== undefined;
    if (!more) break;
  }
  return { items, nextDueAt: nextDue === undefined ? undefined : Date.parse(nextDue), more };
}
