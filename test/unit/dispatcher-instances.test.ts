import type { ConversationAddress } from '../../services/domain';
import type { OutgoingMessage, SendTarget, SentMessage } from '../../services/messenger';
import { Dispatcher } from '../../services/outbox/dispatcher';
import { Outbox } from '../../services/outbox/outbox';
import type { DeliveryMessenger, SendOptions } from '../../services/outbox/ports';
import type { Store } from '../../services/store';
import { FakeClock, intoChannel, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

/**
 * Several dispatchers on one store: each conversation's sends go through one
 * instance at a time, so Teams' per-thread limit holds with any number of
 * instances, and each instance paces at its share of the app's rate.
 */
const PCN = 'tenant-1:group-1';
const CHANNELS = ['19:a@thread.tacv2', '19:b@thread.tacv2', '19:c@thread.tacv2'];

/** Records who sent what, when (by the fake clock), into which conversation. */
class SharedTeams {
  readonly sends: { instance: string; conversation: string; at: number; key?: string }[] = [];
  constructor(private readonly clock: FakeClock) {}
  messengerFor(instance: string): DeliveryMessenger {
    let id = 1;
    return {
      send: async (target: SendTarget, _m: OutgoingMessage, options: SendOptions = {}): Promise<SentMessage> => {
        const conversation = target.kind === 'newThread' ? target.channelId : target.address.conversationId;
        this.sends.push({ instance, conversation, at: this.clock.now().getTime(), key: options.idempotencyKey });
        return { conversationId: conversation, activityId: `${instance}-${id++}` };
      },
      update: async (_a: ConversationAddress, _id: string) => undefined,
    };
  }
}

describe('Dispatchers of several instances on one store', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: FakeClock;
  let teams: SharedTeams;

  const instance = (name: string) =>
    new Dispatcher(
      { outbox: store.outbox, messenger: teams.messengerFor(name), clock, logger: silentLogger(), leases: store.leases },
      { instanceId: name, random: () => 0.5, sharing: { appRatePerSecond: 50, leaseTtlMs: 45_000 } },
    );

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
    clock = new FakeClock('2027-01-04T09:30:00.000Z');
    teams = new SharedTeams(clock);
    const outbox = new Outbox(store, clock);
    for (const channel of CHANNELS)
      for (let i = 0; i < 12; i++)
        await outbox.enqueue({
          pcnId: PCN,
          key: `card:${channel}:${i}`,
          target: intoChannel(channel),
          message: { text: 'Card' },
        });
  });
  afterEach(() => dispose());

  /** Passes of every instance in turn, the fake clock moving 100 ms between rounds, until all is sent. */
  async function deliver(instances: Dispatcher[]): Promise<void> {
    for (let round = 0; round < 200 && teams.sends.length < CHANNELS.length * 12; round++) {
      for (const d of instances) {
        await d.runOnce();
        await d.settle();
      }
      clock.advance(100);
    }
  }

  it('when three instances send one morning’s cards, then each conversation hears from one instance only, within Teams’ thread limits', async () => {
    const instances = ['a', 'b', 'c'].map(instance);

    await deliver(instances);

    expect(teams.sends).toHaveLength(36);
    expect(new Set(teams.sends.map((s) => s.key)).size).toBe(36);
    for (const channel of CHANNELS) {
      const into = teams.sends.filter((s) => s.conversation === channel);
      expect(new Set(into.map((s) => s.instance)).size).toBe(1);
      // Teams: 7 per second and 8 per two seconds, per thread.
      for (const s of into) {
        expect(into.filter((o) => o.at > s.at - 1_000 && o.at <= s.at).length).toBeLessThanOrEqual(7);
        expect(into.filter((o) => o.at > s.at - 2_000 && o.at <= s.at).length).toBeLessThanOrEqual(8);
      }
    }
  });

  it('when an instance stops (SIGTERM), then it hands its conversations back and another carries on with them', async () => {
    const [a, b] = ['a', 'b'].map(instance) as [Dispatcher, Dispatcher];
    for (let i = 0; i < 3; i++) {
      await a.runOnce();
      await a.settle();
      clock.advance(100);
    }
    const byA = teams.sends.length;

    clock.advance(2_200);
    await a.stop();
    await deliver([b]);

    expect(byA).toBeGreaterThan(0);
    expect(teams.sends.filter((s) => s.instance === 'b')).toHaveLength(36 - byA);
    expect(new Set(teams.sends.map((s) => s.key)).size).toBe(36);
  });

  it('when an instance restarts under the same INSTANCE_ID, then it takes its conversations back at once', async () => {
    const first = instance('a');
    await first.runOnce();
    await first.settle();
    // Killed: no stop, its conversation leases stay in the store. Another instance cannot take them yet...
    const other = instance('b');
    await other.runOnce();
    await other.settle();
    const byOther = teams.sends.filter((s) => s.instance === 'b').length;
    // ...but the same name can.
    clock.advance(1_100);
    const again = instance('a');
    await again.runOnce();
    await again.settle();

    expect(byOther).toBe(0);
    expect(teams.sends.filter((s) => s.instance === 'a').length).toBeGreaterThan(1);
  });

  it('when three instances are alive, then each takes a third of the app’s rate, rounded down; when one leaves, the others take half', async () => {
    const instances = ['a', 'b', 'c'].map(instance);
    const looks = () => Promise.all(instances.map((d) => d['pacing'].maintain(clock.now().getTime(), () => false, true)));

    await looks();
    await looks();
    const three = instances.map((d) => d.pacingReport().ratePerSecond);
    await instances[2]?.stop();
    clock.advance(2_000);
    await looks();
    const two = instances.slice(0, 2).map((d) => d.pacingReport().ratePerSecond);

    expect(three).toEqual([16, 16, 16]);
    expect(two).toEqual([25, 25]);
    expect(instances[0]?.pacingReport()).toMatchObject({ liveInstances: 2, inFlightWindow: 1 });
  });
});
