import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../services/clock';
import { loadConfig } from '../../services/config';
import type { ConversationAddress } from '../../services/domain';
import { InstallationService } from '../../services/installation';
import { Outbox } from '../../services/outbox/outbox';
import { SetupService } from '../../services/pcn-setup';
import { createStore } from '../../services/store';
import { compileBot, spawnBot, stopProcess } from '../support/bot-process';
import { FakeClock, silentLogger } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';
import { startTeamsConnector, type TeamsConnector } from '../support/teams-connector';

/**
 * Three real bot processes (`node bot/index.js`, compiled once for this
 * suite) share one store and start at the same moment, as App Service starts
 * instances. Each one's scheduler catches up this quarter's quick check at
 * start, for every PCN; the leases and the outbox's claims must make every
 * card reach Teams (the loopback connector) exactly once.
 */
const TENANT = 'tenant-multi';
const PCNS = 4;
const PRACTICES_PER_PCN = 5;
const CARDS = PCNS * PRACTICES_PER_PCN;
const admin = { id: '29:admin', aadObjectId: 'aad-admin', name: 'Alex Morgan' };
const lead = { id: '29:lead', aadObjectId: 'aad-lead', name: 'Priya Shah' };
/** Long enough before now that this quarter's (or, early on its first weekday, last quarter's) run is owed. */
const INSTALLED_AT = new Date(Date.now() - 200 * 86_400_000);
const isCard = (key: string | undefined) => key?.startsWith('quick-check:') === true;

let build: string;

beforeAll(async () => {
  build = await compileBot('pcn-multi-build-');
}, 120_000);

afterAll(() => fs.rmSync(build, { recursive: true, force: true }));

describe.each(STORE_KINDS)('three bot processes sharing one %s store', (kind) => {
  const storeEnv = useStore(kind);
  let dir: string;
  let connector: TeamsConnector;
  let bots: ChildProcess[] = [];

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-multi-'));
    connector = await startTeamsConnector({ tenantId: TENANT, members: [admin, lead] });
  });
  afterEach(async () => {
    await Promise.all(bots.map((bot) => stopProcess(bot)));
    bots = [];
    await connector.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when they start at once with this quarter’s quick check owed, then every card arrives exactly once', async () => {
    const env = { ...storeEnv(), SQLITE_PATH: path.join(dir, 'shared.sqlite') };
    const pcnIds = await seed(env, connector.url);

    bots = [1, 2, 3].map((n) => startBot(n, env, path.join(dir, `bot-${n}.log`)));
    const cards = await connector.waitForCount(CARDS, (a) => isCard(a.idempotencyKey), 40_000);
    // Time for a late duplicate to show itself: claims, retries and the three dispatchers' polls.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const exits = await Promise.all(bots.map((bot) => stopProcess(bot)));
    const store = createStore(loadConfig({ PLAYGROUND: '0', DEMO: '0', ...env }));
    await store.init();
    const outbox = await Promise.all(pcnIds.map(async (id) => (await new Outbox(store, systemClock).status(id)).counts));
    await store.close();

    const counts = connector.deliveryCounts();
    const cardKeys = [...counts.keys()].filter(isCard);
    expect(cardKeys).toHaveLength(CARDS);
    expect(cardKeys.map((key) => counts.get(key))).toEqual(cardKeys.map(() => 1));
    expect(connector.duplicateKeys()).toEqual([]);
    expect(connector.activities().filter((a) => isCard(a.idempotencyKey))).toHaveLength(CARDS);
    expect(new Set(cards.map((a) => a.conversationId.split(';')[0])).size).toBe(PCNS);
    expect(outbox).toEqual(pcnIds.map(() => ({ pending: 0, sending: 0, sent: PRACTICES_PER_PCN, parked: 0 })));
    expect(exits).toEqual([0, 0, 0]);
  }, 60_000);
});

/** PCNs installed long ago, each with practices and its General channel's address on the connector. */
async function seed(env: Record<string, string>, serviceUrl: string): Promise<string[]> {
  const store = createStore(loadConfig({ PLAYGROUND: '0', DEMO: '0', ...env }));
  await store.init();
  const clock = new FakeClock(INSTALLED_AT);
  const installation = new InstallationService(store, clock, silentLogger());
  const setup = new SetupService(store, clock, silentLogger());
  const ids: string[] = [];
  try {
    for (let p = 1; p <= PCNS; p++) {
      const teamId = `19:multi-pcn-${p}@thread.tacv2`;
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
      for (let i = 1; i <= PRACTICES_PER_PCN; i++) {
        await setup.addPractice(pcn.pcnId, admin, { name: `Practice ${p}.${i}`, odsCode: `M${p}${i}001`, leads: [lead] });
      }
      // Only the quick check: reminders and the round's close would be owed too, whatever today's date.
      await store.pcns.update(pcn.pcnId, (current) => ({
        ...current,
        schedule: { reminder: { enabled: false }, roundClose: { enabled: false } },
      }));
      ids.push(pcn.pcnId);
    }
  } finally {
    await store.close();
  }
  return ids;
}

function startBot(n: number, storeEnv: Record<string, string>, logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'w');
  const bot = spawnBot(
    build,
    {
      ...storeEnv,
      PLAYGROUND: '0',
      DEMO: '0',
      JOBS: '1',
      PORT: '0',
      INSTANCE_ID: `multi-${n}`,
      // Teams allows 50 per second for the app: a third each.
      TEAMS_RATE_PER_SECOND: '16',
      LOG_LEVEL: 'warn',
    },
    ['ignore', log, log],
  );
  fs.closeSync(log);
  return bot;
}
