/**
 * Inbound: what a person waits for. The quick check Submit, `help`,
 * `results` and a question, POSTed over real HTTP to the running bot (local
 * mode, SQLite holding the national data set, replies going to the loopback
 * Teams stand-in in its own process) at concurrency 1, 16 and 64; and in the
 * same run, cell by cell, the same load against a bare botbuilder echo bot
 * (restify + CloudAdapter answering with one card): the floor for handling a
 * Teams activity on this machine. Ratios are the bot's over the echo's.
 *
 *   npm run bench:inbound                       4 s per cell after 1 s warm-up (about 2 minutes)
 *   npm run bench:inbound -- --seconds 10       longer cells
 *   npm run bench:inbound -- --cpu-prof         writes the bot's CPU profile to test/bench/results/profiles/inbound/
 *   npm run bench:inbound -- --only help        one message type
 *
 * Targets at concurrency 16: p99 at most 1.3x the echo's, throughput at least 0.8x.
 * Prints a table; writes test/bench/results/inbound.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startConnectorProcess } from './processes';
import { MESSAGE_TYPES, type MessageType, shots } from './inbound/activities';
import { closedLoop, type LoadResult } from './inbound/load';
import { cpuMs, rssMb, startBot, startEcho, type Target } from './inbound/targets';
import { datasetNow, NATIONAL_SEED } from './national';
import { copyDataset, nationalSqlite, repoint } from './national/dataset';
import { argValue, RESULTS_DIR, round, writeResult } from './national/report';
import { nationalShape } from './national/shape';

const CONCURRENCY = [1, 16, 64];

/** The bot as the benchmarks run it: local mode, SQLite, no Playground, no demo, inbound limits out of the way. */
export function benchBotEnv(sqlitePath: string, jobs = false): Record<string, string> {
  return {
    STORE: 'sqlite',
    SQLITE_PATH: sqlitePath,
    PLAYGROUND: '0',
    DEMO: '0',
    JOBS: jobs ? '1' : '0',
    LOG_LEVEL: 'warn',
    INBOUND_PER_TENANT: '1000000',
    INBOUND_PER_CONVERSATION: '100000',
    INSTANCE_ID: 'bench-bot',
    // Teams' rate out of the way, as the stand-in's is: these measure the bot's own cost (bench:morning sets the rate).
    TEAMS_RATE_PER_SECOND: '10000',
    TEAMS_APP_RATE_PER_SECOND: '10000',
  };
}

interface Cell {
  readonly type: MessageType;
  readonly concurrency: number;
  readonly echo: LoadResult;
  readonly bot: LoadResult;
  readonly ratioP99: number;
  readonly ratioThroughput: number;
  /** CPU time per request (user + system, warm-up included): what bounds throughput whatever else runs. */
  readonly cpuMsPerRequest: { readonly echo: number; readonly bot: number };
  readonly ratioCpu: number;
  readonly rssMb: { readonly echo: number; readonly bot: number };
}

async function main(): Promise<void> {
  const seconds = Number(argValue('--seconds') ?? 4);
  const only = argValue('--only') as MessageType | undefined;
  const types = only ? [only] : [...MESSAGE_TYPES];
  const now = datasetNow();
  const built = await nationalSqlite({ seed: NATIONAL_SEED, now, serviceUrl: 'http://127.0.0.1:9' });
  const nation = nationalShape(NATIONAL_SEED);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bench-inbound-'));
  const connector = await startConnectorProcess({ expected: 1e9, prefix: 'none:', globalPerSecond: 1e6, progressEvery: 1e9 });
  const file = copyDataset(built.file, dir);
  await repoint(file, connector.url);
  const profileDir = path.join(RESULTS_DIR, 'profiles', 'inbound');
  const botArgs = process.argv.includes('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const logFile = path.join(dir, 'bot.log');
  let bot: Target | undefined;
  let echo: Target | undefined;
  try {
    [bot, echo] = [await startBot(benchBotEnv(file), logFile, botArgs), await startEcho()];
    process.stdout.write(
      `Inbound on the national data set (${built.counts.pcns} PCNs, ${built.counts.practices} practices, ${built.counts.plans} plans), ` +
        `${seconds} s per cell, ${os.cpus().length} CPUs, Node ${process.version}\n` +
        `  ready: bot ${bot.readyMs} ms, echo ${echo.readyMs} ms (spawn to /healthz 200); idle RSS: bot ${rssMb(bot.process.pid)} MB, echo ${rssMb(echo.process.pid)} MB\n` +
        `  ${'type'.padEnd(9)}${'conc'.padStart(5)} | ${'echo/s'.padStart(8)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} | ${'bot/s'.padStart(8)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} | p99 x  thru x | CPU ms/req echo  bot     x | failed\n`,
    );
    const cells: Cell[] = [];
    for (const type of types) {
      for (const concurrency of CONCURRENCY) {
        // The same activities (same seed) for both, the echo first; each cell warms up for a second.
        const echoCpuBefore = cpuMs(echo.process.pid);
        const echoResult = await closedLoop(
          `${echo.url}/api/messages`,
          shots(type, nation, connector.url, now, concurrency),
          concurrency,
          seconds,
          1,
        );
        const echoCpu = (cpuMs(echo.process.pid) - echoCpuBefore) / echoResult.sent;
        const botCpuBefore = cpuMs(bot.process.pid);
        const botResult = await closedLoop(
          `${bot.url}/api/messages`,
          shots(type, nation, connector.url, now, concurrency),
          concurrency,
          seconds,
          1,
        );
        const botCpu = (cpuMs(bot.process.pid) - botCpuBefore) / botResult.sent;
        const cell: Cell = {
          type,
          concurrency,
          echo: echoResult,
          bot: botResult,
          ratioP99: round(botResult.p99Ms / echoResult.p99Ms, 2),
          ratioThroughput: round(botResult.perSecond / echoResult.perSecond, 2),
          cpuMsPerRequest: { echo: round(echoCpu, 3), bot: round(botCpu, 3) },
          ratioCpu: round(botCpu / echoCpu, 2),
          rssMb: { echo: rssMb(echo.process.pid), bot: rssMb(bot.process.pid) },
        };
        cells.push(cell);
        const f = (x: number) => x.toFixed(1).padStart(7);
        process.stdout.write(
          `  ${type.padEnd(9)}${String(concurrency).padStart(5)} | ${f(echoResult.perSecond)}  ${f(echoResult.p50Ms)} ${f(echoResult.p99Ms)} | ` +
            `${f(botResult.perSecond)}  ${f(botResult.p50Ms)} ${f(botResult.p99Ms)} | ${cell.ratioP99.toFixed(2).padStart(5)}  ${cell.ratioThroughput.toFixed(2).padStart(5)} | ` +
            `${echoCpu.toFixed(2).padStart(15)} ${botCpu.toFixed(2).padStart(5)} ${cell.ratioCpu.toFixed(2).padStart(5)} | ` +
            `${botResult.failed}/${botResult.requests}${botResult.firstFailure ? ` (${botResult.firstFailure.slice(0, 80)})` : ''}${echoResult.failed ? ` echo failed ${echoResult.failed}` : ''}\n`,
        );
      }
    }
    const atTarget = cells.filter((c) => c.concurrency === 16);
    const met = atTarget.every((c) => c.ratioP99 <= 1.3 && c.ratioThroughput >= 0.8);
    const turnErrors = fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => /"level":50/.test(l)).length;
    process.stdout.write(
      `  at concurrency 16 (target p99 <= 1.3x, throughput >= 0.8x): ${met ? 'met' : 'NOT met'}; errors in the bot log: ${turnErrors}; ` +
        `RSS after: bot ${rssMb(bot.process.pid)} MB, echo ${rssMb(echo.process.pid)} MB\n`,
    );
    const out = writeResult('inbound.json', {
      at: new Date().toISOString(),
      machine: `${os.cpus().length} CPUs, Node ${process.version}`,
      seconds,
      readyMs: { bot: bot.readyMs, echo: echo.readyMs },
      cells,
      targetMetAtConcurrency16: met,
      botLogErrors: turnErrors,
    });
    process.stdout.write(`Written ${path.relative(process.cwd(), out)}\n`);
  } finally {
    await bot?.stop();
    await echo?.stop();
    await connector.stop();
    if (!process.argv.includes('--keep-temp')) fs.rmSync(dir, { recursive: true, force: true });
    else process.stdout.write(`  kept ${dir}\n`);
  }
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
