import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { AlreadyExistsError, ConflictError, StoreBusyError } from '../../errors';
import {
  assertDocumentId,
  assertPartition,
  assertTtl,
  type BatchOperation,
  type DocType,
  type DocumentStore,
  type Lease,
  MAX_BATCH_OPERATIONS,
  type NewDocument,
  type Page,
  type QueryOptions,
  SORTABLE_FIELDS,
  type Stored,
  stripSystemFields,
} from '../documents';
import { migrate } from './migrations';
import { PlannerStatistics } from './planner-statistics';
import { countQuery, nextContinuation, pageQuery } from './sqlite-query';
import { JOURNAL_SIZE_LIMIT_BYTES, WalCheckpointer } from './wal-checkpointer';

/** SQLite's own default: checkpoint inside the commit that takes the log past 1,000 pages. */
const INLINE_AUTOCHECKPOINT_PAGES = 1000;

interface Row {
  pcn_id: string;
  id: string;
  type: string;
  etag: string;
  body: string;
}

const newEtag = () => `"${randomUUID()}"`;

/** When a document written now expires (ms since the epoch), from its ttl in seconds; null when it never does. */
function expiresAt(doc: object, now: number): number | null {
  const ttl = (doc as { ttl?: unknown }).ttl;
  return typeof ttl === 'number' && ttl > 0 ? now + ttl * 1000 : null;
}

/**
 * Runs one store call, turning SQLite's "database is busy/locked" (another
 * process held the write lock past the busy timeout) into StoreBusyError, as
 * the Cosmos DB adapter does with persistent throttling: the bot tells the
 * person to try again in a minute, and nothing was written.
 */
function busyAware<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) {
      throw new StoreBusyError(`SQLite: ${(error as Error).message} (${code})`);
    }
    throw error;
  }
}

/** Queries are built from a few shapes (values are bound, never inlined), so the cache stays small; the cap is a backstop. */
const MAX_CACHED_STATEMENTS = 256;

/**
 * The embedded store: one SQLite file (WAL mode) holding documents with the
 * same partitioning and conditional-write semantics as Cosmos DB. Several
 * processes may share the file; SQLite serialises their writes.
 */
export class SqliteDocumentStore implements DocumentStore {
  readonly kind = 'sqlite' as const;
  private db?: Database.Database;
  private statistics?: PlannerStatistics;
  private checkpointer?: WalCheckpointer;
  private checkpointerStarting?: Promise<void>;
  /**
   * Prepared statements by SQL text. Preparing costs more than running a
   * point read or write, and the dispatcher runs several per send.
   */
  private readonly statements = new Map<string, Database.Statement>();

  /**
   * @param file the database file (created with its folder), or ':memory:'
   * @param sortableFields fields queries may order by; the same list the Cosmos DB adapter indexes
   */
  constructor(
    private readonly file: string,
    private readonly sortableFields: readonly string[] = SORTABLE_FIELDS,
    /** How long a call waits for another process's write lock before StoreBusyError; default 5 s. */
    private readonly busyTimeoutMs = 5_000,
    /** The wall clock expiry counts on (ms since the epoch), as Cosmos DB's server clock; tests may pass another. */
    private readonly now: () => number = Date.now,
  ) {}

  async init(): Promise<void> {
    if (this.db) return;
    if (this.file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    const db = new Database(this.file);
    // The busy timeout first: switching to WAL and migrating both wait for any other process starting at once.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(this.busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    this.statistics = new PlannerStatistics(db);
    this.db = db;
    // Not awaited: the worker takes tens of milliseconds to start, and the bot is ready without it (SQLite's own
    // checkpoints carry on until it is).
    if (this.file !== ':memory:') this.checkpointerStarting = this.checkpointOffTheEventLoop(db);
  }

  /** Resolves once checkpoints have moved to the worker (or stayed inline); close() waits for it too. */
  async checkpointerStarted(): Promise<'worker' | 'inline'> {
    await this.checkpointerStarting;
    return this.checkpointing;
  }

  /**
   * Moves the write-ahead log's checkpoints to a worker thread (see
   * WalCheckpointer). This connection stops checkpointing only once the
   * worker's connection is open, and starts again if the worker ever fails,
   * so the log never grows without bound.
   */
  private async checkpointOffTheEventLoop(db: Database.Database): Promise<void> {
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
    try {
      const checkpointer = await WalCheckpointer.start(path.resolve(this.file), () => this.checkpointInline());
      if (this.db !== db) {
        // Closed while the worker started.
        await checkpointer.stop();
        return;
      }
      this.checkpointer = checkpointer;
      db.pragma('wal_autocheckpoint = 0');
    } catch {
      this.checkpointInline();
    }
  }

  private checkpointInline(): void {
    this.checkpointer = undefined;
    this.db?.pragma(`wal_autocheckpoint = ${INLINE_AUTOCHECKPOINT_PAGES}`);
  }

  /** Where the write-ahead log is checkpointed: on the worker thread, or inside commits (memory databases, or the worker failed). */
  get checkpointing(): 'worker' | 'inline' {
    return this.checkpointer ? 'worker' : 'inline';
  }

  /** This connection's own automatic checkpoint threshold in pages (0 while the worker checkpoints). */
  get autocheckpointPages(): number {
    return this.conn.pragma('wal_autocheckpoint', { simple: true }) as number;
  }

  /** The worker's last checkpoint (frames in the log, and how many are now in the file). */
  get lastCheckpoint(): { log: number; checkpointed: number } | undefined {
    return this.checkpointer?.lastResult;
  }

  /** A checkpoint now on the worker (tests and benchmarks); undefined when checkpoints are inline. */
  checkpointNow(): Promise<{ log: number; checkpointed: number } | undefined> {
    return this.checkpointer?.checkpointNow() ?? Promise.resolve(undefined);
  }

  private get conn(): Database.Database {
    if (!this.db) throw new Error('SqliteDocumentStore used before init()');
    return this.db;
  }

  /** The prepared statement for `sql`, prepared once per connection. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.conn.prepare(sql);
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async get<T>(pcnId: string, type: DocType, id: string): Promise<Stored<T> | undefined> {
    return busyAware(() => this.getSync<T>(pcnId, type, id));
  }

  private getSync<T>(pcnId: string, type: DocType, id: string): Stored<T> | undefined {
    checkKey(pcnId, id);
    const row = this.statement('SELECT * FROM documents WHERE pcn_id = ? AND id = ?').get(pcnId, id) as Row | undefined;
    if (!row || row.type !== type) return undefined;
    return toStored<T>(row);
  }

  async create<T>(doc: NewDocument<T>): Promise<Stored<T>> {
    this.statistics?.noteWrites(1);
    return busyAware(() => this.createSync(doc));
  }

  private createSync<T>(doc: NewDocument<T>): Stored<T> {
    const clean = stripSystemFields(doc);
    checkKey(clean.pcnId, clean.id);
    assertTtl(clean);
    const etag = newEtag();
    const result = this.statement(
      'INSERT INTO documents (pcn_id, id, type, etag, body, expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ).run(clean.pcnId, clean.id, clean.type, etag, JSON.stringify(clean), expiresAt(clean, this.now()));
    if (result.changes === 0) throw new AlreadyExistsError(`${clean.type} ${clean.id} already exists in ${clean.pcnId}`);
    return { ...clean, etag } as Stored<T>;
  }

  async replace<T>(doc: NewDocument<T>, ifMatch: string): Promise<Stored<T>> {
    this.statistics?.noteWrites(1);
    return busyAware(() => this.replaceSync(doc, ifMatch));
  }

  private replaceSync<T>(doc: NewDocument<T>, ifMatch: string): Stored<T> {
    const clean = stripSystemFields(doc);
    checkKey(clean.pcnId, clean.id);
    assertTtl(clean);
    const etag = newEtag();
    const result = this.statement(
      'UPDATE documents SET etag = ?, body = ?, type = ?, expires_at = ? WHERE pcn_id = ? AND id = ? AND etag = ?',
    ).run(etag, JSON.stringify(clean), clean.type, expiresAt(clean, this.now()), clean.pcnId, clean.id, ifMatch);
    if (result.changes === 0) throw new ConflictError(`${clean.type} ${clean.id} changed or vanished since it was read`);
    return { ...clean, etag } as Stored<T>;
  }

  async upsert<T>(doc: NewDocument<T>): Promise<Stored<T>> {
    this.statistics?.noteWrites(1);
    return busyAware(() => this.upsertSync(doc));
  }

  private upsertSync<T>(doc: NewDocument<T>): Stored<T> {
    const clean = stripSystemFields(doc);
    checkKey(clean.pcnId, clean.id);
    assertTtl(clean);
    const etag = newEtag();
    this.statement(
      `INSERT INTO documents (pcn_id, id, type, etag, body, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (pcn_id, id) DO UPDATE SET
         type = excluded.type, etag = excluded.etag, body = excluded.body, expires_at = excluded.expires_at`,
    ).run(clean.pcnId, clean.id, clean.type, etag, JSON.stringify(clean), expiresAt(clean, this.now()));
    return { ...clean, etag } as Stored<T>;
  }

  async delete(pcnId: string, type: DocType, id: string, ifMatch?: string): Promise<void> {
    busyAware(() => this.deleteSync(pcnId, type, id, ifMatch));
  }

  private deleteSync(pcnId: string, type: DocType, id: string, ifMatch?: string): void {
    checkKey(pcnId, id);
    if (ifMatch === undefined) {
      this.statement('DELETE FROM documents WHERE pcn_id = ? AND id = ? AND type = ?').run(pcnId, id, type);
      return;
    }
    const result = this.statement('DELETE FROM documents WHERE pcn_id = ? AND id = ? AND type = ? AND etag = ?').run(
      pcnId,
      id,
      type,
      ifMatch,
    );
    if (result.changes === 0) throw new ConflictError(`${type} ${id} changed or vanished since it was read`);
  }

  async query<T>(pcnId: string, type: DocType, options?: QueryOptions): Promise<Page<T>> {
    return busyAware(() => this.runQuery<T>(pcnId, type, options));
  }

  async queryAllPartitions<T>(type: DocType, options?: QueryOptions): Promise<Page<T>> {
    return busyAware(() => this.runQuery<T>(undefined, type, options));
  }

  async count(pcnId: string, type: DocType, where?: QueryOptions['where']): Promise<number> {
    const query = countQuery(pcnId, type, where);
    return busyAware(() => (this.statement(query.sql).get(...query.params) as { n: number }).n);
  }

  private runQuery<T>(pcnId: string | undefined, type: DocType, options?: QueryOptions): Page<T> {
    const query = pageQuery(pcnId, type, options, this.sortableFields);
    const rows = this.statement(query.sql).all(...query.params) as Row[];
    const more = rows.length > query.limit;
    return {
      items: rows.slice(0, query.limit).map((r) => toStored<T>(r)),
      continuation: more ? nextContinuation(query) : undefined,
    };
  }

  async batch(pcnId: string, operations: readonly BatchOperation[]): Promise<Stored<object>[]> {
    if (operations.length === 0) return [];
    this.statistics?.noteWrites(operations.length);
    if (operations.length > MAX_BATCH_OPERATIONS) throw new Error(`A batch may hold at most ${MAX_BATCH_OPERATIONS} operations`);
    for (const op of operations) {
      if (op.op !== 'delete' && op.doc.pcnId !== pcnId)
        throw new Error('Every document in a batch must belong to the batch partition');
    }
    const run = this.conn.transaction(() =>
      operations.map((op): Stored<object> | undefined => {
        switch (op.op) {
          case 'create':
            return this.createSync(op.doc);
          case 'upsert':
            return this.upsertSync(op.doc);
          case 'replace':
            return this.replaceSync(op.doc, op.ifMatch);
          case 'delete':
            this.deleteSync(pcnId, op.type, op.id, op.ifMatch ?? undefined);
            return undefined;
        }
      }),
    );
    return busyAware(() => run.immediate()).filter((d): d is Stored<object> => d !== undefined);
  }

  async claimLease(id: string, owner: string, ttlMs: number, now: Date): Promise<Lease | undefined> {
    assertDocumentId(id);
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const etag = newEtag();
    // One statement: insert, or take over only when the current holder's lease has expired or is the claimer's own.
    const result = busyAware(() =>
      this.statement(
        `INSERT INTO leases (id, owner, expires_at, etag) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, etag = excluded.etag
         WHERE leases.expires_at <= ? OR leases.owner = excluded.owner`,
      ).run(id, owner, expiresAt, etag, now.toISOString()),
    );
    return result.changes === 1 ? { id, owner, expiresAt, etag } : undefined;
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    busyAware(() => this.statement('DELETE FROM leases WHERE id = ? AND owner = ?').run(id, owner));
  }

  /** One indexed DELETE of every document whose ttl ran out (Cosmos DB expires them by itself). */
  async purgeExpired(): Promise<number> {
    return busyAware(
      () => this.statement('DELETE FROM documents WHERE expires_at IS NOT NULL AND expires_at <= ?').run(this.now()).changes,
    );
  }

  async ping(): Promise<boolean> {
    try {
      this.statement('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    // The worker's connection first: the last connection to close checkpoints the whole log and removes it.
    await this.checkpointerStarting;
    this.checkpointerStarting = undefined;
    const checkpointer = this.checkpointer;
    this.checkpointer = undefined;
    await checkpointer?.stop();
    this.statements.clear();
    this.statistics = undefined;
    this.db?.close();
    this.db = undefined;
  }
}

function toStored<T>(row: Row): Stored<T> {
  // The parsed body is a fresh object nobody else holds: setting etag on it saves copying every field
  // (a question reads a few hundred plans).
  const stored = JSON.parse(row.body) as { etag?: string };
  stored.etag = row.etag;
  return stored as Stored<T>;
}

function checkKey(pcnId: string, id: string): void {
  assertPartition(pcnId);
  assertDocumentId(id);
}
