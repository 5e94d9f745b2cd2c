/**
 * The bot as a process on the national data set (SQLite): time from `node`
 * start to /healthz 200, and memory idle, under mixed load and after it,
 * with what the resident set is made of (V8 heap, other anonymous memory:
 * the allocator and SQLite's page cache, file-backed pages). Each memory
 * setting is run in turn, so the bounds' effect is measured side by side;
 * the bare echo bot is the baseline for start-up and memory.
 *
 *   npm run bench:process                          start-up x3, then each setting: idle, 20 s mixed load at 16, idle
 *   npm run bench:process -- --load-seconds 60     longer load
 *   npm run bench:soak                             10 minutes of mixed load (the README's figure), RSS and heap every 10 s
 *   npm run bench:soak -- --soak 60                a quick soak
 *
 * Targets: ready under 1 s; RSS under 120 MB idle and 250 MB under load; no growth over the soak.
 * Writes test/bench/results/process.json or soak.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startConnectorProcess } from './processes';
import { closedLoop } from './inbound/load';
import { rssMb, startBot, startEcho, type Target } from './inbound/targets';
import { benchBotEnv } from './inbound';
import { datasetNow, NATIONAL_SEED } from './national';
import { copyDataset, nationalSqlite, repoint } from './national/dataset';
import { argValue, round, writeResult } from './national/report';
import { nationalShape } from './national/shape';
import { mixedShots } from './process/mixed';
import { describe, type MemoryReport, probe, probeArgs } from './process/probe';

/** Memory settings compared: Node and glibc defaults, then the bounds the README recommends for App Service. */
export const SETTINGS: readonly { name: string; nodeArgs: string[]; env: Record<string, string> }[] = [
  { name: 'defaults', nodeArgs: [], env: {} },
  { name: 'semi-space 4 MB, 2 arenas', nodeArgs: ['--max-semi-space-size=4'], env: { MALLOC_ARENA_MAX: '2' } },
  {
    name: 'bounded',
    nodeArgs: ['--max-semi-space-size=4', '--max-old-space-size=160'],
    env: { MALLOC_ARENA_MAX: '2' },
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function startUp(file: string, dir: string) {
  const bot: number[] = [];
  const echo: number[] = [];
  for (let i = 0; i < 3; i++) {
    const b = await startBot(benchBotEnv(file), path.join(dir, 'startup.log'));
    bot.push(b.readyMs);
    await b.stop();
    const e = await startEcho();
    echo.push(e.readyMs);
    await e.stop();
  }
  return { botMs: median(bot), echoMs: median(echo), botRuns: bot, echoRuns: echo };
}

async function main(): Promise<void> {
  const soakSeconds =
    argValue('--soak') !== undefined ? Number(argValue('--soak')) : process.argv.includes('--soak-default') ? 600 : 0;
  const loadSeconds = Number(argValue('--load-seconds') ?? 20);
  const now = datasetNow();
  const built = await nationalSqlite({ seed: NATIONAL_SEED, now, serviceUrl: 'http://127.0.0.1:9' });
  const nation = nationalShape(NATIONAL_SEED);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bench-process-'));
  const connector = await startConnectorProcess({ expected: 1e9, prefix: 'none:', globalPerSecond: 1e6, progressEvery: 1e9 });
  const file = copyDataset(built.file, dir);
  await repoint(file, connector.url);
  const probeFile = path.join(dir, 'memory.json');
  const url = (t: Target) => `${t.url}/api/messages`;
  try {
    if (soakSeconds > 0) return await soak(file, dir, probeFile, connector.url, nation, now, soakSeconds);
    const startup = await startUp(file, dir);
    process.stdout.write(
      `Process on the national data set, ${os.cpus().length} CPUs, Node ${process.version}\n` +
        `  ready (spawn to /healthz 200, median of 3): bot ${startup.botMs} ms ${JSON.stringify(startup.botRuns)}, ` +
        `echo ${startup.echoMs} ms ${JSON.stringify(startup.echoRuns)}: x${round(startup.botMs / startup.echoMs, 2)}; target under 1000 ms\n`,
    );
    const settings = [];
    for (const setting of SETTINGS) {
      const env = { ...setting.env, MEMORY_PROBE_FILE: probeFile };
      const args = [...probeArgs(), ...setting.nodeArgs];
      const bot = await startBot(benchBotEnv(file), path.join(dir, 'bot.log'), args, env);
      const echo = await startEcho([...probeArgs(), ...setting.nodeArgs]);
      try {
        await new Promise((r) => setTimeout(r, 3000));
        const idle = await probe(bot.process.pid as number, probeFile);
        const echoIdle = rssMb(echo.process.pid);
        let peak = 0;
        let echoPeak = 0;
        const sampler = setInterval(() => {
          peak = Math.max(peak, rssMb(bot.process.pid));
          echoPeak = Math.max(echoPeak, rssMb(echo.process.pid));
        }, 250);
        const echoLoad = await closedLoop(url(echo), mixedShots(nation, connector.url, now), 16, loadSeconds, 1);
        const botLoad = await closedLoop(url(bot), mixedShots(nation, connector.url, now), 16, loadSeconds, 1);
        const loaded = await probe(bot.process.pid as number, probeFile);
        clearInterval(sampler);
        await new Promise((r) => setTimeout(r, 5000));
        const after = await probe(bot.process.pid as number, probeFile);
        const result = {
          setting: setting.name,
          nodeArgs: setting.nodeArgs,
          env: setting.env,
          idle,
          peakRssMb: peak,
          atEndOfLoad: loaded,
          idleAfterLoad: after,
          echo: { idleRssMb: echoIdle, peakRssMb: echoPeak },
          mixedLoad: { bot: botLoad, echo: echoLoad },
        };
        settings.push(result);
        process.stdout.write(
          `  ${setting.name} (${[...setting.nodeArgs, ...Object.entries(setting.env).map(([k, v]) => `${k}=${v}`)].join(' ') || 'none'}):\n` +
            `    idle:        ${describe(idle)}\n` +
            `    under load:  peak RSS ${peak} MB (echo ${echoPeak} MB); at the end ${describe(loaded)}\n` +
            `    idle after:  ${describe(after)}\n` +
            `    mixed load at 16: bot ${botLoad.perSecond}/s p99 ${botLoad.p99Ms} ms, echo ${echoLoad.perSecond}/s p99 ${echoLoad.p99Ms} ms; echo idle RSS ${echoIdle} MB\n` +
            `    targets: idle ${(idle?.rssMb ?? 999) < 120 ? 'met' : 'NOT met'} (< 120 MB), load ${peak < 250 ? 'met' : 'NOT met'} (< 250 MB)\n`,
        );
      } finally {
        await bot.stop();
        await echo.stop();
      }
    }
    const out = writeResult('process.json', {
      at: new Date().toISOString(),
      machine: `${os.cpus().length} CPUs, Node ${process.version}`,
      startup,
      loadSeconds,
      settings,
    });
    process.stdout.write(`Written ${path.relative(process.cwd(), out)}\n`);
  } finally {
    await connector.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Least-squares slope of y over x. */
function slope(points: readonly [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function soak(
  file: string,
  dir: string,
  probeFile: string,
  serviceUrl: string,
  nation: ReturnType<typeof nationalShape>,
  now: Date,
  seconds: number,
): Promise<void> {
  const setting =
    SETTINGS.find((s) => s.name === (argValue('--setting') ?? 'bounded')) ?? (SETTINGS[0] as (typeof SETTINGS)[number]);
  const bot = await startBot(benchBotEnv(file), path.join(dir, 'bot.log'), [...probeArgs(), ...setting.nodeArgs], {
    ...setting.env,
    MEMORY_PROBE_FILE: probeFile,
  });
  process.stdout.write(
    `Soak: mixed load at concurrency 8 for ${seconds} s, memory setting "${setting.name}", a sample every 10 s\n`,
  );
  const samples: MemoryReport[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    void probe(bot.process.pid as number, probeFile).then((m) => {
      if (!m) return;
      samples.push(m);
      process.stdout.write(
        `  ${Math.round((m.at - started) / 1000)} s: RSS ${m.rssMb} MB, heap used ${m.heapUsedMb} MB, live ${m.liveHeapMb ?? '?'} MB\n`,
      );
    });
  }, 10_000);
  try {
    const load = await closedLoop(`${bot.url}/api/messages`, mixedShots(nation, serviceUrl, now, 7), 8, seconds, 0);
    clearInterval(sampler);
    // Growth is judged on the second half: the first fills caches and sizes the heap.
    const half = samples.filter((m) => m.at - started >= (seconds * 1000) / 2);
    const perMin = (pick: (m: MemoryReport) => number) => round(slope(half.map((m) => [(m.at - started) / 60_000, pick(m)])), 2);
    const rssSlope = perMin((m) => m.rssMb);
    // The live heap (after the probe's full collection) is what a leak grows.
    const heapSlope = perMin((m) => m.liveHeapMb ?? m.heapUsedMb);
    const maxRss = Math.max(...samples.map((m) => m.rssMb));
    process.stdout.write(
      `  ${load.requests} requests, ${load.failed} failed, ${load.perSecond}/s, p99 ${load.p99Ms} ms\n` +
        `  second half: RSS ${rssSlope} MB/min, live heap ${heapSlope} MB/min; highest RSS ${maxRss} MB ` +
        `(flat: under 1 MB/min) ${Math.abs(rssSlope) < 1 ? 'flat' : 'GROWING'}\n`,
    );
    const out = writeResult('soak.json', {
      at: new Date().toISOString(),
      machine: `${os.cpus().length} CPUs, Node ${process.version}`,
      seconds,
      setting,
      load,
      rssSlopeMbPerMin: rssSlope,
      heapSlopeMbPerMin: heapSlope,
      maxRssMb: maxRss,
      samples: samples.map((m) => ({
        s: Math.round((m.at - started) / 1000),
        rssMb: m.rssMb,
        heapUsedMb: m.heapUsedMb,
        liveHeapMb: m.liveHeapMb,
        heapTotalMb: m.heapTotalMb,
      })),
    });
    process.stdout.write(`Written ${path.relative(process.cwd(), out)}\n`);
  } finally {
    clearInterval(sampler);
    await bot.stop();
  }
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
