import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDocumentStore } from '../../services/store/sqlite/sqlite-store';

/**
 * The write-ahead log is checkpointed on a worker thread, never inside a
 * commit on the event loop: on the national file SQLite's own checkpoint
 * (in whichever commit takes the log past 1,000 pages) made one write in a
 * hundred take 30 ms instead of 1 ms, and every request waiting behind it too.
 * bench:inbound shows the effect on Submit; this holds the mechanism.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bot-wal-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const body = 'x'.repeat(2_000);

async function writeMany(store: SqliteDocumentStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await store.create({ pcnId: `pcn-${i % 7}`, type: 'plan', id: `plan:${i}`, body, n: i });
  }
}

describe('SQLite write-ahead log checkpoints', () => {
  it('a file store checkpoints on its worker, and its own commits never do', async () => {
    const file = path.join(dir, 'worker.sqlite');
    const store = new SqliteDocumentStore(file);
    await store.init();
    try {
      expect(await store.checkpointerStarted()).toBe('worker');
      expect(store.autocheckpointPages).toBe(0);
      // Enough for SQLite's own threshold (1,000 pages of 4 KB) several times over.
      await writeMany(store, 3_000);
      const result = await store.checkpointNow();
      expect(result).toBeDefined();
      expect(result!.log).toBeGreaterThan(0);
      expect(result!.checkpointed).toBe(result!.log);
    } finally {
      await store.close();
    }
    // The last connection's close checkpointed the rest and removed the log; every write is in the file.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true });
    try {
      expect((db.prepare("SELECT COUNT(*) AS n FROM documents WHERE type = 'plan'").get() as { n: number }).n).toBe(3_000);
    } finally {
      db.close();
    }
  });

  it('the worker keeps checkpointing by itself while writes go on', async () => {
    const file = path.join(dir, 'ticking.sqlite');
    const store = new SqliteDocumentStore(file);
    await store.init();
    try {
      expect(await store.checkpointerStarted()).toBe('worker');
      await writeMany(store, 1_500);
      // The worker's own timer (every 500 ms) copies the log back without being asked.
      const deadline = Date.now() + 5_000;
      while (!store.lastCheckpoint?.checkpointed && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const checkpointed = store.lastCheckpoint?.checkpointed ?? 0;
      expect(checkpointed).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('a memory store keeps SQLite’s own checkpoints (there is no log to move)', async () => {
    const store = new SqliteDocumentStore(':memory:');
    await store.init();
    try {
      expect(await store.checkpointerStarted()).toBe('inline');
      expect(await store.checkpointNow()).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
