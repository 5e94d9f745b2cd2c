import { quickCheckCards } from '../../cards/quick-check-renderer';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { TeamsMessenger } from '../../bot/teams-messenger';
import { systemClock } from '../../services/clock';
import { loadConfig } from '../../services/config';
import type { ConversationAddress } from '../../services/domain';
import { InstallationService } from '../../services/installation';
import { Dispatcher } from '../../services/outbox/dispatcher';
import { Outbox } from '../../services/outbox/outbox';
import { SetupService } from '../../services/pcn-setup';
import { QuickCheck } from '../../services/quick-check';
import { createStore, type Store } from '../../services/store';
import { OutboxRepository } from '../../services/store/outbox-repository';
import { cardText } from '../support/bot-harness';
import { FakeClock, silentLogger } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';
import { startTeamsConnector, type TeamsConnector } from '../support/teams-connector';

const TENANT = 'tenant-loopback';
const GENERAL = '19:riverside-general@thread.tacv2';
const Q = '2027-Q1';
const lead = { id: '29:lead', aadObjectId: 'aad-lead', name: 'Priya Shah' };
const admin = { id: '29:admin', aadObjectId: 'aad-admin', name: 'Alex Morgan' };

/**
 * The quarter's proactive side through the real outbox, dispatcher and
 * Teams messenger into the loopback connector: cards posted as new threads,
 * their ids recorded, a reminder replying in a card's thread, and the close
 * updating every card in place.
 */
describe.each(STORE_KINDS)('quick check delivery through the outbox (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let connector: TeamsConnector;
  let store: Store;
  let dispatcher: Dispatcher;
  let outbox: Outbox;
  let qc: QuickCheck;
  let clock: FakeClock;
  let pcnId: string;

  beforeEach(async () => {
    connector = await startTeamsConnector({
      tenantId: TENANT,
      members: [lead, admin],
      teams: [{ id: GENERAL, aadGroupId: 'group-riverside', name: 'Riverside PCN' }],
    });
    store = createStore(loadConfig({ PLAYGROUND: '0', DEMO: '0', SQLITE_PATH: ':memory:', ...storeEnv() }));
    await store.init();
    clock = new FakeClock('2027-01-04T09:30:00Z');
    const address: ConversationAddress = {
      conversationId: GENERAL,
      serviceUrl: connector.url,
      tenantId: TENANT,
      botId: '28:pcn-bot',
      botName: 'PCN Social Media',
      channelId: GENERAL,
      isGroup: true,
      conversationType: 'channel',
    };
    const logger = silentLogger();
    const { pcn } = await new InstallationService(store, clock, logger).teamInstalled({
      tenantId: TENANT,
      teamId: GENERAL,
      aadGroupId: 'group-riverside',
      teamName: 'Riverside PCN',
      address,
      installer: admin,
    });
    pcnId = pcn.pcnId;
    const setup = new SetupService(store, clock, logger);
    await setup.addPractice(pcnId, admin, { name: 'Riverside Surgery', odsCode: 'B82005', leads: [lead] });
    await setup.addPractice(pcnId, admin, { name: 'Hillside Medical Centre', odsCode: 'B82006', leads: [lead] });
    // The outbox and dispatcher run on real time; the quick check on the quarter's fake time.
    outbox = new Outbox(store, systemClock, () => dispatcher?.wake());
    qc = new QuickCheck({
      cards: quickCheckCards,
      store,
      clock,
      logger,
      outbox,
      export: { baseUrl: 'http://unused' },
    });
    dispatcher = new Dispatcher(
      {
        outbox: new OutboxRepository(store.documents),
        messenger: new TeamsMessenger(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}))),
        clock: systemClock,
        logger,
        onSent: (item) => qc.rounds.recordPosted(item),
      },
      { pollMs: 50 },
    );
    dispatcher.start();
  });
  afterEach(async () => {
    await dispatcher.stop();
    await connector.stop();
    await store.close();
  });

  const drained = async (): Promise<void> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { counts } = await outbox.status(pcnId);
      if (counts.pending + counts.sending === 0) return;
      if (Date.now() > deadline) throw new Error(`Outbox not drained: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const waitForRound = async (cards: number) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const round = await store.quickCheck.getRound(pcnId, Q);
      if (round && Object.keys(round.cards).length >= cards) return round;
      if (Date.now() > deadline) throw new Error('The posted cards were not recorded on the round');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  it('when a round opens, reminds and closes, then Teams gets each card once, the reminder in its thread and the cards updated', async () => {
    await qc.rounds.start(pcnId, admin);
    await drained();
    const round = await waitForRound(2);
    const practices = await store.practices.list(pcnId);
    const riverside = practices.find((p) => p.name === 'Riverside Surgery')!;
    const hillside = practices.find((p) => p.name === 'Hillside Medical Centre')!;
    await qc.answers.record({
      pcnId,
      actor: lead,
      roundId: Q,
      practiceId: riverside.practiceId,
      answers: { strategy: 'yes', managed: 'no', impact: 'yes', value: 'yes' },
    });

    for (const item of await qc.reminders.remindNonRespondents(pcnId, Q, 1)) await outbox.enqueue(item);
    await drained();
    clock.set('2027-03-31T23:00:00Z');
    const { updates } = await qc.reminders.closeRound(pcnId, Q);
    for (const item of updates) await outbox.enqueue(item);
    await drained();

    expect(connector.deliveries(`quick-check:${Q}:${riverside.practiceId}`)).toBe(1);
    expect(connector.deliveries(`quick-check:${Q}:${hillside.practiceId}`)).toBe(1);
    expect(connector.duplicateKeys()).toEqual([]);
    const hillsideThread = round.cards[hillside.practiceId].address.conversationId;
    expect(hillsideThread).toMatch(new RegExp(`^${GENERAL};messageid=`));
    const reminder = connector
      .activities()
      .find((a) => String(a.activity.text ?? '').startsWith('<at>Priya Shah</at>: a reminder'));
    expect(reminder?.conversationId).toBe(hillsideThread);
    const shown = connector.cardsIn(GENERAL).map(cardText);
    expect(shown.filter((t) => t.includes('This quick check closed at the end of Wednesday 31 March 2027'))).toHaveLength(2);
    expect(shown.find((t) => t.startsWith('Riverside Surgery\n'))).toContain('Answered by Priya Shah');
    expect(shown.some((t) => t.includes('Submit'))).toBe(false);
  });
});
