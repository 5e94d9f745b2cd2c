import { ConflictError } from '../errors';
import type { DocType, Page, QueryOptions, Stored } from './documents';

/**
 * Helpers every typed repository shares. Ids are
 * `<type>:<escaped natural key>`; escaping keeps characters Cosmos DB forbids
 * in ids (/ \ ? #) out of them while staying reversible.
 */
export function docId(type: DocType, key: string): string {
  return `${type}:${encodeURIComponent(key)}`;
}

/** Reads every page of a single-partition query (bounded lists such as a PCN's practices). */
export async function readAll<T>(
  fetchPage: (options: QueryOptions) => Promise<Page<T>>,
  options: QueryOptions = {},
): Promise<Stored<T>[]> {
  const all: Stored<T>[] = [];
  let continuation: string | undefined;
  do {
    const page = await fetchPage({ ...options, continuation, limit: options.limit ?? 500 });
    all.push(...page.items);
    continuation = page.continuation;
  } while (continuation);
  return all;
}

/**
 * Read-modify-write with the ETag, re-read and retried when another writer won.
 * `change` returns the new record, or undefined to leave it as it is.
 * Returns the record as stored afterwards (undefined if absent).
 */
export async function updateWithRetry<T>(
  read: () => Promise<Stored<T> | undefined>,
  write: (next: Stored<T>) => Promise<Stored<T>>,
  change: (current: Stored<T>) => T | undefined,
  attempts = 5,
): Promise<Stored<T> | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = await read();
    if (!current) return undefined;
    const next = change(current);
    if (!next) return current;
    try {
      return await write({ ...next, etag: current.etag } as Stored<T>);
    } catch (error) {
      if (attempt < attempts && error instanceof ConflictError) continue;
      throw error;
    }
  }
}
