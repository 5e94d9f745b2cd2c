import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SORTABLE_FIELDS } from '../../services/store/documents';
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
