/**
 * The document layer every Store adapter implements. It mirrors Cosmos DB:
 * documents live in one partition per PCN (`pcnId`), carry a `type`
 * discriminator, and every write that can race is conditional on an ETag.
 * The typed repositories (repositories.ts) are built on this and are shared
 * by every adapter, so behaviour cannot drift between SQLite and Cosmos DB.
 */

/**
 * Expiry, as Cosmos DB's time to live: a document whose top-level `ttl` is a
 * positive whole number of seconds is deleted that long after its last
 * write; without one (or with -1) it is kept. Cosmos DB deletes expired
 * documents itself (the `pcn` container has TTL on with no default: -1);
 * SQLite deletes them when purgeExpired runs (the dispatcher calls it at
 * most hourly). `ttl` means this in every document and nothing else.
 */
export const MAX_TTL_SECONDS = 2_147_483_647;

/** A document's ttl as the adapters accept it: absent, -1, or 1 to MAX_TTL_SECONDS whole seconds. */
export function assertTtl(doc: object): void {
  const ttl = (doc as { ttl?: unknown }).ttl;
  if (ttl === undefined || ttl === -1) return;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    throw new Error(`Invalid ttl ${JSON.stringify(ttl)}: a document's ttl is -1 or a whole number of seconds from 1`);
  }
}

/** What every stored document carries besides its own fields. */
export interface DocumentKey {
  /** Partition: the PCN that owns the document (or a tenant partition for per-user records). */
  readonly pcnId: string;
  readonly type: DocType;
  /** Unique within (pcnId); by convention `<type>:<natural key>`. */
  readonly id: string;
}

export type DocType =
  | 'pcn'
  | 'practice'
  | 'conversationRef'
  | 'userRef'
  | 'round'
  | 'answer'
  | 'answerHistory'
  | 'action'
  | 'plan'
  | 'channel'
  | 'reminder'
  | 'outbox'
  | 'processed'
  | 'campaign'
  | 'calendar'
  /** A running bot instance's heartbeat, in the `instances` partition (see lease-repository.ts). */
  | 'instance';

export type NewDocument<T> = DocumentKey & T;

/** A document as read back: with the ETag to pass to a conditional write. */
export type Stored<T> = DocumentKey & T & { readonly etag: string };

export type FieldValue = string | number | boolean | null;

export interface StringRange {
  readonly from?: string;
  readonly to?: string;
}

export interface QueryOptions {
  /** Equality filters on top-level fields (ANDed). */
  readonly where?: Readonly<Record<string, FieldValue>>;
  /**
   * Only documents whose id starts with this (ANDed with `where`). Ids lead
   * with their natural key (`answer:<quarter>:<practice>`), so a prefix reads
   * one quarter through the primary key instead of testing every document's
   * body (SQLite: an id range; Cosmos DB: STARTSWITH on the indexed id).
   */
  readonly idPrefix?: string;
  /**
   * Ranges on top-level string fields (ANDed with the rest), both ends
   * inclusive and either optional: only documents whose field is a string
   * within the range match (ISO dates sort as they read). Lets a date
   * question read the documents it shows rather than whole months of them.
   */
  readonly ranges?: Readonly<Record<string, StringRange>>;
  /** Sort by a top-level field; ties break on id. Default: id ascending. */
  readonly orderBy?: { readonly field: string; readonly direction?: 'asc' | 'desc' };
  /** Page size; default 100, at most 1000. */
  readonly limit?: number;
  /** Opaque token from a previous page. */
  readonly continuation?: string;
}

export interface Page<T> {
  readonly items: Stored<T>[];
  /** Present when there may be more; pass it back to get the next page. */
  readonly continuation?: string;
}

export type BatchOperation =
  | { readonly op: 'create'; readonly doc: NewDocument<object> }
  | { readonly op: 'upsert'; readonly doc: NewDocument<object> }
  | { readonly op: 'replace'; readonly doc: NewDocument<object>; readonly ifMatch: string }
  | { readonly op: 'delete'; readonly type: DocType; readonly id: string; readonly ifMatch?: string };

/** A scheduler lease: one document per job-and-period, held by one instance until it expires. */
export interface Lease {
  readonly id: string;
  readonly owner: string;
  readonly expiresAt: string;
  readonly etag: string;
}

/**
 * The document store port. Adapters: SQLite (embedded default) and Cosmos DB.
 * Errors: ConflictError (ETag mismatch), AlreadyExistsError (create on a taken
 * id), StoreBusyError (throttled or unavailable after retries).
 */
export interface DocumentStore {
  /** Which adapter this is, for /healthz and logs only. */
  readonly kind: 'sqlite' | 'cosmos';
  /** Creates tables/containers if configured and checks the connection. */
  init(): Promise<void>;
  /** A point read; undefined when absent (never throws for a missing document). */
  get<T>(pcnId: string, type: DocType, id: string): Promise<Stored<T> | undefined>;
  /** Create-only: AlreadyExistsError if the id is taken in that partition. */
  create<T>(doc: NewDocument<T>): Promise<Stored<T>>;
  /** Replace only if the stored ETag still matches; ConflictError otherwise (or if absent). */
  replace<T>(doc: NewDocument<T>, ifMatch: string): Promise<Stored<T>>;
  /** Unconditional write; use only where last-writer-wins is correct. */
  upsert<T>(doc: NewDocument<T>): Promise<Stored<T>>;
  /** Delete; with ifMatch, ConflictError on mismatch. Deleting an absent document is a no-op without ifMatch. */
  delete(pcnId: string, type: DocType, id: string, ifMatch?: string): Promise<void>;
  /** Single-partition query by type: the only kind a user's request may make. */
  query<T>(pcnId: string, type: DocType, options?: QueryOptions): Promise<Page<T>>;
  /**
   * How many documents of `type` in one partition match `where` (the same
   * type-exact filters as query), counted by the store without reading them
   * (SQLite: SELECT COUNT; Cosmos DB: SELECT VALUE COUNT(1)).
   */
  count(pcnId: string, type: DocType, where?: QueryOptions['where']): Promise<number>;
  /**
   * Cross-partition query, for scheduled jobs only (never on a user's path):
   * for example every PCN, or every pending outbox item.
   */
  queryAllPartitions<T>(type: DocType, options?: QueryOptions): Promise<Page<T>>;
  /** All-or-nothing writes within one partition (at most 100 operations). */
  batch(pcnId: string, operations: readonly BatchOperation[]): Promise<Stored<object>[]>;
  /**
   * Claims the lease if absent, expired, or already this owner's (then it is
   * renewed: a heartbeat, or an instance restarted under the same name taking
   * its own lease back at once); returns it, or undefined if another owner holds it.
   */
  claimLease(id: string, owner: string, ttlMs: number, now: Date): Promise<Lease | undefined>;
  /** Gives a lease up early (only if still held by this owner). */
  releaseLease(id: string, owner: string): Promise<void>;
  /**
   * Deletes documents whose ttl has passed (see assertTtl) and returns how
   * many. SQLite does it here; Cosmos DB does it by itself, so there this
   * does nothing. Safe to run on several instances at once.
   */
  purgeExpired(): Promise<number>;
  /** Cheap liveness check for /healthz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Fields the store manages; stripped from documents before they are written. */
export const SYSTEM_FIELDS = ['etag', '_etag', '_rid', '_self', '_attachments', '_ts', '_lsn'] as const;

export function stripSystemFields<T extends object>(doc: T): T {
  const copy = { ...doc } as Record<string, unknown>;
  for (const f of SYSTEM_FIELDS) delete copy[f];
  return copy as unknown as T;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
export const MAX_BATCH_OPERATIONS = 100;

/** Field names allowed in where/orderBy: plain identifiers, so adapters can embed them safely. */
export function assertFieldName(field: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(field)) throw new Error(`Invalid field name in query: ${field}`);
}

/**
 * Ids as Cosmos DB accepts them: non-empty, at most 255 characters, none of
 * / \ ? #. Every adapter enforces it so a bad id fails the same way everywhere.
 * (The repositories escape natural keys with docId, so this catches bypasses.)
 */
export function assertDocumentId(id: string): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > 255 || /[/\\?#]/.test(id)) {
    throw new Error(`Invalid document id (empty, too long, or contains / \\ ? #): ${JSON.stringify(id)}`);
  }
}

export function assertPartition(pcnId: string): void {
  if (typeof pcnId !== 'string' || pcnId.length === 0) throw new Error('A document needs a non-empty pcnId (its partition)');
}

/**
 * Fields queries may sort by. Cosmos DB serves an ORDER BY on two or more
 * properties (the field, then the id tie-break) only from a composite index,
 * so each needs one (services/store/cosmos/indexing.ts and the Bicep
 * template). Every adapter refuses other fields, so no query works on one
 * store and fails on the other.
 */
export const SORTABLE_FIELDS: readonly string[] = [
  'name',
  'createdAt',
  'updatedAt',
  'date',
  'dueAt',
  'nextAttemptAt',
  'claimExpiresAt',
];

/** Whether an ORDER BY on `field` is allowed (and indexed). */
export function isSortable(field: string, sortableFields: readonly string[]): boolean {
  return field === 'id' || field === 'pcnId' || field === 'type' || sortableFields.includes(field);
}

export function assertSortable(field: string, sortableFields: readonly string[]): void {
  assertFieldName(field);
  if (!isSortable(field, sortableFields)) {
    throw new Error(
      `Cannot order by "${field}": it has no composite index. Add it to SORTABLE_FIELDS in services/store/documents.ts and to the Bicep indexing policy.`,
    );
  }
}

export function pageSize(options?: QueryOptions): number {
  const n = options?.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 1) throw new Error('Query limit must be a positive whole number');
  return Math.min(n, MAX_PAGE_SIZE);
}
