/**
 * The national fan-out benchmark: one quick-check card per practice in
 * England (6,758) into 1,250 PCN channels, sent by the real bot process
 * (`node dist/bot/index.js`, SQLite store) to the loopback Teams connector in
 * a process of its own, with Teams' per-thread limits and the app-wide limit
 * scaled from 50 to 500 per second so a run takes seconds, not minutes.
 *
 *   npm run bench              baseline (no faults), then seeded faults
 *   npm run bench -- --kill    baseline, then faults with two SIGKILLs of the bot
 *   add --cpu-prof             writes the bot's CPU profiles to test/bench/results/profiles/
 *   add --baseline-only        only the baseline, nothing written (for profiling and tuning)
 *   add --verbose              also prints requests and 429s per second
 *   add --keep-temp            keeps each run's temp folder (SQLite file, bot log)
 *
 * Prints a summary and writes test/bench/results/fanout-<mode>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RandomFaultOptions } from '../support/teams-connector';
import type { ConnectorStats } from './connector-process';
import { KEY_PREFIX, outboxCounts, planPcns, type PcnPlan, seedOutbox, sizeHistogram } from './fanout-plan';
import { type BotHandle, startBotProcess, startConnectorProcess, stopBot } from './processes';

const RATE_PER_SECOND = 500;
const COMPLETE_TIMEOUT_MS = 120_000;
/** Where the results go: the source tree's test/bench/results (gitignored), not dist/. */
const RESULTS_DIR = path.resolve(__dirname, '../../../test/bench/results');

/** The fault mix: about 5% 429 with Retry-After, 1% 429 without, 1% 503, 0.5% 412. */
const FAULTS: RandomFaultOptions = {
  seed: 4242,
  retryAfterSeconds: 1,
  probabilities: {
    throttledWithRetryAfter: 0.05,
    throttledWithoutRetryAfter: 0.01,
    serviceUnavailable503: 0.01,
    preconditionFailed412: 0.005,
  },
};

interface Scenario {
  readonly name: string;
  readonly faults?: RandomFaultOptions;
  /** Kill the bot (SIGKILL) when this share of the keys has been delivered, and start it again. */
  readonly killAt?: readonly number[];
}

interface ScenarioResult {
  readonly name: string;
  readonly messages: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly duplicateKeys: readonly string[];
  /** Bot process spawned -> last key delivered. */
  readonly wallMs: number;
  /** First request at the connector -> last key delivered: the sending itself, without process start-up. */
  readonly sendingMs: number;
  /** Bot process spawned -> its first request (Node start, module loading, store open). */
  readonly startupMs: number;
  readonly floorMs: number;
  readonly ratioWallToFloor: number;
  readonly ratioSendingToFloor: number;
  readonly throttled429: number;
  readonly throttledBy: ConnectorStats['throttledBy'];
  /** Message requests beyond one per message: retries after faults (and any duplicates). */
  readonly retries: number;
  readonly requestsByStatus: Record<string, number>;
  readonly outboxAfter: Record<string, number>;
  readonly kills: readonly { readonly atDelivered: number; readonly restartedAfterMs: number }[];
  readonly seedMs: number;
  readonly requestsPerSecond: readonly number[];
  readonly throttledPerSecond: readonly number[];
}

const args = new Set(process.argv.slice(2));
const mode = args.has('--kill') ? 'kill' : 'steady';
const cpuProfile = args.has('--cpu-prof');
/** Profiling and tuning: run the baseline alone and write nothing. */
const baselineOnly = args.has('--baseline-only');
const verbose = args.has('--verbose');
const keepTemp = args.has('--keep-temp');

function botEnv(dir: string, connectorUrl: string): Record<string, string> {
  return {
    STORE: 'sqlite',
    SQLITE_PATH: path.join(dir, 'bench.sqlite'),
    PLAYGROUND: '0',
    DEMO: '0',
    JOBS: '1',
    INSTANCE_ID: 'bench-bot-1',
    TEAMS_RATE_PER_SECOND: String(RATE_PER_SECOND),
    LOG_LEVEL: 'warn',
    PORT: '0',
    // Nothing here calls the connector's URL except through the stored addresses; noted for the log only.
    BENCH_CONNECTOR_URL: connectorUrl,
  };
}

async function runScenario(plan: readonly PcnPlan[], scenario: Scenario): Promise<ScenarioResult> {
  const n = plan.reduce((sum, p) => sum + p.practiceIds.length, 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pcn-bench-${scenario.name}-`));
  const connector = await startConnectorProcess({
    expected: n,
    prefix: KEY_PREFIX,
    globalPerSecond: RATE_PER_SECOND,
    faults: scenario.faults,
    progressEvery: Math.max(1, Math.floor(n / 100)),
  });
  let bot: BotHandle | undefined;
  try {
    const seedStarted = Date.now();
    await seedOutbox(path.join(dir, 'bench.sqlite'), plan, connector.url);
    const seedMs = Date.now() - seedStarted;

    const env = botEnv(dir, connector.url);
    const logFile = path.join(dir, 'bot.log');
    const profileDir = path.join(RESULTS_DIR, 'profiles', scenario.name);
    const nodeArgs = cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const kills: { atDelivered: number; restartedAfterMs: number }[] = [];
    const killAt = [...(scenario.killAt ?? [])].sort((a, b) => a - b);
    let restarting: Promise<void> = Promise.resolve();
    connector.onProgress((delivered) => {
      const next = killAt[0];
      if (next === undefined || delivered < next * n || !bot) return;
      killAt.shift();
      const victim = bot;
      restarting = (async () => {
        const killedAt = Date.now();
        victim.process.kill('SIGKILL');
        await victim.exited;
        // Same INSTANCE_ID: the new process resumes the sends the old one had claimed.
        bot = startBotProcess(env, logFile, nodeArgs);
        kills.push({ atDelivered: delivered, restartedAfterMs: Date.now() - killedAt });
      })();
    });

    bot = startBotProcess(env, logFile, nodeArgs);
    const startedAt = bot.startedAt;
    const completeAt = await connector.complete(COMPLETE_TIMEOUT_MS);
    await restarting;
    await stopBot(bot);
    const stats: ConnectorStats = await connector.stats();
    const outboxAfter = await outboxCounts(path.join(dir, 'bench.sqlite'));
    if (completeAt === undefined) {
      process.stderr.write(`\n${scenario.name}: not complete after ${COMPLETE_TIMEOUT_MS} ms; bot log tail:\n`);
      process.stderr.write(`${fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}\n`);
    }
    const end = completeAt ?? stats.lastDeliveryAt ?? Date.now();
    const floorMs = (n / RATE_PER_SECOND) * 1000;
    const wallMs = end - startedAt;
    const sendingMs = end - (stats.firstRequestAt ?? startedAt);
    return {
      name: scenario.name,
      messages: n,
      delivered: stats.distinctDelivered,
      lost: n - stats.distinctDelivered,
      duplicated: stats.deliveries - stats.distinctDelivered,
      duplicateKeys: stats.duplicateKeys,
      wallMs,
      sendingMs,
      startupMs: (stats.firstRequestAt ?? startedAt) - startedAt,
      floorMs,
      ratioWallToFloor: round(wallMs / floorMs),
      ratioSendingToFloor: round(sendingMs / floorMs),
      throttled429: stats.throttled,
      throttledBy: stats.throttledBy,
      retries: stats.messageRequests - n,
      requestsByStatus: stats.byStatus,
      outboxAfter,
      kills,
      seedMs,
      requestsPerSecond: stats.requestsPerSecond,
      throttledPerSecond: stats.throttledPerSecond,
    };
  } finally {
    if (bot) await stopBot(bot);
    await connector.stop();
    if (keepTemp) process.stdout.write(`  kept ${dir} (the SQLite file and bot.log)\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function line(r: ScenarioResult, baseline?: ScenarioResult): string {
  const vsBaseline = baseline ? ` | x${round(r.wallMs / baseline.wallMs)} baseline wall` : '';
  return (
    `${r.name.padEnd(9)} delivered ${r.delivered}/${r.messages}, lost ${r.lost}, duplicated ${r.duplicated} | ` +
    `wall ${(r.wallMs / 1000).toFixed(2)} s (start-up ${(r.startupMs / 1000).toFixed(2)} s + sending ${(r.sendingMs / 1000).toFixed(2)} s), ` +
    `floor ${(r.floorMs / 1000).toFixed(2)} s: x${r.ratioWallToFloor} (sending x${r.ratioSendingToFloor})${vsBaseline} | ` +
    `429s ${r.throttled429} (limits per thread ${r.throttledBy.thread}, app-wide ${r.throttledBy.global}, injected ${r.throttledBy.injected}), retries ${r.retries}` +
    (r.kills.length ? ` | kills at ${r.kills.map((k) => k.atDelivered).join(', ')} delivered` : '')
  );
}

async function main(): Promise<void> {
  const plan = planPcns();
  const scenarios: Scenario[] = [
    { name: 'baseline' },
    mode === 'kill' ? { name: 'kill', faults: FAULTS, killAt: [0.3, 0.6] } : { name: 'faults', faults: FAULTS },
  ].filter((s) => !baselineOnly || s.name === 'baseline');
  process.stdout.write(
    `Fan-out: ${plan.reduce((s, p) => s + p.practiceIds.length, 0)} messages to ${plan.length} PCN channels ` +
      `(practices per PCN: ${JSON.stringify(sizeHistogram(plan))}), ${RATE_PER_SECOND}/s app-wide, ${os.cpus().length} CPUs\n`,
  );
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const result = await runScenario(plan, scenario);
    results.push(result);
    process.stdout.write(`${line(result, scenario.name === 'baseline' ? undefined : results[0])}\n`);
    if (verbose)
      process.stdout.write(
        `  requests per second: ${result.requestsPerSecond.join(' ')}\n  429s per second: ${result.throttledPerSecond.join(' ')}\n`,
      );
  }
  if (baselineOnly) return;
  const [baseline, main] = results as [ScenarioResult, ScenarioResult];
  const report = {
    mode,
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    ratePerSecond: RATE_PER_SECOND,
    pcns: plan.length,
    practicesPerPcn: sizeHistogram(plan),
    faults: FAULTS,
    baseline,
    [mode === 'kill' ? 'kill' : 'faults']: { ...main, ratioWallToBaseline: round(main.wallMs / baseline.wallMs) },
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `fanout-${mode}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`Written ${path.relative(process.cwd(), file)}\n`);
  const failed = results.some((r) => r.lost > 0) || (mode === 'steady' && results.some((r) => r.duplicated > 0));
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
