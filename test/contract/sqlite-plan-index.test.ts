import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SORTABLE_FIELDS } from '../../services/store/documents';
import { PlanRepository, plansOverlapping } from '../../services/store/plan-repository';
import { WRITES_BETWEEN_OPTIMIZE } from '../../services/store/sqlite/planner-statistics';
import { pageQuery } from '../../services/store/sqlite/sqlite-query';
import { SqliteDocumentStore } from '../../services/store/sqlite/sqlite-store';

/**
 * Reading a month's plans must go through the plans-by-month index once the
 * PCN has many plans: without it a question reads every plan the PCN ever made
 * (bench:ask). SQLite picks the index only with table statistics, which the
 * store keeps fresh as it writes, so this looks at the plan SQLite chooses for
 * the store's own query text.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bot-plan-index-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const MARCH = { start: '2026-03-01', end: '2026-03-31' };

interface PlannerStats {
  readonly stat1: readonly { idx: string; stat: string }[];
  readonly stat4: readonly { idx: string; neq: string; nlt: string; ndlt: string; sample: string }[];
}
const NATIONAL_STATS = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'national-planner-stats.json'), 'utf8'),
) as PlannerStats;

/** The plan SQLite chooses for PlanRepository.between's own query. */
function planFor(file: string, pcnId: string, range = MARCH): string {
  const query = pageQuery(pcnId, 'plan', plansOverlapping(range), SORTABLE_FIELDS);
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[];
    return rows.map((r) => r.detail).join(' | ');
  } finally {
    db.close();
  }
}

async function seedPlans(store: SqliteDocumentStore, pcnId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const month = String(1 + (i % 12)).padStart(2, '0');
    await store.create({
      pcnId,
      type: 'plan',
      id: `plan:${i}`,
      startMonth: `2026-${month}`,
      start: `2026-${month}-01`,
      end: `2026-${month}-01`,
      createdAt: `2026-01-01T00:00:00.${String(i % 1000).padStart(3, '0')}Z`,
    });
  }
}

describe('SQLite reading plans by date', () => {
  it('given a PCN with more plans than the statistics have seen, then the store analyses them and a range of dates is read through the index', async () => {
    const file = path.join(dir, 'grown.sqlite');
    const store = new SqliteDocumentStore(file);
    await store.init();
    const count = WRITES_BETWEEN_OPTIMIZE * 2 + 1;
    await seedPlans(store, 'pcn-a', count);

    expect(planFor(file, 'pcn-a')).toContain('documents_plans_by_start');
    // The index gives the same answer as the primary key did.
    const march = await new PlanRepository(store).between('pcn-a', MARCH);
    expect(march.map((p) => p.start).every((d) => d === '2026-03-01' || d === '2026-02-01')).toBe(true);
    const startingInMarch = Array.from({ length: count }, (_, i) => i).filter((i) => i % 12 === 2).length;
    expect(march.filter((p) => p.start === '2026-03-01')).toHaveLength(startingInMarch);
    await store.close();
  });

  it('given the statistics of the national file, where the type index looks the better path, then a range of dates is still read through the plans index', async () => {
    const file = path.join(dir, 'national-stats.sqlite');
    const store = new SqliteDocumentStore(file);
    await store.init();
    await seedPlans(store, 'pcn-a', 24);
    await store.close();
    // With these statistics SQLite chose documents_by_type (it avoids sorting) and walked all ~540 of a PCN's plans.
    const db = new Database(file);
    db.exec('ANALYZE; DELETE FROM sqlite_stat1; DELETE FROM sqlite_stat4;');
    const stat1 = db.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('documents', ?, ?)");
    for (const row of NATIONAL_STATS.stat1) stat1.run(row.idx, row.stat);
    const stat4 = db.prepare("INSERT INTO sqlite_stat4 (tbl, idx, neq, nlt, ndlt, sample) VALUES ('documents', ?, ?, ?, ?, ?)");
    for (const row of NATIONAL_STATS.stat4) stat4.run(row.idx, row.neq, row.nlt, row.ndlt, Buffer.from(row.sample, 'base64'));
    db.close();

    expect(planFor(file, 'pcn-a')).toContain('documents_plans_by_start');
    const reopened = new SqliteDocumentStore(file);
    await reopened.init();
    const march = await new PlanRepository(reopened).between('pcn-a', MARCH);
    expect(march.map((p) => p.start).sort()).toEqual(['2026-03-01', '2026-03-01']);
    await reopened.close();
  });

  it('given a database that already holds the plans but no statistics, then the date range is read through the index, and opening it adds statistics', async () => {
    const file = path.join(dir, 'reopened.sqlite');
    const first = new SqliteDocumentStore(file);
    await first.init();
    await seedPlans(first, 'pcn-a', WRITES_BETWEEN_OPTIMIZE - 1);
    await first.close();
    // Fewer writes than one round of statistics, and none from opening an empty file.
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'").get()).toBeUndefined();
    db.close();
    // A range on the start date is selective enough for the planner without statistics (an equality on the
    // month was not: it read the whole PCN through the primary key until statistics existed).
    expect(planFor(file, 'pcn-a')).toContain('documents_plans_by_start');

    const second = new SqliteDocumentStore(file);
    await second.init();
    await second.close();
    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare("SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'").get()).toBeDefined();
    reopened.close();
    expect(planFor(file, 'pcn-a')).toContain('documents_plans_by_start');
  });
});
