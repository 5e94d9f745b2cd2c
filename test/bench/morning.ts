/**
 * The national morning: the scheduler opens the quarter's quick check for
 * all 1,250 PCNs at 09:30 on its first weekday, on the national data set,
 * through rounds, card rendering, the outbox and the dispatcher, to the
 * loopback Teams stand-in enforcing Teams' limits (per thread, and the
 * app-wide rate: 50 per second as Teams has it, and 500 to see the bot's own
 * ceiling). The bot runs as a process on a clock set 20 s before
 * the opening; a person types `help` five times a second throughout, so its
 * latency while the cards drain is measured against its latency just before.
 *
 *   npm run bench:morning                     at 500/s, then at 50/s (about 4 minutes)
 *   npm run bench:morning -- --rate 500       one rate only
 *   npm run bench:morning -- --help-per-second 0   the cards alone, nobody typing
 *   npm run bench:morning -- --by command     no scheduler: every PCN's admin types `start quick check`
 *                                             within 10 s, over HTTP (the clock 2 h before the opening)
 *   add --cpu-prof                            writes the bot's CPU profile to test/bench/results/profiles/morning-<mode>-<rate>/
 *
 * Targets: wall time (opening, or first command, to last card) within 1.10x
 * the rate floor (cards / rate; with commands, cards and replies / rate),
 * under 1% of requests throttled (429), the first card within 2 s of the
 * opening (or first command), help p99 during the drain under 2x idle.
 * Prints one line per rate; writes test/bench/results/morning.json
 * (morning-command.json with --by command).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstWeekday, londonTime, nextQuarter, quarterOf } from '../../services/domain/quarters';
import { type ConnectorStats } from './connector-process';
import { startConnectorProcess } from './processes';
import { benchBotEnv } from './inbound';
import { shots } from './inbound/activities';
import { freePort, rssMb, waitHealthy } from './inbound/targets';
import { NATIONAL_SEED } from './national';
import { copyDataset, nationalSqlite, repoint } from './national/dataset';
import { argValue, RESULTS_DIR, round, writeResult } from './national/report';
import { nationalShape } from './national/shape';
import { everyAdminStarts } from './morning/commands';
import { type Sample, sampleEvery, untilReplied } from './morning/sampler';
import { describe, latency, type MorningMode, type MorningResult } from './morning/summary';

/** How long before the opening the bot's clock starts: start-up, then idle help samples. */
const LEAD_MS = 20_000;
/** The opening itself (rounds being opened and cards rendered) against the rest of the drain (only sending). */
const OPENING_MS = 10_000;
/** A person typing `help`; `--help-per-second 0` measures the cards alone. */
const HELP_PER_SECOND = Number(argValue('--help-per-second') ?? 5);
/** After the last card, how long to wait for replies still queued. */
const REPLY_GRACE_MS = 2_000;
/** With `--by command`, the clock starts this much earlier: the scheduler's opening is not due while the commands open the rounds. */
const COMMAND_EARLY_MS = 2 * 3_600_000;
/** Every admin's command within this. */
const COMMAND_SPREAD_MS = 10_000;

const sleepUntil = (wall: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, wall - Date.now())));

async function morning(rate: number, mode: MorningMode): Promise<MorningResult> {
  const q = nextQuarter(quarterOf(new Date()));
  const day = firstWeekday(q);
  const opening = londonTime(day.year, day.month, day.day, 9, 30).getTime();
  const clockStart = opening - LEAD_MS - (mode === 'command' ? COMMAND_EARLY_MS : 0);
  // Installed a minute before the bot's clock starts: nothing is caught up, and in command mode nothing is due at all.
  const options = {
    seed: NATIONAL_SEED,
    now: new Date(opening - 86_400_000),
    serviceUrl: 'http://127.0.0.1:9',
    installedAt: new Date(mode === 'command' ? clockStart - 60_000 : opening - 60_000).toISOString(),
  };
  const built = await nationalSqlite(options);
  const nation = nationalShape(NATIONAL_SEED);
  const expected = built.counts.practices;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bench-morning-'));
  const connector = await startConnectorProcess({
    expected,
    prefix: `quick-check:${q.id}:`,
    globalPerSecond: rate,
    progressEvery: 1,
  });
  let firstCardAt: number | undefined;
  connector.onProgress((_n, at) => void (firstCardAt ??= at));
  const file = copyDataset(built.file, dir);
  await repoint(file, connector.url);
  const port = await freePort();
  const log = fs.openSync(path.join(dir, 'bot.log'), 'a');
  const spawnedAt = Date.now();
  const openingWall = spawnedAt + LEAD_MS;
  const profile = process.argv.includes('--cpu-prof')
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, 'profiles', `morning-${mode}-${rate}`)}`]
    : [];
  const bot = spawn(
    process.execPath,
    [...profile, path.join(__dirname, 'morning', 'bot-on-clock.js'), String(clockStart), String(spawnedAt)],
    {
      env: {
        PATH: process.env.PATH ?? '',
        ...benchBotEnv(file, true),
        TEAMS_RATE_PER_SECOND: String(rate),
        TEAMS_APP_RATE_PER_SECOND: String(rate),
        PORT: String(port),
      },
      stdio: ['ignore', log, log],
    },
  );
  fs.closeSync(log);
  try {
    const url = `http://127.0.0.1:${port}`;
    const readyMs = await waitHealthy(url, spawnedAt);
    const sampler =
      HELP_PER_SECOND > 0
        ? sampleEvery(`${url}/api/messages`, shots('help', nation, connector.url, new Date(opening), 5), HELP_PER_SECOND)
        : { stop: async (): Promise<Sample[]> => [] };
    let peakRss = 0;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssMb(bot.pid))), 250);
    const commanded =
      mode === 'command'
        ? sleepUntil(openingWall).then(() => everyAdminStarts(`${url}/api/messages`, nation, connector.url, COMMAND_SPREAD_MS))
        : Promise.resolve([]);
    const sent = expected + (mode === 'command' ? nation.length : 0);
    const floorMs = (sent / rate) * 1000;
    const completeAt = await connector.complete(LEAD_MS + floorMs * 3 + 60_000);
    const turns = await commanded;
    const answered = await sampler.stop();
    clearInterval(rssTimer);
    // The last replies may still be on their way when the last card lands.
    await new Promise((resolve) => setTimeout(resolve, REPLY_GRACE_MS));
    const stats: ConnectorStats = await connector.stats();
    // What a person waits for: their reply at Teams, not the HTTP answer to their turn.
    const commands = untilReplied(turns, stats.replyArrivals);
    const samples = untilReplied(answered, stats.replyArrivals);
    const end = completeAt ?? stats.lastDeliveryAt ?? Date.now();
    // The morning starts at the opening, or at the first admin's command.
    const startAt = commands[0]?.at ?? openingWall;
    const inIdle = (s: Sample) => s.at >= spawnedAt + readyMs + 1000 && s.at < startAt;
    const inDrain = (s: Sample) => s.at >= startAt && s.at <= end;
    const idle = samples.filter(inIdle);
    const drain = samples.filter(inDrain);
    const wallMs = end - startAt;
    // Replies to help use the same app-wide rate as the cards: the floor for everything sent.
    const allFloorMs = (stats.requests / rate) * 1000;
    return {
      mode,
      rate,
      quarter: q.id,
      cards: expected,
      delivered: stats.distinctDelivered,
      duplicated: stats.deliveries - stats.distinctDelivered,
      complete: completeAt !== undefined,
      readyMs,
      wallMs,
      floorMs,
      ratioToFloor: round(wallMs / floorMs, 3),
      allRequestsFloorMs: allFloorMs,
      ratioToAllRequestsFloor: round(wallMs / allFloorMs, 3),
      firstCardMs: firstCardAt === undefined ? undefined : firstCardAt - startAt,
      requests: stats.requests,
      throttled: stats.throttled,
      throttledShare: round(stats.throttled / Math.max(1, stats.requests), 4),
      throttledBy: stats.throttledBy,
      ...(mode === 'command' && {
        commands: {
          ...latency(commands),
          failed: commands.filter((c) => !c.ok).length,
          spreadMs: COMMAND_SPREAD_MS,
          turnAnswered: latency(turns),
        },
      }),
      help: {
        idle: latency(idle),
        drain: latency(drain),
        firstTenSeconds: latency(drain.filter((s) => s.at < startAt + OPENING_MS)),
        afterFirstTenSeconds: latency(drain.filter((s) => s.at >= startAt + OPENING_MS)),
        failed: samples.filter((s) => !s.ok).length,
        turnAnswered: { idle: latency(answered.filter(inIdle)), drain: latency(answered.filter(inDrain)) },
      },
      peakRssMb: peakRss,
      requestsPerSecond: stats.requestsPerSecond,
    };
  } finally {
    if (bot.exitCode === null) {
      const exited = new Promise((r) => bot.once('exit', r));
      bot.kill('SIGTERM');
      const timer = setTimeout(() => bot.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await connector.stop();
    if (process.argv.includes('--keep-temp')) process.stdout.write(`  kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

function modeArg(): MorningMode {
  const by = argValue('--by') ?? 'scheduler';
  if (by !== 'scheduler' && by !== 'command') throw new Error(`--by must be scheduler or command, not ${by}`);
  return by;
}

async function main(): Promise<void> {
  const rates = argValue('--rate') ? [Number(argValue('--rate'))] : [500, 50];
  const mode = modeArg();
  process.stdout.write(
    `The national morning: ${mode === 'command' ? "every PCN's admin types `start quick check`" : "the scheduler opens every PCN's quick check"}; ` +
      `${os.cpus().length} CPUs, Node ${process.version}\n`,
  );
  const results: MorningResult[] = [];
  for (const rate of rates) {
    const r = await morning(rate, mode);
    results.push(r);
    process.stdout.write(describe(r));
  }
  const out = writeResult(mode === 'command' ? 'morning-command.json' : 'morning.json', {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} CPUs, Node ${process.version}`,
    results,
  });
  process.stdout.write(`Written ${path.relative(process.cwd(), out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
