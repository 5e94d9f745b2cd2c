import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../../services/store';
import { SqliteDocumentStore } from '../../services/store/sqlite/sqlite-store';

/** A real SQLite-backed Store in a fresh temp folder; `dispose` closes it and deletes the folder. */
export async function tempSqliteStore(): Promise<{ store: Store; file: string; dispose: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bot-test-'));
  const file = path.join(dir, 'test.sqlite');
  const store = new Store(new SqliteDocumentStore(file));
  await store.init();
  return {
    store,
    file,
    dispose: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
