import { DEFAULT_PCN_SETTINGS, DEFAULT_SENT_RETENTION_DAYS, type Pcn, type PcnSettings } from '../../services/domain';
import type { SendTarget, SentMessage } from '../../services/messenger';
import { Dispatcher } from '../../services/outbox/dispatcher';
import { Outbox } from '../../services/outbox/outbox';
import type { DeliveryMessenger } from '../../services/outbox/ports';
import { sentRetentionFrom } from '../../services/outbox/retention';
import type { Store } from '../../services/store';
import { channelAddress, FakeClock, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const DAY = 86_400;
const PCN = 'tenant-1:team-a';

const pcn = (settings: Partial<PcnSettings> | Record<string, unknown> = {}): Pcn => ({
  pcnId: PCN,
  tenantId: 'tenant-1',
  teamId: 'team-a',
  name: 'Riverside PCN',
  admins: [{ aadObjectId: 'admin-1', name: 'Dr Admin' }],
  postingChannel: { id: 'team-a', name: 'General' },
  serviceUrl: 'https://smba.example/uk/',
  botId: 'bot-1',
  installedAt: '2027-01-04T09:00:00.000Z',
  active: true,
  settings: { ...DEFAULT_PCN_SETTINGS, ...settings } as PcnSettings,
  odsCodes: {},
});

/** PCN reads that count themselves, and can be told to fail. */
class Pcns {
  reads = 0;
  failing = false;
  constructor(public record: Pcn | undefined) {}
  async get(): Promise<Pcn | undefined> {
    this.reads++;
    if (this.failing) throw new Error('store unavailable');
    return this.record;
  }
}

describe('how long sent outbox items are kept', () => {
  const clock = new FakeClock('2027-01-04T09:30:00Z');

  it.each([
    ['the PCN sets 30 days', { sentRetentionDays: 30 }, 30],
    ['the PCN sets nothing (records from before the setting)', {}, DEFAULT_SENT_RETENTION_DAYS],
    ['the setting is not a sensible number of days', { sentRetentionDays: 0.5 }, DEFAULT_SENT_RETENTION_DAYS],
    ['the setting is text', { sentRetentionDays: '30' }, DEFAULT_SENT_RETENTION_DAYS],
  ])('when %s, then sent items are kept %i days', async (_case, settings, days) => {
    const retention = sentRetentionFrom(new Pcns(pcn(settings)), clock, silentLogger());

    await expect(retention(PCN)).resolves.toBe(days * DAY);
  });

  it('when asked again within ten minutes, then the PCN is not read again; after that, it is', async () => {
    const pcns = new Pcns(pcn({ sentRetentionDays: 30 }));
    const retention = sentRetentionFrom(pcns, clock, silentLogger());

    await retention(PCN);
    pcns.record = pcn({ sentRetentionDays: 7 });
    clock.advance(9 * 60_000);
    const cached = await retention(PCN);
    clock.advance(2 * 60_000);
    const fresh = await retention(PCN);

    expect([cached, fresh, pcns.reads]).toEqual([30 * DAY, 7 * DAY, 2]);
  });

  it('when the PCN cannot be read, then the default applies and the next call tries again', async () => {
    const pcns = new Pcns(pcn({ sentRetentionDays: 30 }));
    pcns.failing = true;
    const retention = sentRetentionFrom(pcns, clock, silentLogger());

    const fallback = await retention(PCN);
    pcns.failing = false;
    const recovered = await retention(PCN);

    expect([fallback, recovered]).toEqual([DEFAULT_SENT_RETENTION_DAYS * DAY, 30 * DAY]);
  });
});

describe('the dispatcher records retention on what it sends', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  const clock = new FakeClock('2027-01-04T09:30:00Z');
  const messenger: DeliveryMessenger = {
    send: async (target: SendTarget): Promise<SentMessage> => ({
      conversationId: target.address.conversationId,
      activityId: '1',
    }),
    update: async () => undefined,
  };
  const target: SendTarget = { kind: 'conversation', address: channelAddress('19:general@thread.tacv2') };

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
  });
  afterEach(() => dispose());

  const ttlOf = (key: string) => store.documents.get<{ status: string; ttl?: number }>(PCN, 'outbox', `outbox:${key}`);

  it("when an item is delivered, then it is marked sent with the PCN's retention as its ttl", async () => {
    await store.pcns.create(pcn({ sentRetentionDays: 30 }));
    await new Outbox(store, clock).enqueue({ pcnId: PCN, key: 'k1', target, message: { text: 'hello' } });
    const dispatcher = new Dispatcher(
      {
        outbox: store.outbox,
        messenger,
        clock,
        logger: silentLogger(),
        sentRetention: sentRetentionFrom(store.pcns, clock, silentLogger()),
      },
      { instanceId: 'test' },
    );

    await dispatcher.runOnce();
    await dispatcher.settle();

    await expect(ttlOf('k1')).resolves.toMatchObject({ status: 'sent', ttl: 30 * DAY });
  });

  it('when the dispatcher is given no retention, then sent items are kept for the default', async () => {
    await new Outbox(store, clock).enqueue({ pcnId: PCN, key: 'k1', target, message: { text: 'hello' } });
    const dispatcher = new Dispatcher({ outbox: store.outbox, messenger, clock, logger: silentLogger() }, { instanceId: 't' });

    await dispatcher.runOnce();
    await dispatcher.settle();

    await expect(ttlOf('k1')).resolves.toMatchObject({ status: 'sent', ttl: DEFAULT_SENT_RETENTION_DAYS * DAY });
  });
});
