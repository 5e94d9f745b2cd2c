import { DeliveryLimiter, WindowLog, TEAMS_PER_CONVERSATION } from '../../services/outbox/rate-limiter';

const T0 = 1_000_000;

/** Sends to `key` whenever allowed, one attempt per ms from `from` to `to`; returns the times admitted. */
function drive(limiter: DeliveryLimiter, key: string, from: number, to: number): number[] {
  const admitted: number[] = [];
  for (let t = from; t < to; t++) if (limiter.take(key, t).ok) admitted.push(t);
  return admitted;
}

/** The most admitted in any window of `windowMs` (sliding, as Teams counts). */
function busiest(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while ((times[j] as number) - (times[i] as number) >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

/** `count` sends to as many other conversations at `at`: the app busy at a share of its rate. */
function busyApp(limiter: DeliveryLimiter, count: number, at: number): void {
  for (let i = 0; i < count; i++) expect(limiter.take(`elsewhere-${i}`, at).ok).toBe(true);
}

describe('DeliveryLimiter', () => {
  it('when one conversation is sent to as fast as allowed, then no window of Teams per-thread limits is ever exceeded', () => {
    const limiter = new DeliveryLimiter({ marginMs: 0, globalMarginMs: 0, globalPerSecond: 1_000 });

    const times = drive(limiter, 'c1', T0, T0 + 65_000);

    expect(busiest(times, 1_000)).toBe(7);
    expect(busiest(times, 2_000)).toBe(8);
    expect(busiest(times, 30_000)).toBe(60);
    // ...and it is not slower than that: the 30 s window is filled in full.
    expect(times.filter((t) => t < T0 + 30_000)).toHaveLength(60);
  });

  it('when 7 have gone to a conversation in a second, then the 8th waits and another conversation does not', () => {
    const limiter = new DeliveryLimiter({ marginMs: 0, globalMarginMs: 0 });
    for (let i = 0; i < 7; i++) expect(limiter.take('c1', T0 + i).ok).toBe(true);

    const eighth = limiter.take('c1', T0 + 10);
    const other = limiter.take('c2', T0 + 10);

    expect(eighth).toEqual({ ok: false, scope: 'conversation', waitMs: 990 });
    expect(other.ok).toBe(true);
  });

  it('when the global limit is reached across conversations, then even a fresh conversation waits for the window', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 50, globalMarginMs: 0 });
    for (let i = 0; i < 50; i++) expect(limiter.take(`c${i}`, T0).ok).toBe(true);

    const next = limiter.take('fresh', T0 + 400);

    expect(next).toEqual({ ok: false, scope: 'global', waitMs: 600 });
    expect(limiter.take('fresh', T0 + 1_000).ok).toBe(true);
  });

  it('when margins are set, then each window is that much longer: per conversation and global apart', () => {
    const limiter = new DeliveryLimiter({
      globalPerSecond: 1,
      globalMarginMs: 20,
      perConversation: [{ limit: 1, windowMs: 1_000 }],
      marginMs: 100,
    });
    limiter.take('a', T0);

    expect(limiter.take('b', T0 + 1_000)).toMatchObject({ ok: false, scope: 'global', waitMs: 20 });
    expect(limiter.take('a', T0 + 1_050)).toMatchObject({ ok: false, scope: 'conversation', waitMs: 50 });
    expect(limiter.take('b', T0 + 1_050).ok).toBe(true);
  });

  it('when a taken slot is released, then it can be used again', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 1, globalMarginMs: 0 });
    const first = limiter.take('a', T0);
    if (!first.ok) throw new Error('expected a slot');

    first.release();

    expect(limiter.take('b', T0 + 1).ok).toBe(true);
  });

  it('when a conversation is paused by a Retry-After, then it waits until then while others go on', () => {
    const limiter = new DeliveryLimiter({ marginMs: 0, globalMarginMs: 0 });
    limiter.pause('c1', T0 + 3_000);

    expect(limiter.take('c1', T0 + 100)).toEqual({ ok: false, scope: 'conversation', waitMs: 2_900 });
    expect(limiter.take('c2', T0 + 100).ok).toBe(true);
    expect(limiter.take('c1', T0 + 3_000).ok).toBe(true);
  });
});

describe('DeliveryLimiter after a 429 (which limit did it meet?)', () => {
  it('when the conversation was under every per-thread window, then the limit met was the app’s: every conversation waits for the Retry-After', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 50, marginMs: 0, globalMarginMs: 0 });
    busyApp(limiter, 20, T0);
    for (let i = 0; i < 3; i++) expect(limiter.take('quiet', T0 + i * 100).ok).toBe(true);

    const scope = limiter.throttled('quiet', T0 + 200, T0 + 250, 1_000);

    expect(scope).toBe('app');
    expect(limiter.take('other', T0 + 300)).toEqual({ ok: false, scope: 'global', waitMs: 950 });
    expect(limiter.take('other', T0 + 1_250).ok).toBe(true);
  });

  it('when this instance had sent under a quarter of its rate, then the 429 holds only that conversation and the rate is kept', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 50, marginMs: 0, globalMarginMs: 0 });
    busyApp(limiter, 8, T0);
    for (let i = 0; i < 3; i++) expect(limiter.take('quiet', T0 + i * 100).ok).toBe(true);

    const scope = limiter.throttled('quiet', T0 + 200, T0 + 250, 3_600_000);

    expect(scope).toBe('conversation');
    expect(limiter.take('other', T0 + 300).ok).toBe(true);
    expect(limiter.take('quiet', T0 + 300)).toMatchObject({ ok: false, scope: 'conversation' });
    expect(limiter.throttling(T0 + 300)).toMatchObject({ appThrottles: 0, threadThrottles: 1, appRateFactor: 1 });
  });

  it('when an app-wide 429 asks for a long wait, then every conversation is held a minute at most and that conversation the whole time', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 50, marginMs: 0, globalMarginMs: 0 });
    busyApp(limiter, 20, T0);
    limiter.take('quiet', T0 + 100);

    expect(limiter.throttled('quiet', T0 + 100, T0 + 150, 3_600_000)).toBe('app');

    expect(limiter.take('other', T0 + 30_000)).toMatchObject({ ok: false, scope: 'global', waitMs: 30_150 });
    expect(limiter.take('other', T0 + 60_150).ok).toBe(true);
    expect(limiter.take('quiet', T0 + 60_150)).toMatchObject({ ok: false, scope: 'conversation' });
  });

  it('when the conversation had filled a per-thread window, then only that conversation waits and the app’s rate is kept', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 50, marginMs: 0, globalMarginMs: 0 });
    // Paced right by this log, but 8 per 2 s is full at the 9th if Teams saw the first seven 50 ms late.
    for (let i = 0; i < 7; i++) expect(limiter.take('busy', T0 + i).ok).toBe(true);
    expect(limiter.take('busy', T0 + 1_000).ok).toBe(true);
    expect(limiter.take('busy', T0 + 2_007).ok).toBe(true);

    const scope = limiter.throttled('busy', T0 + 2_007, T0 + 2_050, 1_000);

    expect(scope).toBe('conversation');
    expect(limiter.take('other', T0 + 2_100).ok).toBe(true);
    expect(limiter.take('busy', T0 + 2_100)).toMatchObject({ ok: false, scope: 'conversation', waitMs: 950 });
    expect(limiter.throttling(T0 + 2_100)).toEqual({
      appThrottles: 0,
      threadThrottles: 1,
      appRateFactor: 1,
      globalPerSecond: 50,
    });
  });

  it('when the conversation filled a window only with sends logged after this one, then it is still taken to be the thread’s limit', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 50, marginMs: 0, globalMarginMs: 0 });
    for (let i = 0; i < 8; i++) expect(limiter.take('busy', T0 + i * 250).ok).toBe(true);

    // The first of eight answered late: the other seven may have reached Teams first.
    expect(limiter.throttled('busy', T0, T0 + 1_900, 1_000)).toBe('conversation');
  });

  it('when the app’s limit is met, then its rate steps down once per burst and climbs back while no 429 comes', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 40, marginMs: 0, globalMarginMs: 0 });
    busyApp(limiter, 10, T0);
    for (let i = 0; i < 4; i++) limiter.take(`c${i}`, T0);

    // Four sends of one burst come back 429: one step, not four.
    for (let i = 0; i < 4; i++) limiter.throttled(`c${i}`, T0, T0 + 50);
    const afterBurst = limiter.throttling(T0 + 50);
    limiter.take('c9', T0 + 100);
    limiter.throttled('c9', T0 + 100, T0 + 150);
    const afterSecond = limiter.throttling(T0 + 150);

    expect(afterBurst).toEqual({ appThrottles: 4, threadThrottles: 0, appRateFactor: 0.75, globalPerSecond: 30 });
    expect(afterSecond).toMatchObject({ appThrottles: 5, globalPerSecond: 22 });
    // 0.05 of the rate back every 2 s: two steps after 4 s, and the whole rate after 12 s.
    expect(limiter.throttling(T0 + 4_150)).toMatchObject({ globalPerSecond: 26 });
    expect(limiter.throttling(T0 + 20_000)).toMatchObject({ appRateFactor: 1, globalPerSecond: 40 });
  });

  it('when the rate is stepped down, then fewer sends are admitted in a second until it climbs back', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 20, marginMs: 0, globalMarginMs: 0 });
    busyApp(limiter, 5, T0);
    limiter.take('a', T0);
    limiter.throttled('a', T0, T0 + 10);

    let admitted = 0;
    for (let i = 0; i < 40; i++) if (limiter.take(`b${i}`, T0 + 100).ok) admitted++;

    expect(admitted).toBe(9); // 15 a second at 0.75, six of them (the throttled send among them) already taken
  });

  it('when a share of the rate is set while stepped down, then the step applies to the new share', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 48, marginMs: 0, globalMarginMs: 0 });
    busyApp(limiter, 12, T0);
    limiter.take('a', T0);
    limiter.throttled('a', T0, T0 + 10);

    limiter.setGlobalRate(24);

    expect(limiter.throttling(T0 + 20).globalPerSecond).toBe(18);
  });
});

describe('DeliveryLimiter lending the replies’ reserve to the outbox while nobody is answered', () => {
  const admittedIn = (limiter: DeliveryLimiter, at: number): number => {
    let admitted = 0;
    for (let i = 0; i < 100; i++) if (limiter.take(`c${at}-${i}`, at).ok) admitted++;
    return admitted;
  };

  it('when no reply has gone for 30 s, then the outbox may use the whole rate; once one goes, it keeps the reserve again', () => {
    // Teams' 50 a second: the outbox's share is 47, the reserve 3.
    const limiter = new DeliveryLimiter({ globalPerSecond: 47, globalMarginMs: 0, lendReserveWhenQuiet: { fraction: 3 / 47 } });

    const quiet = admittedIn(limiter, T0);
    limiter.recordElsewhere(T0 + 5_000);
    const afterReply = admittedIn(limiter, T0 + 6_000);
    const quietAgain = admittedIn(limiter, T0 + 36_000);

    expect([quiet, afterReply, quietAgain]).toEqual([50, 47, 50]);
    expect(limiter.sharePerSecondAt(T0 + 36_000)).toBe(47);
  });

  it('when the rate is shared between instances, then each borrows its part of the reserve, not all of it', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 47, globalMarginMs: 0, lendReserveWhenQuiet: { fraction: 3 / 47 } });
    limiter.setGlobalRate(23.5);

    expect(admittedIn(limiter, T0)).toBe(25);
  });

  it('when nothing is lent (the default), then the outbox keeps to its share even when quiet', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 47, globalMarginMs: 0 });

    expect(admittedIn(limiter, T0)).toBe(47);
  });
});

describe('WindowLog', () => {
  it('when keys fall idle for longer than the longest window, then pruning forgets them', () => {
    const log = new WindowLog(TEAMS_PER_CONVERSATION);
    log.record('a', T0);
    log.record('b', T0 + 3_000_000);

    log.prune(T0 + 3_700_000);

    expect(log.size).toBe(1);
  });

  it('when a window has an invalid limit, then it is refused', () => {
    expect(() => new WindowLog([{ limit: 0, windowMs: 1_000 }])).toThrow(/Invalid rate window/);
  });
});
