import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Store } from '../../../services/store';
import { SqliteDocumentStore } from '../../../services/store/sqlite/sqlite-store';
import { loadNational, type NationalCounts, type NationalOptions } from './generate';

/** Where built national SQLite files are kept between runs (each about 0.5 GB; delete the folder to rebuild). */
export const CACHE_DIR = path.join(os.tmpdir(), 'pcn-national-cache');
/** Bump when the generator changes what it writes, so old files are not reused. */
const GENERATOR_VERSION = 1;

export interface BuiltDataset {
  readonly file: string;
  readonly counts: NationalCounts;
  /** How long the load took when it was built (0 when taken from the cache and never timed here). */
  readonly loadMs: number;
  readonly cached: boolean;
}

function cacheKey(options: NationalOptions): string {
  const { seed, now, pcns, practices, quarters, plansPerPractice, installedAt } = options;
  const parts = [GENERATOR_VERSION, seed, now.toISOString(), pcns, practices, quarters, plansPerPractice, installedAt];
  return parts
    .map((p) => String(p ?? '-'))
    .join('_')
    .replace(/[^A-Za-z0-9_-]/g, '');
}

/** Loads the nation into a new SQLite file through the Store; prints progress to stderr every 10%. */
export async function buildSqlite(file: string, options: NationalOptions): Promise<{ counts: NationalCounts; loadMs: number }> {
  const store = new Store(new SqliteDocumentStore(file));
  await store.init();
  const started = Date.now();
  try {
    const counts = await loadNational(store, {
      ...options,
      onPcn: (done, total) => {
        if (done % Math.ceil(total / 10) === 0) process.stderr.write(`  loaded ${done}/${total} PCNs\n`);
      },
    });
    return { counts, loadMs: Date.now() - started };
  } finally {
    await store.close();
  }
}

/**
 * The national SQLite file for these options: built once (about a minute)
 * and kept in CACHE_DIR, since the serviceUrl is the only thing a run
 * changes (see repoint). `fresh` rebuilds it and times the load.
 */
export async function nationalSqlite(options: NationalOptions, fresh = false): Promise<BuiltDataset> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `${cacheKey(options)}.sqlite`);
  const meta = `${file}.json`;
  if (!fresh && fs.existsSync(file) && fs.existsSync(meta)) {
    const { counts } = JSON.parse(fs.readFileSync(meta, 'utf8')) as { counts: NationalCounts };
    return { file, counts, loadMs: 0, cached: true };
  }
  const building = `${file}.${process.pid}.building`;
  fs.rmSync(building, { force: true });
  const { counts, loadMs } = await buildSqlite(building, options);
  analyse(building);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${building}${suffix}`, { force: true });
  fs.renameSync(building, file);
  fs.writeFileSync(meta, JSON.stringify({ counts, loadMs }));
  return { file, counts, loadMs, cached: false };
}

/**
 * Full table statistics, as after a bulk import. The bot's own upkeep
 * (PlannerStatistics: PRAGMA optimize with analysis_limit 1000) samples too
 * little on a national file and the planner then reads a PCN's plans through
 * the type index instead of the plans-by-month one (see the README's figures).
 */
function analyse(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('analysis_limit = 0');
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

/** A private copy of a built file for one run (the bot writes to it). */
export function copyDataset(file: string, dir: string): string {
  const copy = path.join(dir, 'national.sqlite');
  fs.copyFileSync(file, copy);
  return copy;
}

/**
 * Points every PCN at this run's Teams stand-in, as the bot itself does when
 * an activity arrives with a new serviceUrl (InstallationService.refreshAddress).
 */
export async function repoint(file: string, serviceUrl: string): Promise<void> {
  const store = new Store(new SqliteDocumentStore(file));
  await store.init();
  try {
    let continuation: string | undefined;
    do {
      const page = await store.pcns.listAll({ limit: 500, continuation });
      for (const pcn of page.items) {
        await store.pcns.update(pcn.pcnId, (p) => ({ ...p, serviceUrl }));
        await store.conversations.update(pcn.pcnId, pcn.teamId, (c) => ({ ...c, address: { ...c.address, serviceUrl } }));
      }
      continuation = page.continuation;
    } while (continuation);
  } finally {
    await store.close();
  }
}
