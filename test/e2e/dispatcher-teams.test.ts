import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { TeamsMessenger } from '../../bot/teams-messenger';
import { systemClock } from '../../services/clock';
import type { ConversationAddress } from '../../services/domain';
import { GoneError, PermanentError, type SendTarget, ThrottledError, TransientError } from '../../services/messenger';
import { Dispatcher, type DispatcherOptions } from '../../services/outbox/dispatcher';
import { Outbox } from '../../services/outbox/outbox';
import { retireInStore } from '../../services/outbox/retire';
import type { Store } from '../../services/store';
import type { Stored } from '../../services/store/documents';
import { type OutboxItem, OutboxRepository } from '../../services/store/outbox-repository';
import { silentLogger } from '../support/fakes';
import { type RosterMember, startTeamsConnector, type TeamsConnector } from '../support/teams-connector';
import { tempSqliteStore } from '../support/temp-store';

const PCN = 'tenant-loopback:group-riverside';
const GENERAL = '19:riverside-general@thread.tacv2';
const PLANS = '19:riverside-plans@thread.tacv2';
const CHANNELS = [GENERAL, PLANS, '19:riverside-news@thread.tacv2', '19:riverside-events@thread.tacv2'];
const people: RosterMember[] = ['Asha', 'Ben'].map((name, i) => ({ id: `29:user-${i}`, aadObjectId: `aad-${i}`, name }));
const card = (title: string) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: title }] });

describe('Dispatcher with TeamsMessenger against the loopback Teams connector', () => {
  let connector: TeamsConnector;
  let store: Store;
  let dispose: () => Promise<void>;
  let messenger: TeamsMessenger;
  let outbox: Outbox;
  let repo: OutboxRepository;
  let dispatcher: Dispatcher | undefined;

  const address = (conversationId: string, extra: Partial<ConversationAddress> = {}): ConversationAddress => ({
    conversationId,
    serviceUrl: connector.url,
    tenantId: 'tenant-loopback',
    botId: '28:pcn-bot',
    botName: 'PCN bot',
    isGroup: true,
    conversationType: 'channel',
    channelId: conversationId.split(';')[0],
    ...extra,
  });
  const newThread = (channelId: string): SendTarget => ({ kind: 'newThread', address: address(GENERAL), channelId });
  const start = (options: DispatcherOptions = {}) => {
    dispatcher = new Dispatcher(
      {
        outbox: repo,
        messenger,
        clock: systemClock,
        logger: silentLogger(),
        retire: retireInStore(store, systemClock),
      },
      { pollMs: 50, retry: { baseMs: 100, capMs: 1_000, maxAttempts: 20 }, ...options },
    );
    dispatcher.start();
    return dispatcher;
  };
  /** Waits (polling the store) until nothing is left to send; e2e, so real time. */
  const drained = async (timeoutMs = 20_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { counts } = await outbox.status(PCN);
      if (counts.pending + counts.sending === 0) return;
      if (Date.now() > deadline) throw new Error(`Outbox not drained: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const item = async (key: string) => (await repo.get(PCN, key)) as Stored<OutboxItem>;

  beforeEach(async () => {
    connector = await startTeamsConnector({
      tenantId: 'tenant-loopback',
      members: people,
      teams: [
        {
          id: GENERAL,
          aadGroupId: 'group-riverside',
          name: 'Riverside PCN',
          channels: CHANNELS.slice(1).map((id) => ({ id, name: id })),
        },
      ],
    });
    ({ store, dispose } = await tempSqliteStore());
    messenger = new TeamsMessenger(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})));
    repo = new OutboxRepository(store.documents);
    outbox = new Outbox(store, systemClock, () => dispatcher?.wake());
  });
  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
    await connector.stop();
    await dispose();
  });

  it('when it posts a thread, replies in it, updates the card and messages people 1:1, then Teams gets each once with its key', async () => {
    start();
    await outbox.enqueue({
      pcnId: PCN,
      key: 'quick-check:2027-Q1:riverside',
      target: newThread(PLANS),
      message: {
        text: 'Quick check for <at>Asha</at>',
        card: card('Quick check'),
        mentions: [{ aadObjectId: 'aad-0', name: 'Asha' }],
      },
    });
    await drained();
    const root = await item('quick-check:2027-Q1:riverside');
    const thread = root.sent?.conversationId as string;
    const personal = address('', {
      isGroup: false,
      conversationType: 'personal',
      user: { aadObjectId: 'aad-1', name: 'Ben' },
      channelId: undefined,
    });

    await outbox.enqueue({
      pcnId: PCN,
      key: 'reply:1',
      target: { kind: 'conversation', address: address(thread) },
      message: { text: '1 of 4 practices have answered' },
    });
    await outbox.enqueue({
      pcnId: PCN,
      key: 'update:1',
      target: { kind: 'conversation', address: address(thread) },
      message: { card: card('Quick check: 1 of 4') },
      replaceActivityId: root.sent?.activityId,
    });
    await outbox.enqueue({
      pcnId: PCN,
      key: 'dm:ben',
      target: { kind: 'conversation', address: personal },
      message: { text: 'Your practice’s quick check is waiting' },
    });
    await drained();

    expect(thread).toBe(`${PLANS};messageid=${root.sent?.activityId}`);
    expect(connector.messagesIn(PLANS).map((m) => [m.activity.text ?? null, m.versions])).toEqual([
      [null, 2],
      ['1 of 4 practices have answered', 1],
    ]);
    expect(connector.cardsIn(PLANS)).toEqual([card('Quick check: 1 of 4')]);
    expect(connector.activities()[0]?.activity.entities).toEqual([
      { type: 'mention', text: '<at>Asha</at>', mentioned: { id: 'aad-0', name: 'Asha', aadObjectId: 'aad-0' } },
    ]);
    expect(connector.activities().find((a) => a.idempotencyKey === 'dm:ben')).toMatchObject({
      kind: 'send',
      conversationId: expect.stringMatching(/^a:/),
    });
    expect(['quick-check:2027-Q1:riverside', 'reply:1', 'dm:ben'].map((k) => connector.deliveries(k))).toEqual([1, 1, 1]);
  });

  it('when Teams answers with faults, then the messenger raises the port’s typed errors after a single request each', async () => {
    const send = (conversationId: string, text = 'hi') =>
      messenger.send({ kind: 'conversation', address: address(conversationId) }, { text }).catch((e: unknown) => e);
    connector.scriptFault({ conversationId: '19:throttled', status: 429, retryAfterSeconds: 2 });
    connector.scriptFault({ conversationId: '19:unavailable', status: 503 });
    connector.scriptFault({ conversationId: '19:precondition', status: 412 });
    connector.scriptFault({ conversationId: '19:missing', status: 404 });
    connector.removeBotFrom('19:removed');
    connector.scriptFault({ conversationId: '19:card-deleted', status: 404, operations: ['updateActivity'] });

    const results = await Promise.all([
      send('19:throttled'),
      send('19:unavailable'),
      send('19:precondition'),
      send('19:missing'),
      send('19:removed'),
      send(GENERAL, 'x'.repeat(120 * 1024)),
    ]);
    // Its own messenger with a short timeout: the HTTP client's timeout timer outlives a refused connection,
    // and the default 30 s one would hold jest open after the run.
    const unreachable = await new TeamsMessenger(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), {
      timeoutMs: 200,
    })
      .send({ kind: 'conversation', address: { ...address(GENERAL), serviceUrl: 'http://127.0.0.1:1' } }, { text: 'hi' })
      .catch((e: unknown) => e);

    expect(results[0]).toBeInstanceOf(ThrottledError);
    expect((results[0] as ThrottledError).retryAfterMs).toBe(2_000);
    expect(results.slice(1, 3).map((e) => [e instanceof TransientError, (e as TransientError).status])).toEqual([
      [true, 503],
      [true, 412],
    ]);
    expect(results.slice(3, 5).map((e) => [e instanceof GoneError, (e as GoneError).status])).toEqual([
      [true, 404],
      [true, 403],
    ]);
    expect(results[5]).toBeInstanceOf(PermanentError);
    // A card someone deleted: that update fails for good, but the conversation is not declared gone.
    const deletedCard = await messenger.update(address('19:card-deleted'), '1700', { text: 'closed' }).catch((e: unknown) => e);
    expect(deletedCard).toBeInstanceOf(PermanentError);
    expect(deletedCard).toMatchObject({ status: 404 });
    const removedUpdate = await messenger.update(address('19:removed'), '1700', { text: 'closed' }).catch((e: unknown) => e);
    expect(removedUpdate).toBeInstanceOf(GoneError);
    expect(unreachable).toBeInstanceOf(TransientError);
    expect(connector.requests()).toHaveLength(8); // one request per call: six sends, two updates
  });

  it('when Teams never answers, then the send times out as a transient error instead of holding its claim', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const impatient = new TeamsMessenger(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), { timeoutMs: 200 });

    const silentAddress = { ...address(GENERAL), serviceUrl: `http://127.0.0.1:${port}` };
    const errors = await Promise.all([
      impatient.send({ kind: 'conversation', address: silentAddress }, { text: 'hi' }).catch((e: unknown) => e),
      impatient.send({ kind: 'newThread', address: silentAddress, channelId: GENERAL }, { text: 'hi' }).catch((e: unknown) => e),
    ]);
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));

    expect(errors.map((e) => e instanceof TransientError)).toEqual([true, true]);
  });

  it('when forty messages go to four channels through Teams limits and random faults, then each arrives exactly once', async () => {
    connector.setFaults({
      seed: 7,
      retryAfterSeconds: 1,
      probabilities: {
        throttledWithRetryAfter: 0.1,
        throttledWithoutRetryAfter: 0.05,
        serviceUnavailable503: 0.05,
        preconditionFailed412: 0.05,
      },
    });
    const keys = Array.from({ length: 40 }, (_, i) => `announcement:2027-W05:${i}`);
    for (const [i, key] of keys.entries())
      await outbox.enqueue({ pcnId: PCN, key, target: newThread(CHANNELS[i % 4] as string), message: { card: card(key) } });

    start();
    await drained(30_000);

    expect(keys.map((k) => connector.deliveries(k))).toEqual(keys.map(() => 1));
    expect(connector.duplicateKeys()).toEqual([]);
    expect((await outbox.status(PCN)).counts).toEqual({ pending: 0, sending: 0, sent: 40, parked: 0 });
    expect(connector.requests().some((r) => r.status !== 201)).toBe(true);
  });

  it('when a burst exceeds Teams limits for one thread and for the app, then the dispatcher paces it and Teams refuses none', async () => {
    connector.setLimits({ globalPerSecond: 10 });
    const busy = Array.from({ length: 16 }, (_, i) => `busy:${i}`);
    const spread = Array.from({ length: 14 }, (_, i) => `spread:${i}`);
    for (const key of busy) await outbox.enqueue({ pcnId: PCN, key, target: newThread(PLANS), message: { text: key } });
    for (const [i, key] of spread.entries()) {
      await outbox.enqueue({
        pcnId: PCN,
        key,
        target: { kind: 'conversation', address: address(`19:thread-${i}@thread.tacv2`) },
        message: { text: key },
      });
    }
    const started = Date.now();

    // Wide margins: this suite shares the CPU with others, and a late arrival must not look like a burst.
    start({ limits: { globalPerSecond: 10, marginMs: 100, globalMarginMs: 100 } });
    await drained(30_000);

    expect(connector.requests().filter((r) => r.status === 429)).toEqual([]);
    expect([...busy, ...spread].every((k) => connector.deliveries(k) === 1)).toBe(true);
    // 16 to one thread cannot go faster than 8 per 2 s; 30 in all, not faster than 10 per second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
  });

  it('when Teams’ limit for the app is lower than the bot’s rate, then its first 429 holds every conversation for the Retry-After and few more follow', async () => {
    connector.setLimits({ globalPerSecond: 10 });
    const keys = Array.from({ length: 60 }, (_, i) => `digest:2027-W05:${i}`);
    for (const [i, key] of keys.entries()) {
      await outbox.enqueue({
        pcnId: PCN,
        key,
        target: { kind: 'conversation', address: address(`19:pcn-${i}@thread.tacv2`) },
        message: { text: key },
      });
    }

    // Four times what Teams allows: another instance, or a rate set too high. One send per conversation, so no thread is near its limits.
    const d = start({ limits: { globalPerSecond: 40 } });
    await drained(30_000);
    const requests = connector.requests();
    const throttled = requests.filter((r) => r.status === 429);
    const first = throttled[0]?.at ?? 0;
    // Retry-After 1 s: allow the sends already in flight when the 429 came, and the time it took to come back.
    const duringRetryAfter = requests.filter((r) => r.at > first + 150 && r.at < first + 900);

    expect(keys.every((k) => connector.deliveries(k) === 1)).toBe(true);
    expect(throttled.length).toBeGreaterThan(0);
    expect(duringRetryAfter).toEqual([]);
    // Without the app-wide pause and step down, two in three requests came back 429 (121 of 181; with them, 5 of 65).
    expect(throttled.length).toBeLessThan(keys.length / 2);
    expect(d.pacingReport()).toMatchObject({ appThrottles: throttled.length, threadThrottles: 0 });
  });

  it('when the bot has been removed from the team, then the item parks with the reason and the channel reference is retired', async () => {
    await store.conversations.save({
      pcnId: PCN,
      address: address(PLANS),
      active: true,
      updatedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    connector.removeBotFromTeam(GENERAL);
    start();

    await outbox.enqueue({
      pcnId: PCN,
      key: 'digest:2027-W05',
      target: newThread(PLANS),
      message: { text: 'This week’s plans' },
    });
    await drained();
    const report = await outbox.status(PCN);

    expect(report.parked).toEqual([
      expect.objectContaining({ key: 'digest:2027-W05', error: expect.objectContaining({ kind: 'gone', status: 403 }) }),
    ]);
    expect(report.parked[0]?.error?.message).toContain('BotNotInConversationRoster');
    expect(await store.conversations.get(PCN, PLANS)).toMatchObject({ active: false });
    expect(connector.requests()).toHaveLength(1);
  });
});
