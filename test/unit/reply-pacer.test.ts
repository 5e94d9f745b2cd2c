import { MAX_REPLY_WAIT_MS, ReplyPacer } from '../../services/outbox/reply-pacer';

/** A pacer on a hand-driven clock: sleeping moves the clock on by what was asked. */
function pacerAt(perSecond: number) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const pacer = new ReplyPacer(
    () => perSecond,
    () => now,
    async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  );
  return {
    pacer,
    sleeps,
    advance: (ms: number) => (now += ms),
    get now() {
      return now;
    },
  };
}

describe('replies within turns are paced on the app-wide rate, and go first', () => {
  it('when the last second has room, then a reply goes at once', async () => {
    const t = pacerAt(3);
    expect(await t.pacer.slot()).toBe(0);
    expect(await t.pacer.slot()).toBe(0);
    expect(t.sleeps).toEqual([]);
  });

  it('when replies and outbox sends have filled the last second, then a reply waits until the oldest leaves it', async () => {
    const t = pacerAt(3);
    t.pacer.noteSend();
    t.advance(100);
    t.pacer.noteSend();
    t.advance(100);
    expect(await t.pacer.slot()).toBe(0);
    t.advance(300);
    // Three in the last second (at 0, 100, 200 ms); the one at 0 leaves at 1,000.
    const waited = await t.pacer.slot();
    expect(waited).toBe(500);
    expect(t.sleeps).toEqual([500]);
  });

  it('while a reply waits, then the pacer says so (the outbox holds back), and not after', async () => {
    const t = pacerAt(1);
    await t.pacer.slot();
    let seenWaiting = -1;
    const slow = new ReplyPacer(
      () => 1,
      () => t.now,
      async (ms) => {
        seenWaiting = slow.waiting;
        t.advance(ms);
      },
    );
    slow.noteSend();
    await slow.slot();
    expect(seenWaiting).toBe(1);
    expect(slow.waiting).toBe(0);
  });

  it('when the rate stays full, then a reply waits at most MAX_REPLY_WAIT_MS and then goes', async () => {
    // A rate that never frees up: every check finds the window full.
    let now = 0;
    const pacer = new ReplyPacer(
      () => 1,
      () => now,
      async (ms) => {
        now += ms;
        pacer.noteSend();
      },
    );
    pacer.noteSend();
    const waited = await pacer.slot();
    expect(waited).toBeGreaterThanOrEqual(1_000);
    expect(waited).toBeLessThanOrEqual(MAX_REPLY_WAIT_MS);
    expect(pacer.waiting).toBe(0);
  });

  it('when the rate is stepped down after a 429, then replies are paced at the lower rate', async () => {
    let perSecond = 4;
    let now = 0;
    const pacer = new ReplyPacer(
      () => perSecond,
      () => now,
      async (ms) => {
        now += ms;
      },
    );
    for (let i = 0; i < 4; i++) expect(await pacer.slot()).toBe(0);
    now = 1_001;
    perSecond = 2;
    expect(await pacer.slot()).toBe(0);
    expect(await pacer.slot()).toBe(0);
    expect(await pacer.slot()).toBeGreaterThan(0);
  });
});
