import type { ConversationAddress } from '../../services/domain';
import {
  GoneError,
  type OutgoingMessage,
  PermanentError,
  type SendTarget,
  type SentMessage,
  ThrottledError,
  TransientError,
} from '../../services/messenger';
import { Dispatcher, type DispatcherOptions } from '../../services/outbox/dispatcher';
import { Outbox } from '../../services/outbox/outbox';
import type { DeliveryMessenger, SendOptions } from '../../services/outbox/ports';
import { retireInStore } from '../../services/outbox/retire';
import type { Store } from '../../services/store';
import type { Stored } from '../../services/store/documents';
import { type OutboxItem, OutboxRepository } from '../../services/store/outbox-repository';
import { channelAddress, FakeClock, intoChannel, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const PCN = 'tenant-1:group-1';
const T0 = '2027-01-01T09:30:00.000Z';
const address = channelAddress;
const into = intoChannel;

/** A hand-written Messenger: records every call and fails the ones it is told to, in order. */
class FakeMessenger implements DeliveryMessenger {
  readonly sends: { key?: string; target: SendTarget; message: OutgoingMessage }[] = [];
  readonly updates: { activityId: string; key?: string }[] = [];
  private readonly failures = new Map<string, Error[]>();
  private nextId = 1000;
  /** Called as each send reaches "Teams" (a test advances its clock there to make Teams slow to answer). */
  onSend?: (key: string | undefined) => void;

  failNext(key: string, ...errors: Error[]): void {
    this.failures.set(key, [...(this.failures.get(key) ?? []), ...errors]);
  }

  async send(target: SendTarget, message: OutgoingMessage, options: SendOptions = {}): Promise<SentMessage> {
    this.sends.push({ key: options.idempotencyKey, target, message });
    this.onSend?.(options.idempotencyKey);
    const failure = this.failures.get(options.idempotencyKey ?? '')?.shift();
    if (failure) throw failure;
    return { conversationId: target.address.conversationId, activityId: String(this.nextId++) };
  }

  async update(
    _address: ConversationAddress,
    activityId: string,
    _message: OutgoingMessage,
    options: SendOptions = {},
  ): Promise<void> {
    this.updates.push({ activityId, key: options.idempotencyKey });
  }

  keysSent(): (string | undefined)[] {
    return this.sends.map((s) => s.key);
  }
}

describe('Dispatcher', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: FakeClock;
  let outbox: Outbox;
  let repo: OutboxRepository;
  let messenger: FakeMessenger;

  const dispatcher = (options: DispatcherOptions = {}, extra: { onSent?: (item: Stored<OutboxItem>) => Promise<void> } = {}) =>
    new Dispatcher(
      { outbox: repo, messenger, clock, logger: silentLogger(), retire: retireInStore(store, clock), ...extra },
      { instanceId: 'test-instance', random: () => 0.5, ...options },
    );
  const enqueue = (
    key: string,
    target: SendTarget = into('19:general@thread.tacv2'),
    extra: { replaceActivityId?: string } = {},
  ) => outbox.enqueue({ pcnId: PCN, key, target, message: { text: 'Quick check' }, ...extra });
  /** One pass, then wait for the sends it started to finish and be recorded. */
  const pass = async (d: Dispatcher) => {
    const result = await d.runOnce();
    await d.settle();
    return result;
  };
  const item = async (key: string) => (await repo.get(PCN, key)) as Stored<OutboxItem>;

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
    clock = new FakeClock(T0);
    outbox = new Outbox(store, clock);
    repo = new OutboxRepository(store.documents);
    messenger = new FakeMessenger();
  });
  afterEach(() => dispose());

  it('when items are due, then each is sent once with its idempotency key, marked sent, and never sent again', async () => {
    await enqueue('quick-check:2027-Q1:p1');
    await enqueue('quick-check:2027-Q1:p2', into('19:other@thread.tacv2'));
    const d = dispatcher();

    await pass(d);
    clock.advance(60_000);
    await pass(d);

    expect(messenger.keysSent().sort()).toEqual(['quick-check:2027-Q1:p1', 'quick-check:2027-Q1:p2']);
    expect(await item('quick-check:2027-Q1:p1')).toMatchObject({
      status: 'sent',
      attempts: 1,
      sentAt: T0,
      sent: { activityId: expect.any(String) },
    });
    expect((await item('quick-check:2027-Q1:p1')).claimedBy).toBeUndefined();
  });

  it('when an item is not due yet, then it waits, and the pass says when to wake', async () => {
    await outbox.enqueue({
      pcnId: PCN,
      key: 'later',
      target: into('c'),
      message: { text: 'x' },
      notBefore: new Date('2027-01-01T09:30:05Z'),
    });
    const d = dispatcher();

    const first = await pass(d);
    clock.advance(5_000);
    await pass(d);

    expect(first).toEqual({ started: 0, wakeAt: Date.parse('2027-01-01T09:30:05Z') });
    expect(messenger.keysSent()).toEqual(['later']);
  });

  it('when nine items go to one conversation, then seven go at once, the eighth after a second and the ninth after two', async () => {
    for (let i = 1; i <= 9; i++) await enqueue(`m${i}`, into('19:busy@thread.tacv2'));
    const d = dispatcher({ limits: { marginMs: 0, globalMarginMs: 0 } });

    const first = await pass(d);
    const afterFirst = messenger.sends.length;
    clock.advance(1_000);
    await pass(d);
    const afterSecond = messenger.sends.length;
    clock.advance(1_000);
    await pass(d);

    expect(first).toEqual({ started: 7, wakeAt: Date.parse(T0) + 1_000 });
    expect([afterFirst, afterSecond, messenger.sends.length]).toEqual([7, 8, 9]);
  });

  it('when the global limit is reached, then the rest wait for the next second whatever their conversation', async () => {
    for (let i = 1; i <= 5; i++) await enqueue(`m${i}`, into(`19:c${i}@thread.tacv2`));
    const d = dispatcher({ limits: { globalPerSecond: 3, marginMs: 0, globalMarginMs: 0 } });

    await pass(d);
    const first = messenger.sends.length;
    clock.advance(1_000);
    await pass(d);

    expect([first, messenger.sends.length]).toEqual([3, 5]);
  });

  it('when a reply within a turn waits for a slot of the rate, then the outbox sends nothing until it has gone', async () => {
    await enqueue('m1', into('19:c1@thread.tacv2'));
    const d = dispatcher({ limits: { globalPerSecond: 2, marginMs: 0, globalMarginMs: 0 } });
    await d.replySlot();
    await d.replySlot();

    // The rate's two slots this (real) second went to replies: the third waits, and the outbox with it, even
    // though the bot's own clock has moved on and its window would let the outbox send.
    clock.advance(1_000);
    const third = d.replySlot();
    const whileWaiting = await pass(d);
    await third;
    clock.advance(1_000);
    const after = await pass(d);

    expect(whileWaiting.started).toBe(0);
    expect(after.started).toBe(1);
    expect(messenger.keysSent()).toEqual(['m1']);
  });

  it('when a reply is queued behind a fan-out, then it is sent before every card, in this instance and from the store', async () => {
    for (let i = 1; i <= 6; i++) await enqueue(`card-${i}`, into(`19:c${i}@thread.tacv2`));
    const reply = () => ({ pcnId: PCN, target: into('19:asker@thread.tacv2'), message: { text: 'Sent to 5 practices.' } });
    const here = dispatcher({ limits: { globalPerSecond: 2, marginMs: 0, globalMarginMs: 0 } });
    // This instance queued it: first in line without a read of the store.
    const queued = await outbox.enqueueReply({ ...reply(), key: 'reply:here' });
    here.sendFirst(queued.item);
    await pass(here);
    // Another instance queued it: any instance reads it first.
    await outbox.enqueueReply({ ...reply(), key: 'reply:elsewhere' });
    clock.advance(1_000);
    const other = dispatcher({ instanceId: 'other', limits: { globalPerSecond: 1, marginMs: 0, globalMarginMs: 0 } });
    await pass(other);

    expect(messenger.keysSent().slice(0, 1)).toEqual(['reply:here']);
    expect(messenger.keysSent()).toContain('reply:elsewhere');
    expect(messenger.keysSent()[messenger.keysSent().length - 1]).toBe('reply:elsewhere');
    expect(messenger.keysSent()).toHaveLength(3);
  });

  it('when Teams throttles with Retry-After, then the item and its conversation wait that long, then it is sent', async () => {
    messenger.failNext('a', new ThrottledError(3_000));
    await enqueue('a', into('19:slow@thread.tacv2'));
    const d = dispatcher();
    await pass(d);
    await enqueue('b', into('19:slow@thread.tacv2'));

    const held = await pass(d);
    const retrying = await item('a');
    clock.advance(3_200);
    await pass(d);

    expect(held.started).toBe(0);
    expect(retrying).toMatchObject({ status: 'pending', lastError: { kind: 'throttled', status: 429 } });
    expect(Date.parse(retrying.nextAttemptAt) - Date.parse(T0)).toBeGreaterThanOrEqual(3_000);
    expect(messenger.keysSent()[0]).toBe('a');
    expect(messenger.keysSent().slice(1).sort()).toEqual(['a', 'b']);
    expect(await item('a')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('when Teams throttles a send to a conversation under its own limits, then the app’s limit was met and no conversation is sent to until the Retry-After', async () => {
    // The app busy at its rate (4 a second here): two sends elsewhere, then one to a quiet thread.
    const d = dispatcher({ pollMs: 10, limits: { globalPerSecond: 4 } });
    await enqueue('w1', into('19:w1@thread.tacv2'));
    await enqueue('w2', into('19:w2@thread.tacv2'));
    await pass(d);
    messenger.failNext('a', new ThrottledError(2_000));
    await enqueue('a', into('19:quiet@thread.tacv2'));
    clock.advance(20); // past the poll, so a is read
    await pass(d);
    await enqueue('b', into('19:other@thread.tacv2'));

    clock.advance(1_100);
    const held = await pass(d);
    clock.advance(1_100);
    await pass(d);

    expect(held).toEqual({ started: 0, wakeAt: Date.parse(T0) + 2_020 });
    expect(messenger.keysSent().slice(0, 3).sort()).toEqual(['a', 'w1', 'w2']);
    expect(messenger.keysSent().slice(3).sort()).toEqual(['a', 'b']);
    // Stepped down to 0.75 of the rate, and one step back 2 s later.
    expect(d.pacingReport()).toMatchObject({ appThrottles: 1, threadThrottles: 0, appRateFactor: 0.8 });
  });

  it('when Teams throttles a send while the app is quiet, then only that conversation waits and the rate is kept', async () => {
    messenger.failNext('a', new ThrottledError(3_600_000));
    await enqueue('a', into('19:quiet@thread.tacv2'));
    const d = dispatcher();
    await pass(d);
    await enqueue('b', into('19:other@thread.tacv2'));

    clock.advance(1_100); // past the poll, so b is read
    const next = await pass(d);

    expect(next.started).toBe(1);
    expect(messenger.keysSent()).toEqual(['a', 'b']);
    expect(d.pacingReport()).toMatchObject({ appThrottles: 0, threadThrottles: 1, appRateFactor: 1 });
  });

  it('when Teams throttles a conversation that had filled a per-thread window, then only it waits and others are sent to', async () => {
    for (let i = 1; i <= 8; i++) await enqueue(`m${i}`, into('19:busy@thread.tacv2'));
    // The eighth goes a second after the first seven, and is answered 200 ms later: the seven may have reached Teams within its second.
    messenger.failNext('m8', new ThrottledError(2_000));
    messenger.onSend = (key) => key === 'm8' && clock.advance(200);
    const d = dispatcher({ limits: { marginMs: 0, globalMarginMs: 0 } });
    await pass(d);
    clock.advance(1_000);
    await pass(d);
    await enqueue('b', into('19:other@thread.tacv2'));

    clock.advance(1_000); // past the poll, so b is read
    await pass(d);

    expect(messenger.keysSent().slice(7)).toEqual(['m8', 'b']);
    expect(d.pacingReport()).toMatchObject({ appThrottles: 0, threadThrottles: 1, appRateFactor: 1 });
  });

  it('when a send fails transiently, then it is retried after a jittered backoff and then sent', async () => {
    messenger.failNext('a', new TransientError('503 ServiceUnavailable', 503), new TransientError('412 PreconditionFailed', 412));
    await enqueue('a');
    const d = dispatcher({ retry: { baseMs: 1_000, capMs: 10_000 } });

    await pass(d);
    const afterFirst = await item('a');
    clock.advance(750);
    await pass(d);
    const afterSecond = await item('a');
    clock.advance(1_500);
    await pass(d);

    // random() = 0.5 gives three quarters of each step: 750 ms, then 1,500 ms.
    expect(afterFirst.nextAttemptAt).toBe('2027-01-01T09:30:00.750Z');
    expect(afterSecond.nextAttemptAt).toBe('2027-01-01T09:30:02.250Z');
    expect(await item('a')).toMatchObject({ status: 'sent', attempts: 3, errors: [{ status: 503 }, { status: 412 }] });
  });

  it('when the bot is gone from the conversation, then the item parks and the stored reference is retired', async () => {
    await store.conversations.save({
      pcnId: PCN,
      address: address('19:gone@thread.tacv2'),
      active: true,
      updatedAt: '2026-12-01T00:00:00.000Z',
    });
    messenger.failNext('a', new GoneError('403 BotNotInConversationRoster', 403));
    await enqueue('a', into('19:gone@thread.tacv2'));
    const d = dispatcher();

    await pass(d);
    clock.advance(600_000);
    await pass(d);

    expect(await item('a')).toMatchObject({ status: 'parked', parkedAt: T0, lastError: { kind: 'gone', status: 403 } });
    expect(await store.conversations.get(PCN, '19:gone@thread.tacv2')).toMatchObject({ active: false });
    expect(messenger.sends).toHaveLength(1);
  });

  it('when the reference was refreshed after the failure (the bot came back), then it is not retired', async () => {
    await store.conversations.save({
      pcnId: PCN,
      address: address('19:back@thread.tacv2'),
      active: true,
      updatedAt: '2027-01-01T09:31:00.000Z',
    });
    messenger.failNext('a', new GoneError('404 ConversationNotFound', 404));
    await enqueue('a', into('19:back@thread.tacv2'));

    await pass(dispatcher());

    expect(await store.conversations.get(PCN, '19:back@thread.tacv2')).toMatchObject({ active: true });
  });

  it('when a send fails permanently, then it parks with the error, is not retried, and shows in the status', async () => {
    messenger.failNext('a', new PermanentError('413 MessageSizeTooBig', 413));
    await enqueue('a');
    const d = dispatcher();

    await pass(d);
    clock.advance(3_600_000);
    await pass(d);
    const report = await outbox.status(PCN);

    expect(messenger.sends).toHaveLength(1);
    expect(report.counts.parked).toBe(1);
    expect(report.parked[0]).toMatchObject({
      key: 'a',
      error: { kind: 'permanent', status: 413, message: expect.stringContaining('MessageSizeTooBig') },
    });
  });

  it('when a transient fault never clears, then the item parks after the last attempt', async () => {
    messenger.failNext('a', ...Array.from({ length: 5 }, () => new TransientError('502 BadGateway', 502)));
    await enqueue('a');
    const d = dispatcher({ retry: { maxAttempts: 3, baseMs: 100, capMs: 100 } });

    for (let i = 0; i < 5; i++) {
      await pass(d);
      clock.advance(1_000);
    }

    expect(messenger.sends).toHaveLength(3);
    expect(await item('a')).toMatchObject({
      status: 'parked',
      attempts: 3,
      lastError: { message: expect.stringMatching(/^Gave up after 3 attempts/) },
    });
  });

  it('when two instances dispatch the same queue at once, then every item is sent exactly once', async () => {
    for (let i = 1; i <= 30; i++) await enqueue(`m${i}`, into(`19:c${i % 6}@thread.tacv2`));
    const a = dispatcher({ instanceId: 'a' });
    const b = dispatcher({ instanceId: 'b' });

    for (let round = 0; round < 3; round++) {
      await Promise.all([a.runOnce(), b.runOnce()]);
      await Promise.all([a.settle(), b.settle()]);
      clock.advance(2_000);
    }

    const keys = messenger.keysSent();
    expect(keys).toHaveLength(30);
    expect(new Set(keys).size).toBe(30);
  });

  it('when an instance dies holding a claim, then another takes the item over only once the claim has lapsed', async () => {
    await enqueue('a');
    await repo.claim(await item('a'), 'dead-instance', clock.now(), 120_000);
    const survivor = dispatcher({ instanceId: 'survivor' });

    await pass(survivor);
    const beforeExpiry = messenger.sends.length;
    clock.advance(120_000);
    await pass(survivor);

    expect(beforeExpiry).toBe(0);
    expect(messenger.keysSent()).toEqual(['a']);
    expect(await item('a')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('when an instance restarts under the same id, then it resumes its own interrupted sends at once', async () => {
    await enqueue('a');
    await repo.claim(await item('a'), 'slot-1', clock.now(), 120_000);
    const restarted = dispatcher({ instanceId: 'slot-1' });

    const resumed = await restarted.recover();
    await pass(restarted);

    expect(resumed).toBe(1);
    expect(messenger.keysSent()).toEqual(['a']);
    expect((await item('a')).errors[0]).toMatchObject({ kind: 'interrupted' });
  });

  it('when an item replaces a posted card, then it is sent as an update of that activity', async () => {
    await enqueue('round:2027-Q1:closed', into('19:general@thread.tacv2;messageid=17'), { replaceActivityId: '17' });

    await pass(dispatcher());

    expect(messenger.sends).toHaveLength(0);
    expect(messenger.updates).toEqual([{ activityId: '17', key: 'round:2027-Q1:closed' }]);
    expect(await item('round:2027-Q1:closed')).toMatchObject({ status: 'sent', sent: { activityId: '17' } });
  });

  it('when an item is sent, then the after-send hook gets it with the activity id', async () => {
    const seen: string[] = [];
    await enqueue('a');

    await pass(dispatcher({}, { onSent: async (sent) => void seen.push(`${sent.key}=${sent.sent?.activityId}`) }));

    expect(seen).toEqual(['a=1000']);
  });
});
