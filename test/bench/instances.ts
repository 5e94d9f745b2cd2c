/**
 * `npm run bench:instances`: three bot processes (dist/bot/index.js) on one
 * store, for each store (SQLite, and Cosmos DB through the local server),
 * through an opening morning of 47 PCNs and 329 quick check cards with
 * Teams answering after 150 ms and enforcing its per-thread and per-app
 * limits. The three start together on a fresh store, then again with the
 * cards owed; after 80 cards one is stopped (SIGTERM, left stopped), after
 * 160 another is killed (SIGKILL) and restarted under its INSTANCE_ID.
 * Leases at their production length (45 s).
 *
 * Prints, per store: lost, duplicated (against what the killed instance
 * reported it had in flight), refusals per thread and per app, when the last
 * card arrived, and `help` latency on a surviving instance during the kill.
 * Writes test/bench/results/instances.json. Exit code 1 if a card was lost,
 * duplicates exceeded the report, or Teams refused a send per thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type MorningFigures, runMorning } from '../support/instances-morning';
import { startCosmosProcess } from './cosmos-process';
import { startBotProcess } from './processes';

const RESULTS_DIR = path.resolve(__dirname, '../../../test/bench/results');
const PCNS = 47;
const PRACTICES_PER_PCN = 7;
const LATENCY_MS = 150;

async function runOn(kind: 'sqlite' | 'cosmos'): Promise<MorningFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pcn-bench-instances-${kind}-`));
  const cosmos = kind === 'cosmos' ? await startCosmosProcess() : undefined;
  try {
    const storeEnv: Record<string, string> = cosmos
      ? {
          STORE: 'cosmos',
          COSMOS_ENDPOINT: cosmos.endpoint,
          COSMOS_KEY: 'local-bench-key',
          COSMOS_DATABASE: `bench-instances-${process.pid}`,
          COSMOS_CREATE_CONTAINERS: '1',
          COSMOS_ALLOW_SELF_SIGNED: '1',
        }
      : { STORE: 'sqlite', SQLITE_PATH: path.join(dir, 'shared.sqlite') };
    return await runMorning({
      storeEnv,
      dir,
      pcns: PCNS,
      practicesPerPcn: PRACTICES_PER_PCN,
      latencyMs: LATENCY_MS,
      leaseTtlSeconds: 45,
      spawn: (env, logFile) => startBotProcess(env, logFile).process,
      termAfter: 80,
      killAfter: 160,
      timeoutMs: 180_000,
      settleMs: 3_000,
    });
  } finally {
    await cosmos?.stop();
    if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    else process.stdout.write(`  kept ${dir} (the bots' logs)\n`);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function line(kind: string, f: MorningFigures): string {
  return (
    `${kind.padEnd(6)} started on a fresh store ${f.startedOnFreshStore}/3 | cards ${f.cards}, lost ${f.lost}, ` +
    `duplicated ${f.duplicated.length} (killed instance reported at most ${f.reportedInFlight} in flight; ` +
    `outside it ${f.duplicatesNotInFlight.length}) | refused per thread ${f.threadRefusals}, per app ${f.appRefusals} | ` +
    `latest card ${(f.latestCardMs / 1000).toFixed(1)} s after start, ${(f.latestAfterKillMs / 1000).toFixed(1)} s after the kill | ` +
    `help during the kill: median ${median(f.helpLatencyMs)} ms, max ${Math.max(...f.helpLatencyMs)} ms | ` +
    `SIGTERM exit ${f.sigtermExit} | sent but not on their round ${f.sentNotOnRound}`
  );
}

async function main(): Promise<void> {
  process.stdout.write(
    `Three instances, ${PCNS} PCNs, ${PCNS * PRACTICES_PER_PCN} cards, Teams latency ${LATENCY_MS} ms, ` +
      `${os.cpus().length} CPUs (figures vary with the machine's load)\n`,
  );
  const results: Record<string, MorningFigures> = {};
  for (const kind of ['sqlite', 'cosmos'] as const) {
    results[kind] = await runOn(kind);
    process.stdout.write(`${line(kind, results[kind])}\n`);
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, 'instances.json');
  const report = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    pcns: PCNS,
    cards: PCNS * PRACTICES_PER_PCN,
    latencyMs: LATENCY_MS,
    results,
  };
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`Written ${path.relative(process.cwd(), file)}\n`);
  const failed = Object.values(results).some(
    (f) =>
      f.lost > 0 ||
      f.duplicated.length > f.reportedInFlight ||
      f.duplicatesNotInFlight.length > 0 ||
      f.threadRefusals > 0 ||
      f.startedOnFreshStore < 3,
  );
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
