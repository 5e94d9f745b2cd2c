import type Database from 'better-sqlite3';

/**
 * Versioned schema. Each entry runs once, in order, inside a transaction;
 * PRAGMA user_version records how far a database has got. Append only:
 * never edit a migration that has shipped.
 */
const MIGRATIONS: readonly string[] = [
  // 1: documents partitioned by PCN, mirroring the Cosmos DB `pcn` container; leases as their own table.
  `CREATE TABLE documents (
     pcn_id TEXT NOT NULL,
     id     TEXT NOT NULL,
     type   TEXT NOT NULL,
     etag   TEXT NOT NULL,
     body   TEXT NOT NULL,
     PRIMARY KEY (pcn_id, id)
   ) WITHOUT ROWID;
   CREATE INDEX documents_by_type ON documents (type, pcn_id, id);
   CREATE TABLE leases (
     id         TEXT PRIMARY KEY,
     owner      TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     etag       TEXT NOT NULL
   ) WITHOUT ROWID;`,
  // 2: the dispatcher's refill, read in order instead of sorting the whole outbox: items by status, then by
  // nextAttemptAt. SQLite uses an expression index only where the query spells the expression the same way,
  // so these are the query builder's own expressions (sqlite-query.ts: the equality filter, typeRank, json_extract).
  // Partial, so only outbox rows pay for it. Lapsed claims ('sending', by claimExpiresAt) are found through
  // the same status prefix: there are only as many as sends in flight, so sorting them costs nothing, and a
  // second index would slow every write of the outbox's large documents.
  `CREATE INDEX documents_outbox_due ON documents (
     json_extract(body, '$.status'),
     CASE json_type(body, '$.nextAttemptAt') WHEN 'null' THEN 1 WHEN 'true' THEN 2 WHEN 'false' THEN 2 WHEN 'integer' THEN 3 WHEN 'real' THEN 3 WHEN 'text' THEN 4 WHEN 'object' THEN 5 WHEN 'array' THEN 5 ELSE 0 END,
     json_extract(body, '$.nextAttemptAt'),
     pcn_id,
     id
   ) WHERE type = 'outbox';`,
  // 3: expiry, as Cosmos DB's time to live: when a document's ttl (seconds) runs out, in ms since the epoch,
  // set on every write from the document's ttl; purgeExpired deletes by it. Partial: most documents never expire.
  `ALTER TABLE documents ADD COLUMN expires_at INTEGER;
   CREATE INDEX documents_expiry ON documents (expires_at) WHERE expires_at IS NOT NULL;`,
  // 4: a PCN's plans by start month (PlanRepository.between asks one month at a time), in the query builder's
  // own expression. The planner prefers it over the primary key only with table statistics, which
  // PlannerStatistics keeps (planner-statistics.ts). Partial: only plan rows pay for it.
  `CREATE INDEX documents_plans_by_month ON documents (pcn_id, json_extract(body, '$.startMonth'), id) WHERE type = 'plan';`,
  // 5: a PCN's plans by start date, for PlanRepository.between's date range (whole months read up to four times
  // what a question shows). Replaces the month index, which nothing asks any more and every plan write paid for.
  `CREATE INDEX documents_plans_by_start ON documents (pcn_id, json_extract(body, '$.start'), id) WHERE type = 'plan';
   DROP INDEX documents_plans_by_month;`,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * The partial indexes on one field of one type, as the query builder names them in INDEXED BY. A range on
 * such a field within a partition always goes through its index: the statistics on documents_by_type
 * average a PCN's rows over every type (78 on the national file), far fewer than its plans (541), so with
 * statistics SQLite walked every plan of the PCN through the type index instead (next month's plans p99
 * 9 ms instead of 2).
 */
export const FIELD_INDEXES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  plan: { start: 'documents_plans_by_start' },
};

/**
 * Brings the database up to the latest schema; returns the version it started at.
 * Several processes may open one file at once (instances started together):
 * each step takes the write lock (BEGIN IMMEDIATE) first and only then reads
 * how far the schema has got, so a step another process has just applied is
 * skipped instead of failing with "table already exists".
 */
export function migrate(db: Database.Database): number {
  const from = schemaVersion(db);
  checkNotNewer(from);
  for (let version = from; version < MIGRATIONS.length; version++) applyMigration(db, version);
  return from;
}

/**
 * Applies migration `version` (0-based) unless the schema is already past
 * it, deciding under the write lock. Exported for the test that replays a
 * process which read an old version just before another migrated the file.
 */
export function applyMigration(db: Database.Database, version: number): boolean {
  return db
    .transaction(() => {
      const current = schemaVersion(db);
      checkNotNewer(current);
      if (current > version) return false;
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
      return true;
    })
    .immediate();
}

function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkNotNewer(version: number): void {
  if (version > MIGRATIONS.length) {
    throw new Error(`The database at this SQLITE_PATH was written by a newer version of the bot (schema ${version}).`);
  }
}
