import type { ConversationAddress } from '../../services/domain';
import type { OutgoingMessage, SendTarget, SentMessage } from '../../services/messenger';
import { Dispatcher } from '../../services/outbox/dispatcher';
import { Outbox } from '../../services/outbox/outbox';
import type { DeliveryMessenger, SendOptions } from '../../services/outbox/ports';
import type { TimerHandle, Timers } from '../../services/outbox/timers';
import type { Store } from '../../services/store';
import { OutboxRepository } from '../../services/store/outbox-repository';
import { FakeClock, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const PCN = 'tenant-1:group-1';
const target: SendTarget = {
  kind: 'conversation',
  address: {
    conversationId: '19:general@thread.tacv2',
    serviceUrl: 'https://smba.example/uk/',
    tenantId: 'tenant-1',
    botId: '28:bot',
    isGroup: true,
    conversationType: 'channel',
  } satisfies ConversationAddress,
};

/** Timers that never fire on their own: the test sees what was scheduled and fires it by hand. */
class ManualTimers implements Timers {
  pending: { ms: number; callback: () => void }[] = [];
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { ms, callback };
    this.pending.push(timer);
    return timer;
  }
  clearTimeout(handle: TimerHandle): void {
    this.pending = this.pending.filter((t) => t !== handle);
  }
}

/** A Messenger whose sends finish only when the test says so. */
class GatedMessenger implements DeliveryMessenger {
  readonly started: string[] = [];
  private readonly gates: (() => void)[] = [];
  gated = false;
  async send(_target: SendTarget, _message: OutgoingMessage, options: SendOptions = {}): Promise<SentMessage> {
    this.started.push(options.idempotencyKey ?? '');
    if (this.gated) await new Promise<void>((resolve) => this.gates.push(resolve));
    return { conversationId: 'c', activityId: String(this.started.length) };
  }
  async update(): Promise<void> {}
  openGates(): void {
    this.gates.splice(0).forEach((open) => open());
  }
}

/** Lets queued promise callbacks and I/O run; bounded, so a broken loop fails rather than hangs. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not met');
}

describe('Dispatcher loop', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: FakeClock;
  let timers: ManualTimers;
  let messenger: GatedMessenger;
  let repo: OutboxRepository;
  let dispatcher: Dispatcher;

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
    clock = new FakeClock('2027-01-01T09:30:00Z');
    timers = new ManualTimers();
    messenger = new GatedMessenger();
    repo = new OutboxRepository(store.documents);
    dispatcher = new Dispatcher(
      { outbox: repo, messenger, clock, timers, logger: silentLogger() },
      { instanceId: 'loop', pollMs: 1_000 },
    );
  });
  afterEach(async () => {
    messenger.openGates();
    await dispatcher.stop();
    await dispose();
  });

  it('when started with work already queued (a restart), then it is sent and the loop then sleeps for the poll interval', async () => {
    await new Outbox(store, clock).enqueue({
      pcnId: PCN,
      key: 'queued-before-start',
      target,
      message: { text: 'hello' },
    });

    dispatcher.start();
    await until(async () => (await repo.get(PCN, 'queued-before-start'))?.status === 'sent');
    await until(() => timers.pending.length === 1);

    expect(messenger.started).toEqual(['queued-before-start']);
    expect(timers.pending[0]?.ms).toBe(1_000);
  });

  it('when a message is enqueued in the same process, then the sleeping loop wakes and sends it without waiting for a timer', async () => {
    const outbox = new Outbox(store, clock, () => dispatcher.wake());
    dispatcher.start();
    await until(() => timers.pending.length === 1);

    await outbox.enqueue({ pcnId: PCN, key: 'fresh', target, message: { text: 'hello' } });
    await until(() => messenger.started.length === 1);

    expect(messenger.started).toEqual(['fresh']);
  });

  it('when the loop runs for hours, then it deletes expired sent items at start and then at most once an hour', async () => {
    const purges: string[] = [];
    const counting = new (class extends OutboxRepository {
      override async purgeExpired(): Promise<number> {
        purges.push(clock.now().toISOString());
        return super.purgeExpired();
      }
    })(store.documents);
    await dispatcher.stop();
    dispatcher = new Dispatcher(
      { outbox: counting, messenger, clock, timers, logger: silentLogger() },
      { instanceId: 'loop', pollMs: 1_000 },
    );

    dispatcher.start();
    for (let minute = 0; minute < 150; minute += 10) {
      await until(() => timers.pending.length === 1);
      clock.advance(10 * 60_000);
      timers.pending.splice(0).forEach((t) => t.callback());
    }
    await until(() => timers.pending.length === 1);

    expect(purges).toEqual(['2027-01-01T09:30:00.000Z', '2027-01-01T10:30:00.000Z', '2027-01-01T11:30:00.000Z']);
  });

  it('when stopped while a send is in flight, then stop waits until it is recorded as sent', async () => {
    messenger.gated = true;
    await new Outbox(store, clock).enqueue({ pcnId: PCN, key: 'in-flight', target, message: { text: 'hello' } });
    dispatcher.start();
    await until(() => messenger.started.length === 1);

    const stopping = dispatcher.stop();
    messenger.openGates();
    await stopping;

    expect(await repo.get(PCN, 'in-flight')).toMatchObject({ status: 'sent' });
  });
});
