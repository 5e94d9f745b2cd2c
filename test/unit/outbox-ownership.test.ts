import { ConversationOwnership, SHORT_WINDOWS_MS } from '../../services/outbox/ownership';
import type { Store } from '../../services/store';
import { silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

/** Conversation ownership over the real lease store: held while used, renewed by its heartbeat, released when idle. */
const T0 = Date.parse('2027-01-04T09:30:00.000Z');
const TTL = 45_000;
const CHANNEL = '19:general@thread.tacv2';

describe('ConversationOwnership', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  const owner = (name: string) => new ConversationOwnership(store.leases, name, TTL, silentLogger());

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
  });
  afterEach(() => dispose());

  it('when one instance holds a conversation, then another may not send into it until it is released', async () => {
    const a = owner('a');
    const b = owner('b');

    const first = await a.acquire(CHANNEL, T0);
    const second = await b.acquire(CHANNEL, T0 + 1_500);

    expect([first, second]).toEqual([true, false]);
  });

  it('when a conversation has been idle past Teams’ 30-second window, then the heartbeat releases it and another takes it', async () => {
    const a = owner('a');
    await a.acquire(CHANNEL, T0);
    a.used(CHANNEL, T0);

    await a.maintain(T0 + 30_000, () => false);
    const whileRecent = await owner('b').acquire(CHANNEL, T0 + 30_000);
    await a.maintain(T0 + 31_000, () => false);
    const afterIdle = await owner('c').acquire(CHANNEL, T0 + 31_000);

    expect([whileRecent, afterIdle, a.size]).toEqual([false, true, 0]);
  });

  it('when a conversation is kept busy past its lease, then the heartbeat renews it and no other instance takes it', async () => {
    const a = owner('a');
    await a.acquire(CHANNEL, T0);
    const contested: boolean[] = [];
    for (let t = T0 + 15_000; t <= T0 + 120_000; t += 15_000) {
      a.used(CHANNEL, t);
      await a.maintain(t, () => true);
      contested.push(await owner(`other-${t}`).acquire(CHANNEL, t + 1));
    }

    expect(contested.every((taken) => !taken)).toBe(true);
  });

  it('when an instance stops, then it waits out Teams’ short windows since its last send (at most the wait it is given) and gives every conversation back', async () => {
    const slept: number[] = [];
    const sleep = async (ms: number) => void slept.push(ms);
    const a = owner('a');
    await a.acquire(CHANNEL, T0);
    a.used(CHANNEL, T0);
    await a.releaseAll(() => T0 + 500, sleep);
    const taken = await owner('b').acquire(CHANNEL, T0 + 600);

    const c = owner('c');
    await c.acquire('19:other@thread.tacv2', T0);
    c.used('19:other@thread.tacv2', T0);
    await c.releaseAll(() => T0 + 500, sleep, 0);

    expect({ slept, taken, sizes: [a.size, c.size] }).toEqual({ slept: [SHORT_WINDOWS_MS - 500], taken: true, sizes: [0, 0] });
  });

  it('when the holder died (no heartbeat), then another takes the conversation once its lease lapses', async () => {
    await owner('killed').acquire(CHANNEL, T0);

    const before = await owner('b').acquire(CHANNEL, T0 + TTL - 1);
    const after = await owner('c').acquire(CHANNEL, T0 + TTL);

    expect([before, after]).toEqual([false, true]);
  });
});
