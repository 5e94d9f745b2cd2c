import { ThrottledError, TransientError } from '../../services/messenger';
import { backoffStep, decide, DEFAULT_RETRY_POLICY } from '../../services/outbox/delivery';
import { backlogFirst, readDueWork, RetryList, withRetries } from '../../services/outbox/work-queue';
import type { Stored } from '../../services/store/documents';
import { type OutboxError, type OutboxItem, outboxId, OutboxRepository } from '../../services/store/outbox-repository';
import { intoChannel } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const PCN = 'tenant-1:group-1';
const T0 = new Date('2027-01-01T09:30:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();
const target = intoChannel;

/** An outbox item as read back from the store, in conversation `conv`. */
const stored = (key: string, extra: Partial<OutboxItem & { etag: string }> & { conv?: string } = {}): Stored<OutboxItem> => {
  const { conv = 'c1', ...rest } = extra;
  return {
    ...{ pcnId: PCN, type: 'outbox', id: outboxId(key), key, target: target(conv), message: { text: 'Quick check' } },
    ...{ status: 'pending', attempts: 0, nextAttemptAt: at(0), errors: [], createdAt: at(0), updatedAt: at(0), etag: 'e1' },
    ...rest,
  };
};
const keys = (items: readonly Stored<OutboxItem>[]) => items.map((i) => i.key);
const conv = (item: Stored<OutboxItem>) => item.target.address.conversationId;

describe('backlogFirst', () => {
  it('when items are due, then lapsed claims come first, then the conversations with most items, otherwise in due order', () => {
    const items = [
      stored('a1', { conv: 'a' }),
      stored('b1', { conv: 'b' }),
      stored('s1', { conv: 'x', status: 'sending' }),
      stored('c1', { conv: 'c' }),
      stored('b2', { conv: 'b' }),
      stored('d1', { conv: 'd' }),
      stored('b3', { conv: 'b' }),
      stored('s2', { conv: 'y', status: 'sending' }),
    ];

    expect(keys(backlogFirst(items, conv))).toEqual(['s1', 's2', 'b1', 'b2', 'b3', 'a1', 'c1', 'd1']);
    expect(keys(items)).toEqual(['a1', 'b1', 's1', 'c1', 'b2', 'd1', 'b3', 's2']);
  });

  it('when replies someone is waiting for are due among a fan-out, then they come straight after lapsed claims', () => {
    const items = [
      stored('b1', { conv: 'b' }),
      stored('b2', { conv: 'b' }),
      stored('r1', { conv: 'thread-1', urgent: true }),
      stored('s1', { conv: 'x', status: 'sending' }),
      stored('a1', { conv: 'a' }),
      stored('r2', { conv: 'thread-2', urgent: true }),
    ];

    expect(keys(backlogFirst(items, conv))).toEqual(['s1', 'r1', 'r2', 'b1', 'b2', 'a1']);
  });
});

describe('RetryList', () => {
  it('when items are added out of order, then the soonest is first and only due items are taken', () => {
    const list = new RetryList();
    list.add(stored('late', { nextAttemptAt: at(3_000) }));
    list.add(stored('soon', { nextAttemptAt: at(1_000) }));
    list.add(stored('mid', { nextAttemptAt: at(2_000) }));

    expect(list.nextAt()).toBe(T0.getTime() + 1_000);
    expect(keys(list.takeDue(at(2_000)))).toEqual(['soon', 'mid']);
    expect(list.size).toBe(1);
    expect(list.has(stored('mid'))).toBe(false);
    expect(list.has(stored('late'))).toBe(true);
    expect(list.nextAt()).toBe(T0.getTime() + 3_000);
    expect(list.takeDue(at(2_999))).toEqual([]);
  });

  it('when the same item is added again, then the new copy replaces the old one', () => {
    const list = new RetryList();
    list.add(stored('x', { nextAttemptAt: at(1_000), etag: 'old' }));
    list.add(stored('y', { nextAttemptAt: at(2_000) }));
    list.add(stored('x', { nextAttemptAt: at(5_000), etag: 'new' }));

    expect(list.size).toBe(2);
    expect(list.nextAt()).toBe(T0.getTime() + 2_000);
    expect(list.takeDue(at(5_000)).map((i) => [i.key, i.etag])).toEqual([
      ['y', 'e1'],
      ['x', 'new'],
    ]);
  });

  it('when a read returns held items, then they are forgotten and the rest stay', () => {
    const list = new RetryList();
    list.add(stored('x', { nextAttemptAt: at(1_000) }));
    list.add(stored('y', { nextAttemptAt: at(2_000) }));

    list.supersede([stored('x'), stored('other')]);

    expect(list.has(stored('x'))).toBe(false);
    expect(list.size).toBe(1);
    expect(keys(list.takeDue(at(9_000)))).toEqual(['y']);
    expect(list.nextAt()).toBeUndefined();
  });
});

describe('withRetries', () => {
  it('when retries are due, then they go first, and one the list already has is not added twice', () => {
    const ready = [stored('a'), stored('b', { etag: 'read' })];

    const merged = withRetries(ready, [stored('b', { etag: 'held' }), stored('c')]);

    expect(merged.map((i) => [i.key, i.etag])).toEqual([
      ['c', 'e1'],
      ['a', 'e1'],
      ['b', 'read'],
    ]);
  });
});

describe('readDueWork', () => {
  let repo: OutboxRepository;
  let dispose: () => Promise<void>;
  const enqueue = (key: string, dueInMs: number) =>
    repo.create(
      { pcnId: PCN, key, target: target('c1'), message: { text: 'Quick check' }, notBefore: new Date(at(dueInMs)) },
      T0,
    );

  beforeEach(async () => {
    const temp = await tempSqliteStore();
    ({ dispose } = temp);
    repo = new OutboxRepository(temp.store.documents);
  });
  afterEach(() => dispose());

  it('when the caller holds not-yet-due items, then the read goes past them and wakes for the next one it does not hold', async () => {
    await enqueue('due', 0);
    await enqueue('held', 1_000);
    await enqueue('free', 5_000);
    const options = { pageSize: 10, maxPages: 1 };

    const plain = await readDueWork(repo, T0, options);
    const holding = await readDueWork(repo, T0, { ...options, held: (i) => i.key === 'held' });

    expect(keys(plain.items)).toEqual(['due']);
    expect(plain.nextDueAt).toBe(T0.getTime() + 1_000);
    expect(keys(holding.items)).toEqual(['due']);
    expect(holding.nextDueAt).toBe(T0.getTime() + 5_000);
    expect(holding.more).toBe(false);
  });

  it('when held items fill the rest of a page, then the read goes on to the next page to find when to wake', async () => {
    await enqueue('due', 0);
    await enqueue('held-1', 1_000);
    await enqueue('held-2', 2_000);
    await enqueue('free', 5_000);
    await enqueue('after', 6_000);

    const work = await readDueWork(repo, T0, { pageSize: 2, maxPages: 3, held: (i) => i.key.startsWith('held') });

    expect(keys(work.items)).toEqual(['due']);
    expect(work.nextDueAt).toBe(T0.getTime() + 5_000);
    expect(work.more).toBe(false);
  });

  it('when every page read is due, then it says there is more', async () => {
    for (const key of ['a', 'b', 'c', 'd', 'e']) await enqueue(key, 0);

    const work = await readDueWork(repo, T0, { pageSize: 2, maxPages: 2 });

    expect(keys(work.items)).toEqual(['a', 'b', 'c', 'd']);
    expect(work.more).toBe(true);
  });

  it('when a held item is already due, then it is read like any other', async () => {
    await enqueue('held', 0);

    const work = await readDueWork(repo, T0, { pageSize: 10, maxPages: 1, held: () => true });

    expect(keys(work.items)).toEqual(['held']);
    expect(work.nextDueAt).toBeUndefined();
  });
});

describe('backoffStep', () => {
  const failure = (error: Error, attempt = 1): OutboxError => decide(error, attempt, T0, DEFAULT_RETRY_POLICY, () => 0).error;
  const interrupted: OutboxError = { at: at(0), kind: 'interrupted', message: 'The bot stopped while sending', attempt: 1 };

  it('when an item has no errors yet, then its first failure is step 1', () => {
    expect(backoffStep([])).toBe(1);
  });

  it('when earlier failures were interruptions or throttles with Retry-After, then they do not lengthen the backoff', () => {
    const throttledWithWait = failure(new ThrottledError(2_000));

    expect(throttledWithWait).toMatchObject({ kind: 'throttled', retryAfterMs: 2_000 });
    expect(backoffStep([interrupted, throttledWithWait, interrupted])).toBe(1);
  });

  it('when earlier failures left the wait to us, then each one counts', () => {
    const errors = [
      failure(new ThrottledError()),
      interrupted,
      failure(new TransientError('503', 503)),
      failure(new TransientError('gateway said retry after 100 ms', 502)),
    ];

    expect(errors[0]).toMatchObject({ kind: 'throttled' });
    expect(backoffStep(errors)).toBe(4);
  });
});

describe('decide with a backoff step', () => {
  it('when the step is lower than the attempt, then the backoff follows the step', () => {
    const policy = { baseMs: 1_000, capMs: 300_000, maxAttempts: 20 };
    const error = new TransientError('503', 503);

    const byStep = decide(error, 8, T0, policy, () => 0, 2);
    const byAttempt = decide(error, 8, T0, policy, () => 0);

    expect(byStep).toMatchObject({ action: 'retry', delayMs: 1_000, error: { attempt: 8 } });
    expect(byAttempt).toMatchObject({ action: 'retry', delayMs: 64_000 });
  });
});
