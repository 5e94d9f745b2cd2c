import type { ConversationAddress } from '../../services/domain';
import { ConflictError } from '../../services/errors';
import type { SendTarget } from '../../services/messenger';
import { Outbox } from '../../services/outbox/outbox';
import { Store } from '../../services/store';
import type { DocumentStore } from '../../services/store/documents';
import { docId } from '../../services/store/repositories';
import { type NewOutboxItem, OutboxRepository } from '../../services/store/outbox-repository';
import { FakeClock } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const PCN = 'tenant-1:group-1';
const channel: ConversationAddress = {
  conversationId: '19:general@thread.tacv2',
  serviceUrl: 'https://smba.example/uk/',
  tenantId: 'tenant-1',
  botId: '28:bot',
  isGroup: true,
  conversationType: 'channel',
  channelId: '19:general@thread.tacv2',
};
const target: SendTarget = { kind: 'newThread', address: channel, channelId: '19:general@thread.tacv2' };
const item = (key: string, extra: Partial<NewOutboxItem> = {}): NewOutboxItem => ({
  pcnId: PCN,
  key,
  target,
  message: { text: 'Quick check for this quarter' },
  ...extra,
});

describe('Outbox', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: FakeClock;
  let outbox: Outbox;
  let repo: OutboxRepository;
  let wakes: number;

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
    clock = new FakeClock('2027-01-01T09:30:00Z');
    wakes = 0;
    outbox = new Outbox(store, clock, () => wakes++);
    repo = new OutboxRepository(store.documents);
  });
  afterEach(() => dispose());

  it('when a message is enqueued, then it is stored pending, due now, under its key, and the dispatcher is woken', async () => {
    const { item: stored, created } = await outbox.enqueue(item('quick-check:2027-Q1:p1'));

    expect(created).toBe(true);
    expect(stored).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: '2027-01-01T09:30:00.000Z', errors: [] });
    expect(stored.id).toBe(docId('outbox', 'quick-check:2027-Q1:p1'));
    expect(wakes).toBe(1);
  });

  it('when the same key is enqueued twice, then the second is a no-op that returns the first item', async () => {
    await outbox.enqueue(item('quick-check:2027-Q1:p1'));
    clock.advance(60_000);

    const second = await outbox.enqueue(item('quick-check:2027-Q1:p1', { message: { text: 'different' } }));

    expect(second.created).toBe(false);
    expect(second.item.message.text).toBe('Quick check for this quarter');
    expect((await repo.listByStatus(PCN, 'pending')).map((i) => i.key)).toEqual(['quick-check:2027-Q1:p1']);
  });

  it('when an item has a notBefore, then it is due then', async () => {
    const { item: stored } = await outbox.enqueue(item('reminder:1', { notBefore: new Date('2027-01-08T09:30:00Z') }));

    expect(stored.nextAttemptAt).toBe('2027-01-08T09:30:00.000Z');
  });

  it('when a message has neither text nor card, then enqueue refuses it', async () => {
    await expect(outbox.enqueue(item('empty', { message: {} }))).rejects.toThrow(/neither text nor a card/);
  });

  it('when items are enqueued with a source record, then both are written in one batch, and a repeat writes nothing', async () => {
    const round = {
      op: 'create' as const,
      doc: { pcnId: PCN, type: 'round' as const, id: docId('round', '2027-Q1'), quarter: '2027-Q1' },
    };

    const first = await outbox.enqueueWith(
      PCN,
      [item('qc:1', { source: { type: 'round', id: '2027-Q1' } }), item('qc:2')],
      [round],
    );
    const again = await outbox.enqueueWith(PCN, [item('qc:1'), item('qc:3')], [round]);

    expect([first, again]).toEqual([true, false]);
    expect(await store.documents.get(PCN, 'round', docId('round', '2027-Q1'))).toBeDefined();
    expect((await repo.listByStatus(PCN, 'pending')).map((i) => i.key).sort()).toEqual(['qc:1', 'qc:2']);
    expect((await outbox.get(PCN, 'qc:1'))?.source).toEqual({ type: 'round', id: '2027-Q1' });
  });

  it('when two instances claim the same item, then exactly one wins and the other gets a conflict', async () => {
    const { item: stored } = await outbox.enqueue(item('qc:1'));

    const results = await Promise.allSettled([
      repo.claim(stored, 'a', clock.now(), 60_000),
      repo.claim(stored, 'b', clock.now(), 60_000),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(ConflictError);
    expect((await outbox.get(PCN, 'qc:1'))?.attempts).toBe(1);
  });

  it('when a send is recorded after another instance took the item over, then it is still marked sent', async () => {
    const { item: stored } = await outbox.enqueue(item('qc:1'));
    const mine = await repo.claim(stored, 'a', clock.now(), 1_000);
    clock.advance(2_000);
    await repo.claim(mine, 'b', clock.now(), 60_000);

    const done = await repo.markSent(mine, { conversationId: 'c', activityId: '17' }, clock.now());

    expect(done).toMatchObject({ status: 'sent', sent: { activityId: '17' } });
    expect(done?.claimedBy).toBeUndefined();
  });

  it('when an item keeps failing, then only the last ten errors are kept', async () => {
    let { item: current } = await outbox.enqueue(item('qc:1'));
    for (let i = 1; i <= 12; i++) {
      const claimed = await repo.claim(current, 'a', clock.now(), 60_000);
      current = await repo.reschedule(
        claimed,
        clock.now(),
        { at: clock.now().toISOString(), kind: 'transient', message: `503 #${i}`, attempt: i },
        clock.now(),
      );
    }

    expect(current.errors).toHaveLength(10);
    expect(current.errors.map((e) => e.message)[0]).toBe('503 #3');
    expect(current.lastError?.message).toBe('503 #12');
  });

  it('when an admin asks for status, then counts, parked items with reasons and retrying items are reported', async () => {
    for (const key of ['a', 'b', 'c', 'd']) await outbox.enqueue(item(key));
    const [a, b, c] = await Promise.all(
      ['a', 'b', 'c'].map(async (k) => repo.claim((await outbox.get(PCN, k))!, 'x', clock.now(), 60_000)),
    );
    await repo.markSent(a!, { conversationId: 'c', activityId: '1' }, clock.now());
    await repo.park(
      b!,
      { at: clock.now().toISOString(), kind: 'gone', status: 403, message: 'BotNotInConversationRoster', attempt: 1 },
      clock.now(),
    );
    await repo.reschedule(
      c!,
      new Date('2027-01-01T09:31:00Z'),
      { at: clock.now().toISOString(), kind: 'throttled', status: 429, message: 'Throttled', attempt: 1 },
      clock.now(),
    );

    const report = await outbox.status(PCN);

    expect(report.counts).toEqual({ pending: 2, sending: 0, sent: 1, parked: 1 });
    expect(report.parked).toEqual([
      expect.objectContaining({ key: 'b', error: expect.objectContaining({ kind: 'gone', status: 403 }) }),
    ]);
    expect(report.retrying).toEqual([expect.objectContaining({ key: 'c', nextAttemptAt: '2027-01-01T09:31:00.000Z' })]);
    expect(report.oldestPendingSince).toBe('2027-01-01T09:30:00.000Z');
  });

  it('when the outbox holds many items, then status counts them in the store and reads at most ten of each list', async () => {
    for (let i = 0; i < 60; i++) await outbox.enqueue(item(`k${String(i).padStart(2, '0')}`));
    for (const pending of (await repo.listByStatus(PCN, 'pending')).slice(0, 45)) {
      const claimed = await repo.claim(pending, 'x', clock.now(), 60_000);
      const error = { at: clock.now().toISOString(), kind: 'transient' as const, message: '503', attempt: 1 };
      if (pending.key < 'k15') await repo.park(claimed, error, clock.now());
      else if (pending.key < 'k30') await repo.reschedule(claimed, new Date('2027-01-01T10:00:00Z'), error, clock.now());
      else await repo.markSent(claimed, { conversationId: 'c', activityId: pending.key }, clock.now());
      clock.advance(1_000);
    }
    const read: number[] = [];
    const counting = new Proxy(store.documents, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (name !== 'query' && name !== 'queryAllPartitions') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<DocumentStore['query']>) => {
          const page = await target.query(...args);
          read.push(page.items.length);
          return page;
        };
      },
    });

    const report = await new Outbox(new Store(counting), clock).status(PCN);

    expect(report.counts).toEqual({ pending: 30, sending: 0, sent: 15, parked: 15 });
    expect(report.parked.map((p) => p.key)).toEqual(['k14', 'k13', 'k12', 'k11', 'k10', 'k09', 'k08', 'k07', 'k06', 'k05']);
    expect(report.retrying).toHaveLength(10);
    expect(report.oldestPendingSince).toBe('2027-01-01T09:30:00.000Z');
    expect(Math.max(...read)).toBeLessThanOrEqual(10);
    expect(read.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(22);
  });

  it('when a parked item is requeued, then it is pending again with its attempts reset; anything else is not requeued', async () => {
    const { item: stored } = await outbox.enqueue(item('qc:1'));
    const claimed = await repo.claim(stored, 'x', clock.now(), 60_000);
    await repo.park(
      claimed,
      { at: clock.now().toISOString(), kind: 'permanent', status: 413, message: 'too big', attempt: 1 },
      clock.now(),
    );

    const requeued = await outbox.requeue(PCN, 'qc:1');
    const again = await outbox.requeue(PCN, 'qc:1');

    expect([requeued, again]).toEqual([true, false]);
    expect(await outbox.get(PCN, 'qc:1')).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
