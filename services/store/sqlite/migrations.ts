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
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database up to the latest schema; returns the version it started at. */
export function migrate(db: Database.Database): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > MIGRATIONS.length) {
    throw new Error(`The database at this SQLITE_PATH was written by a newer version of the bot (schema ${from}).`);
  }
  for (let version = from; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return from;
}
