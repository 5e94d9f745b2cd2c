import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileBot, spawnBot } from '../support/bot-process';
import { runMorning } from '../support/instances-morning';
import { STORE_KINDS, useStore } from '../support/store-kinds';

/**
 * Three real bot processes on one store, as App Service runs them: started
 * together on a fresh store, then an opening morning (every PCN's quick
 * check owed) during which one instance is killed (SIGKILL) and restarted
 * under its INSTANCE_ID and another is stopped (SIGTERM); a third of the
 * PCNs open by their admin's `start quick check` instead. Teams (the
 * loopback connector) answers after 150 ms, with its per-thread limits.
 * Leases last 4 s here (LEASE_TTL_SECONDS) so the suite stays short.
 */
let build: string;

beforeAll(async () => {
  build = await compileBot('pcn-crash-build-');
}, 120_000);

afterAll(() => fs.rmSync(build, { recursive: true, force: true }));

describe.each(STORE_KINDS)('three bot processes on one %s store, one killed and one stopped mid-morning', (kind) => {
  const storeEnv = useStore(kind);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-crash-'));
  });
  afterEach(() => process.env.KEEP_CRASH_LOGS || fs.rmSync(dir, { recursive: true, force: true }));

  it('then all start, every card arrives, duplicates stay within the reported in-flight sends, and Teams refuses none per thread', async () => {
    const figures = await runMorning({
      storeEnv: { ...storeEnv(), SQLITE_PATH: path.join(dir, 'shared.sqlite') },
      dir,
      pcns: 12,
      practicesPerPcn: 8,
      latencyMs: 150,
      leaseTtlSeconds: 4,
      spawn: (env, logFile) => {
        const log = fs.openSync(logFile, 'w');
        const bot = spawnBot(build, env, ['ignore', log, log]);
        fs.closeSync(log);
        return bot;
      },
      termAfter: 25,
      killAfter: 45,
      timeoutMs: 60_000,
      settleMs: 2_000,
      // A third of the PCNs open by their admin's `start quick check`, sent to the three instances in turn.
      byCommand: 4,
    });
    process.stdout.write(`${kind}: ${JSON.stringify({ ...figures, duplicated: figures.duplicated.length })}\n`);

    expect(figures.startedOnFreshStore).toBe(3);
    expect(figures.lost).toBe(0);
    expect(figures.duplicatesNotInFlight).toEqual([]);
    expect(figures.duplicated.length).toBeLessThanOrEqual(figures.reportedInFlight);
    expect(figures.reportedInFlight).toBeGreaterThan(0);
    expect(figures.threadRefusals).toBe(0);
    expect(figures.sentNotOnRound).toBe(0);
    expect(figures.commands).toEqual({ sent: 4, answered: 4 });
    expect(figures.sigtermExit).toBe(0);
    expect(figures.latestAfterKillMs).toBeLessThan(120_000);
    expect(figures.helpLatencyMs).toHaveLength(5);
    expect(figures.survivorHealth).toMatchObject({ ratePerSecond: expect.any(Number), maxInFlightWindow: expect.any(Number) });
  }, 120_000);
});
