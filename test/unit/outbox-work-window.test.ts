import { conversationKey } from '../../services/outbox/ports';
import { WorkWindow } from '../../services/outbox/work-window';
import type { Stored } from '../../services/store/documents';
import { type OutboxItem, OutboxRepository } from '../../services/store/outbox-repository';
import { intoChannel } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const PCN = 'tenant-1:group-1';
const T0 = new Date('2027-01-01T09:30:00.000Z').getTime();
const POLL_MS = 1_000;
const into = intoChannel;
const keys = (items: readonly Stored<OutboxItem>[]) => items.map((i) => i.key);

/** The real repository, counting the reads of pending work (the reads the window exists to save). */
class CountingRepository extends OutboxRepository {
  reads = 0;
  override listPending(options?: Parameters<OutboxRepository['listPending']>[0]) {
    this.reads++;
    return super.listPending(options);
  }
}

describe('WorkWindow', () => {
  let repo: CountingRepository;
  let window: WorkWindow;
  let dispose: () => Promise<void>;

  const enqueue = (key: string, dueAt = T0, conversation = '19:a@thread.tacv2') =>
    repo.create(
      { pcnId: PCN, key, target: into(conversation), message: { text: 'Quick check' }, notBefore: new Date(dueAt) },
      new Date(T0),
    );
  /** One dispatcher pass that starts everything it is given and leaves nothing behind. */
  const pass = async (now: number) => {
    const items = await window.due(now);
    window.passed([], false);
    return keys(items);
  };
  /** What the dispatcher does with a failed send: the item goes back to pending and the window holds it. */
  const failAndRetry = async (item: Stored<OutboxItem>, retryAt: number) => {
    const claimed = await repo.claim(item, 'me', new Date(T0), 120_000);
    const error = { at: new Date(T0).toISOString(), kind: 'transient' as const, message: '503', attempt: 1 };
    const rescheduled = await repo.reschedule(claimed, new Date(retryAt), error, new Date(T0));
    window.retry(rescheduled);
    return rescheduled;
  };

  beforeEach(async () => {
    const temp = await tempSqliteStore();
    ({ dispose } = temp);
    repo = new CountingRepository(temp.store.documents);
    window = new WorkWindow(repo, { pageSize: 10, maxPages: 2, pollMs: POLL_MS, keyOf: (i) => conversationKey(i.target) });
  });
  afterEach(() => dispose());

  it('when asked for the first time, then it reads the store', async () => {
    await enqueue('p1');

    expect(await pass(T0)).toEqual(['p1']);
    expect(repo.reads).toBe(1);
  });

  it('when asked again within the poll interval with nothing new here, then it does not read, and has nothing to wake for', async () => {
    await pass(T0);
    await enqueue('elsewhere'); // queued by another process: this one is not told

    expect(await pass(T0 + POLL_MS - 1)).toEqual([]);
    expect(repo.reads).toBe(1);
    expect(window.wakeAt(T0 + POLL_MS - 1)).toBeUndefined();
  });

  it('when the poll interval has passed, then it reads again and finds work queued elsewhere', async () => {
    await pass(T0);
    await enqueue('elsewhere');

    expect(await pass(T0 + POLL_MS)).toEqual(['elsewhere']);
    expect(repo.reads).toBe(2);
  });

  it('when work is queued in this process and the window is empty, then it wakes now and reads at once', async () => {
    await pass(T0);
    await enqueue('here');

    window.markDirty();

    expect(window.wakeAt(T0 + 10)).toBe(T0 + 10);
    expect(await pass(T0 + 10)).toEqual(['here']);
    expect(repo.reads).toBe(2);
  });

  it('when a held retry falls due, then it comes first, as rescheduled, without a read', async () => {
    await enqueue('x', T0, '19:a@thread.tacv2');
    await enqueue('y', T0, '19:b@thread.tacv2');
    const [x] = await window.due(T0);
    const held = await failAndRetry(x as Stored<OutboxItem>, T0 + 500);
    window.passed([(await repo.get(PCN, 'y')) as Stored<OutboxItem>], true); // y held back by the global limit

    const early = keys(await window.due(T0 + 400));
    const wake = window.wakeAt(T0 + 400);
    const due = await window.due(T0 + 500);

    expect(early).toEqual(['y']);
    expect(wake).toBe(T0 + 500);
    expect(due.map((i) => [i.key, i.etag])).toEqual([
      ['x', held.etag],
      ['y', expect.any(String)],
    ]);
    expect(repo.reads).toBe(1);
  });

  it('when a read meets an item the window holds, then it neither wakes for it nor reads again when it falls due', async () => {
    await enqueue('x');
    const [x] = await window.due(T0);
    window.passed([], false);
    await failAndRetry(x as Stored<OutboxItem>, T0 + 500);
    await enqueue('here');
    window.markDirty();

    const read = await pass(T0 + 100); // the store now has x pending at T0 + 500, and the window holds it
    const wake = window.wakeAt(T0 + 100);
    const retried = await pass(T0 + 500);

    expect(read).toEqual(['here']);
    expect(wake).toBe(T0 + 500);
    expect(retried).toEqual(['x']);
    expect(repo.reads).toBe(2);
  });

  it('when the store has work not yet due, then it wakes for it and reads then, before the poll interval', async () => {
    window = new WorkWindow(repo, { pageSize: 10, maxPages: 2, pollMs: 60_000, keyOf: (i) => conversationKey(i.target) });
    await enqueue('later', T0 + 2_000);

    const first = await pass(T0);
    const wake = window.wakeAt(T0);
    const early = await pass(T0 + 1_999);
    const reads = repo.reads;

    expect([first, wake, early, reads]).toEqual([[], T0 + 2_000, [], 1]);
    expect(await pass(T0 + 2_000)).toEqual(['later']);
    expect(repo.reads).toBe(2);
  });
});
