/**
 * The national data set and the store reads a turn makes on it. Builds
 * England (1,250 PCNs, 6,758 practices, four years of rounds with answer
 * history, a year of plans, channels and reminder states) into a new SQLite
 * file through the Store, timing the load, then times each query the bot
 * runs while serving a person, on PCNs drawn at random, against the
 * cheapest read there is (the PCN record by its key) in the same run.
 *
 *   npm run bench:national                      build (about a minute) and time the queries
 *   npm run bench:national -- --cached          reuse the cached file if there is one
 *   npm run bench:national -- --runs 5000       more samples per query (default 2000)
 *
 * Prints counts, load time and p50/p99 per query; writes test/bench/results/national.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CampaignCalendarService } from '../../services/campaigns/calendar';
import { addDays, dayOf } from '../../services/domain/days';
import { quartersBefore, quarterOf } from '../../services/domain/quarters';
import { Store } from '../../services/store';
import { SqliteDocumentStore } from '../../services/store/sqlite/sqlite-store';
import { seededRandom } from '../support/teams-connector';
import { nationalSqlite } from './national/dataset';
import { nationalShape, sizeHistogram } from './national/shape';
import { argValue, percentile, RESULTS_DIR, round, writeResult } from './national/report';

export const NATIONAL_SEED = 2027;

/** The data set's "now": today at 10:00 UTC, so the newest round is the one open today. */
export function datasetNow(): Date {
  return new Date(`${new Date().toISOString().slice(0, 10)}T10:00:00.000Z`);
}

export type Query = (store: Store, pcnId: string) => Promise<unknown>;

/** Each query a turn makes, by what the person asked for; `bench:national:cosmos` times the same ones. */
export function queries(now: Date): Record<string, Query> {
  const today = dayOf(now);
  const q = quarterOf(now);
  const calendar = (store: Store) => new CampaignCalendarService(store.campaigns);
  return {
    'pcn record (baseline)': (s, p) => s.pcns.get(p),
    'address check (every turn)': (s, p) => s.conversations.get(p, p.slice(p.indexOf(':') + 1)),
    'who: pcn + practices': (s, p) => Promise.all([s.pcns.get(p), s.practices.list(p)]),
    'current round': (s, p) => s.quickCheck.getRound(p, q.id),
    'results (round, answers, last quarter, actions)': (s, p) =>
      Promise.all([
        s.practices.list(p),
        s.quickCheck.getRound(p, q.id),
        s.quickCheck.listAnswers(p, q.id),
        s.quickCheck.getRound(p, quartersBefore(q, 1).id),
        s.quickCheck.listAnswers(p, quartersBefore(q, 1).id),
        s.quickCheck.listActions(p, { status: 'open' }),
        s.quickCheck.listActions(p, { quarter: q.id }),
      ]),
    'results trend (4 quarters)': (s, p) =>
      Promise.all(
        [0, 1, 2, 3].flatMap((n) => [
          s.quickCheck.getRound(p, quartersBefore(q, n).id),
          s.quickCheck.listAnswers(p, quartersBefore(q, n).id),
        ]),
      ),
    "next month's plans": (s, p) => s.plans.between(p, { start: today, end: addDays(today, 31) }),
    'campaigns coming up (calendar + plans, 6 weeks)': (s, p) =>
      Promise.all([
        calendar(s).between(p, { start: today, end: addDays(today, 41) }),
        s.plans.between(p, { start: today, end: addDays(today, 41) }),
      ]),
    'refresh status (channels, reminders, open actions)': (s, p) =>
      Promise.all([s.channels.list(p), s.channels.listReminders(p), s.quickCheck.listActions(p, { status: 'open' })]),
  };
}

async function main(): Promise<void> {
  const runs = Number(argValue('--runs') ?? 2000);
  const now = datasetNow();
  const options = { seed: NATIONAL_SEED, now, serviceUrl: 'http://127.0.0.1:9' };
  const built = await nationalSqlite(options, !process.argv.includes('--cached'));
  const shape = nationalShape(NATIONAL_SEED);
  const bytes = fs.statSync(built.file).size;
  process.stdout.write(
    `National data set: ${JSON.stringify(built.counts)}\n` +
      `  PCN sizes ${JSON.stringify(sizeHistogram(shape))}\n` +
      `  ${built.cached ? 'taken from the cache' : `loaded in ${(built.loadMs / 1000).toFixed(1)} s through the Store`}, ` +
      `file ${(bytes / 1e6).toFixed(0)} MB (${built.file})\n`,
  );

  const store = new Store(new SqliteDocumentStore(built.file));
  await store.init();
  const random = seededRandom(99);
  const pick = () => (shape[Math.floor(random() * shape.length)] as (typeof shape)[number]).pcnId;
  const results: Record<string, { p50: number; p99: number; ratioP99: number }> = {};
  let baselineP99 = 0;
  process.stdout.write(`Queries a turn makes, ${runs} runs each on random PCNs, SQLite, ${os.cpus().length} CPUs:\n`);
  for (const [name, query] of Object.entries(queries(now))) {
    for (let i = 0; i < Math.min(200, runs); i++) await query(store, pick());
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const pcnId = pick();
      const start = performance.now();
      await query(store, pcnId);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    if (!baselineP99) baselineP99 = p99;
    results[name] = { p50: round(p50), p99: round(p99), ratioP99: round(p99 / baselineP99) };
    process.stdout.write(
      `  ${name.padEnd(52)} p50 ${p50.toFixed(3)} ms  p99 ${p99.toFixed(3)} ms  x${(p99 / baselineP99).toFixed(1)} baseline${p99 < 5 ? '' : '  OVER 5 ms'}\n`,
    );
  }
  await store.close();
  const file = writeResult('national.json', {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} CPUs, Node ${process.version}`,
    counts: built.counts,
    loadMs: built.loadMs,
    cached: built.cached,
    fileBytes: bytes,
    runs,
    queriesMs: results,
    targetP99Ms: 5,
    met: Object.values(results).every((r) => r.p99 < 5),
  });
  process.stdout.write(`Written ${path.relative(process.cwd(), file)} (${RESULTS_DIR})\n`);
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
