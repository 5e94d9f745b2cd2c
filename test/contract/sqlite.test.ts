import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreBusyError } from '../../services/errors';
import { SORTABLE_FIELDS } from '../../services/store/documents';
import { applyMigration, LATEST_SCHEMA_VERSION, migrate } from '../../services/store/sqlite/migrations';
import { SqliteDocumentStore } from '../../services/store/sqlite/sqlite-store';
import { documentStoreContract } from './document-store.contract';
import { CONTRACT_SORT_FIELDS } from './parts/fixtures';

/** The contract against the embedded adapter: a fresh database file per test, in a temp folder removed afterwards. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bot-contract-'));
let n = 0;

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

documentStoreContract(
  'SQLite',
  async () => new SqliteDocumentStore(path.join(dir, `store-${++n}.sqlite`), [...SORTABLE_FIELDS, ...CONTRACT_SORT_FIELDS]),
);

describe('SQLite when another process holds the write lock', () => {
  let store: SqliteDocumentStore;
  let other: Database.Database;

  beforeEach(async () => {
    const file = path.join(dir, `busy-${++n}.sqlite`);
    store = new SqliteDocumentStore(file, SORTABLE_FIELDS, 50);
    await store.init();
    await store.create({ pcnId: 'pcn-a', type: 'plan', id: 'plan:0' });
    other = new Database(file);
    other.prepare('BEGIN IMMEDIATE').run();
  });
  afterEach(async () => {
    if (other.inTransaction) other.prepare('ROLLBACK').run();
    other.close();
    await store.close();
  });

  it('when a write waits past the busy timeout, then StoreBusyError (as Cosmos DB throttling gives) and nothing is written', async () => {
    await expect(store.create({ pcnId: 'pcn-a', type: 'plan', id: 'plan:1' })).rejects.toBeInstanceOf(StoreBusyError);
    await expect(
      store.batch('pcn-a', [{ op: 'create', doc: { pcnId: 'pcn-a', type: 'plan', id: 'plan:2' } }]),
    ).rejects.toBeInstanceOf(StoreBusyError);
    await expect(store.claimLease('job:1', 'me', 1_000, new Date())).rejects.toBeInstanceOf(StoreBusyError);

    // Reads go on meanwhile (WAL), and once the lock is gone the same write succeeds.
    await expect(store.get('pcn-a', 'plan', 'plan:0')).resolves.toMatchObject({ id: 'plan:0' });
    other.prepare('ROLLBACK').run();
    await expect(store.get('pcn-a', 'plan', 'plan:1')).resolves.toBeUndefined();
    await expect(store.create({ pcnId: 'pcn-a', type: 'plan', id: 'plan:1' })).resolves.toMatchObject({ id: 'plan:1' });
  });
});

describe('SQLite when several processes start on a new file at once', () => {
  it('when a process read the old schema version just before another migrated, then its migration step is skipped, not failed', () => {
    const file = path.join(dir, `race-${++n}.sqlite`);
    const late = new Database(file);
    const early = new Database(file);
    try {
      // `late` saw version 0 (nothing yet) and is about to run migration 1 when `early` migrates the whole file.
      expect(late.pragma('user_version', { simple: true })).toBe(0);
      migrate(early);

      const applied = Array.from({ length: LATEST_SCHEMA_VERSION }, (_, v) => applyMigration(late, v));

      expect(applied).toEqual(applied.map(() => false));
      expect(late.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(migrate(late)).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      late.close();
      early.close();
    }
  });

  it("when stores open one new file together, then each starts and sees the others' writes", async () => {
    const file = path.join(dir, `together-${++n}.sqlite`);
    const stores = Array.from({ length: 4 }, () => new SqliteDocumentStore(file));

    await Promise.all(stores.map((s) => s.init()));
    await stores[0]?.create({ pcnId: 'pcn-a', type: 'plan', id: 'plan:1' });

    await expect(stores[3]?.get('pcn-a', 'plan', 'plan:1')).resolves.toMatchObject({ id: 'plan:1' });
    await Promise.all(stores.map((s) => s.close()));
  });
});
