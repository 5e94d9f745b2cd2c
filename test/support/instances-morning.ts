import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { loadConfig } from '../../services/config';
import type { ConversationAddress } from '../../services/domain';
import { InstallationService } from '../../services/installation';
import { SetupService } from '../../services/pcn-setup';
import { createStore } from '../../services/store';
import type { OutboxItem } from '../../services/store/outbox-repository';
import { FakeClock, silentLogger } from './fakes';
import { startTeamsConnector } from './teams-connector';
import { classifyThrottling } from './teams-throttling';

/**
 * One quarter's opening morning on three bot processes sharing one store,
 * for the e2e test and `npm run bench:instances`: the three start together
 * on a fresh store (and must all start), stop, then start together again
 * with every PCN's quick check owed; mid-morning one is killed (SIGKILL) and
 * restarted under the same INSTANCE_ID, and another is stopped (SIGTERM) and
 * left stopped. The Teams stand-in answers after `latencyMs` with Teams'
 * per-thread and per-app limits. Returns what a person would count.
 */
export interface MorningOptions {
  /** STORE and its settings, for a store that does not exist yet. */
  readonly storeEnv: Record<string, string>;
  /** Where the SQLite file (if any) and the bots' logs go. */
  readonly dir: string;
  readonly pcns: number;
  readonly practicesPerPcn: number;
  readonly latencyMs: number;
  readonly leaseTtlSeconds: number;
  /** Starts the bot (`node bot/index.js`) with `env`, its output to `logFile`. */
  readonly spawn: (env: Record<string, string>, logFile: string) => ChildProcess;
  /** Cards delivered before instance 1 is killed, and before instance 2 is stopped. */
  readonly killAfter: number;
  readonly termAfter: number;
  /** How long to wait for every card; and after, for a late duplicate. */
  readonly timeoutMs: number;
  readonly settleMs: number;
  /**
   * How many of the PCNs (the last ones) open by their admin typing `start quick check` in the channel, sent
   * to the three instances in turn as they start, instead of by the scheduler (their schedule is off).
   */
  readonly byCommand?: number;
}

export interface MorningFigures {
  /** How many of the three started on the fresh store. */
  readonly startedOnFreshStore: number;
  readonly cards: number;
  readonly lost: number;
  /** Card keys Teams received more than once. */
  readonly duplicated: readonly string[];
  /** The killed instance's own report of its in-flight window (the most a SIGKILL could duplicate). */
  readonly reportedInFlight: number;
  /** Duplicated keys that were not among the sends the killed instance had in flight (must be none). */
  readonly duplicatesNotInFlight: readonly string[];
  readonly threadRefusals: number;
  readonly appRefusals: number;
  /** From the three starting to the last card's first arrival, and from the kill to it (ms). */
  readonly latestCardMs: number;
  readonly latestAfterKillMs: number;
  /** `help` answered by a surviving instance while the killed one was down and restarting (ms each). */
  readonly helpLatencyMs: readonly number[];
  readonly sigtermExit: number | null;
  /** What a surviving instance reported at GET /healthz during the kill (its `delivery` pacing). */
  readonly survivorHealth?: {
    readonly ratePerSecond: number;
    readonly liveInstances: number;
    readonly maxInFlightWindow: number;
  };
  /** Cards marked sent in the outbox whose thread is not noted on their round (must be none). */
  readonly sentNotOnRound: number;
  /** The `start quick check` commands sent, and how many were answered 200 (the rest are not opened by anyone). */
  readonly commands: { readonly sent: number; readonly answered: number };
}

const TENANT = 'tenant-morning';
const admin = { id: '29:admin', aadObjectId: 'aad-admin', name: 'Alex Morgan' };
const lead = { id: '29:lead', aadObjectId: 'aad-lead', name: 'Priya Shah' };
const isCard = (key: string | undefined) => key?.startsWith('quick-check:') === true;

export async function runMorning(options: MorningOptions): Promise<MorningFigures> {
  const cards = options.pcns * options.practicesPerPcn;
  const connector = await startTeamsConnector({ tenantId: TENANT, members: [admin, lead], latencyMs: options.latencyMs });
  const bots: ChildProcess[] = [];
  try {
    const env = (n: number, port: number): Record<string, string> => ({
      ...options.storeEnv,
      PLAYGROUND: '0',
      DEMO: '0',
      JOBS: '1',
      PORT: String(port),
      INSTANCE_ID: `morning-${n}`,
      LEASE_TTL_SECONDS: String(options.leaseTtlSeconds),
      LOG_LEVEL: 'info',
    });
    const ports = await Promise.all([1, 2, 3].map(() => freePort()));
    const log = (name: string) => path.join(options.dir, `${name}.log`);

    // 1. A fresh store: the three start at the same moment; every one must start.
    const fresh = [1, 2, 3].map((n) => options.spawn(env(n, ports[n - 1] as number), log(`fresh-${n}`)));
    bots.push(...fresh);
    const ready = await Promise.all(fresh.map((bot, i) => readyOrExit(bot, log(`fresh-${i + 1}`), 30_000)));
    await Promise.all(fresh.map((bot) => stop(bot, 'SIGTERM')));

    // 2. The morning: every PCN's quick check owed, three instances started together.
    const pcnIds = await seed(options, connector.url, cards);
    const first = new Map<string, number>();
    connector.onActivity((a) => {
      if (isCard(a.idempotencyKey) && !first.has(a.idempotencyKey as string)) first.set(a.idempotencyKey as string, a.at);
    });
    const startedAt = Date.now();
    const morning = [1, 2, 3].map((n) => options.spawn(env(n, ports[n - 1] as number), log(`morning-${n}`)));
    bots.push(...morning);
    const commanded = pcnIds.slice(pcnIds.length - (options.byCommand ?? 0));
    let answered = 0;
    if (commanded.length) {
      await Promise.all(morning.map((bot, i) => readyOrExit(bot, log(`morning-${i + 1}`), 30_000)));
      const statuses = await Promise.all(
        commanded.map((pcnId, i) => startQuickCheck(ports[i % 3] as number, connector.url, pcnId)),
      );
      answered = statuses.filter((status) => status === 200).length;
    }

    await until(() => first.size >= options.termAfter, options.timeoutMs);
    const sigterm = stop(morning[1] as ChildProcess, 'SIGTERM');

    await until(() => first.size >= options.killAfter, options.timeoutMs);
    (morning[0] as ChildProcess).kill('SIGKILL');
    const killedAt = Date.now();
    await exited(morning[0] as ChildProcess);
    const restarted = options.spawn(env(1, ports[0] as number), log('morning-1-restarted'));
    bots.push(restarted);
    const helpLatencyMs = await probeHelp(ports[2] as number, connector.url, 5, 200);
    const health = (await (await fetch(`http://127.0.0.1:${ports[2]}/healthz`)).json()) as {
      delivery?: MorningFigures['survivorHealth'];
    };

    await until(() => first.size >= cards, options.timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    const sigtermExit = await sigterm;
    await Promise.all([restarted, morning[2] as ChildProcess].map((bot) => stop(bot, 'SIGTERM')));

    const counts = connector.deliveryCounts();
    const duplicated = [...counts].filter(([key, n]) => isCard(key) && n > 1).map(([key]) => key);
    const { interrupted, sentNotOnRound } = await readOutcome(options.storeEnv, pcnIds);
    const refusals = classifyThrottling(connector.requests(), 50);
    const latest = Math.max(...first.values());
    return {
      startedOnFreshStore: ready.filter(Boolean).length,
      cards,
      lost: cards - first.size,
      duplicated,
      reportedInFlight: reportedWindow(log('morning-1')),
      duplicatesNotInFlight: duplicated.filter((key) => !interrupted.has(key)),
      threadRefusals: refusals.thread,
      appRefusals: refusals.global,
      latestCardMs: latest - startedAt,
      latestAfterKillMs: latest - killedAt,
      helpLatencyMs,
      sigtermExit,
      survivorHealth: health.delivery,
      sentNotOnRound,
      commands: { sent: commanded.length, answered },
    };
  } finally {
    await Promise.all(bots.map((bot) => stop(bot, 'SIGKILL')));
    await connector.stop();
  }
}

/** PCNs installed long ago, each with practices; only the quick check is scheduled (reminders would be owed too). */
async function seed(options: MorningOptions, serviceUrl: string, cards: number): Promise<string[]> {
  const store = createStore(loadConfig({ PLAYGROUND: '0', DEMO: '0', ...options.storeEnv }));
  await store.init();
  const clock = new FakeClock(new Date(Date.now() - 200 * 86_400_000));
  const installation = new InstallationService(store, clock, silentLogger());
  const setup = new SetupService(store, clock, silentLogger());
  const ids: string[] = [];
  try {
    for (let p = 1; p <= options.pcns; p++) {
      const teamId = `19:morning-pcn-${p}@thread.tacv2`;
      const address: ConversationAddress = {
        conversationId: teamId,
        serviceUrl,
        tenantId: TENANT,
        botId: '28:pcn-bot',
        botName: 'PCN Social Media',
        channelId: teamId,
        isGroup: true,
        conversationType: 'channel',
      };
      const { pcn } = await installation.teamInstalled({
        tenantId: TENANT,
        teamId,
        aadGroupId: `group-${p}`,
        teamName: `PCN ${p}`,
        address,
        installer: admin,
      });
      for (let i = 1; i <= options.practicesPerPcn; i++) {
        await setup.addPractice(pcn.pcnId, admin, { name: `Practice ${p}.${i}`, odsCode: `M${p}X${i}`, leads: [lead] });
      }
      // Only the quick check's opening is owed (reminders would be too); the last `byCommand` PCNs open by command.
      const byCommand = p > options.pcns - (options.byCommand ?? 0);
      await store.pcns.update(pcn.pcnId, (current) => ({
        ...current,
        schedule: {
          reminder: { enabled: false },
          roundClose: { enabled: false },
          ...(byCommand ? { quickCheck: { enabled: false } } : {}),
        },
      }));
      ids.push(pcn.pcnId);
    }
  } finally {
    await store.close();
  }
  if (ids.length * options.practicesPerPcn !== cards) throw new Error('seeding went wrong');
  return ids;
}

/** Which cards the killed instance had in flight (resumed as interrupted on its restart), and sent cards missing from rounds. */
async function readOutcome(storeEnv: Record<string, string>, pcnIds: readonly string[]) {
  const store = createStore(loadConfig({ PLAYGROUND: '0', DEMO: '0', ...storeEnv }));
  await store.init();
  const interrupted = new Set<string>();
  let sentNotOnRound = 0;
  try {
    for (const pcnId of pcnIds) {
      const sent: OutboxItem[] = await store.outbox.listByStatus(pcnId, 'sent');
      for (const item of sent) if (item.errors.some((e) => e.kind === 'interrupted')) interrupted.add(item.key);
      const quarter = sent.find((i) => isCard(i.key))?.key.split(':')[1];
      const round = quarter ? await store.quickCheck.getRound(pcnId, quarter) : undefined;
      for (const item of sent.filter((i) => isCard(i.key))) {
        const cardKey = item.key.split(':').slice(2).join(':');
        if (round?.cards[cardKey]?.activityId !== item.sent?.activityId) sentNotOnRound++;
      }
    }
  } finally {
    await store.close();
  }
  return { interrupted, sentNotOnRound };
}

/** The largest in-flight window an instance reported in its log ('delivery pacing' lines). */
function reportedWindow(logFile: string): number {
  let max = 0;
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('maxInFlightWindow')) continue;
    try {
      max = Math.max(max, (JSON.parse(line) as { maxInFlightWindow: number }).maxInFlightWindow);
    } catch {
      // A line cut short by the SIGKILL.
    }
  }
  return max;
}

/** `help` in a personal chat, posted to a surviving instance `times` times, `gapMs` apart: each turn's time. */
async function probeHelp(port: number, serviceUrl: string, times: number, gapMs: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `help-${i}`,
        text: 'help',
        channelId: 'msteams',
        serviceUrl,
        timestamp: new Date().toISOString(),
        from: { id: admin.id, name: admin.name, aadObjectId: admin.aadObjectId },
        recipient: { id: '28:pcn-bot', name: 'PCN Social Media' },
        conversation: { id: `a:personal-${admin.aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
      }),
    });
    await res.text();
    if (res.status >= 300) throw new Error(`help was answered ${res.status}`);
    latencies.push(Date.now() - started);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return latencies;
}

/** The PCN admin types `@PCN Social Media start quick check` in the PCN's General channel; returns the HTTP status. */
async function startQuickCheck(port: number, serviceUrl: string, pcnId: string): Promise<number> {
  const teamId = pcnId.slice(pcnId.indexOf(':') + 1);
  const bot = { id: '28:pcn-bot', name: 'PCN Social Media' };
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `start-${teamId}`,
      text: `<at>${bot.name}</at> start quick check`,
      entities: [{ type: 'mention', text: `<at>${bot.name}</at>`, mentioned: bot }],
      channelId: 'msteams',
      serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: admin.id, name: admin.name, aadObjectId: admin.aadObjectId },
      recipient: bot,
      conversation: { id: `${teamId};messageid=${Date.now()}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: teamId }, channel: { id: teamId, name: 'General' } },
    }),
  });
  await res.text();
  return res.status;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** True once the bot logs that it is ready; false if it exits (could not start) or takes too long. */
async function readyOrExit(bot: ChildProcess, logFile: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(logFile) && fs.readFileSync(logFile, 'utf8').includes('"msg":"bot ready"')) return true;
    if (bot.exitCode !== null || bot.signalCode !== null) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function exited(bot: ChildProcess): Promise<number | null> {
  if (bot.exitCode !== null || bot.signalCode !== null) return Promise.resolve(bot.exitCode);
  return new Promise((resolve) => bot.once('exit', (code) => resolve(code)));
}

/** Sends `signal` (SIGKILL after 15 s if it hangs) and resolves with the exit code. */
async function stop(bot: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (bot.exitCode !== null || bot.signalCode !== null) return bot.exitCode;
  const done = exited(bot);
  bot.kill(signal);
  const timer = setTimeout(() => bot.kill('SIGKILL'), 15_000);
  const code = await done;
  clearTimeout(timer);
  return code;
}
