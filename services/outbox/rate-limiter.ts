import { AppRateBackoff, type AppRateBackoffOptions, type AppThrottling } from './app-rate-backoff';

/**
 * Client-side pacing at Teams' limits, so the dispatcher rarely meets a 429.
 *
 * Teams states its limits as counts per window ("7 per 1 s, 8 per 2 s, 60 per
 * 30 s, 1800 per hour" per thread; 50 per second per app per tenant), and
 * checks them as sliding windows. A classic token bucket refilled at
 * limit/window lets through up to twice the limit in one window after a
 * pause, so this keeps the exact log of sends instead (one timestamp per send,
 * at most the largest limit per key): a send is allowed only while every
 * window holds fewer than its limit. Margins widen each window slightly,
 * because Teams counts when a request arrives, and arrival delays vary: a
 * first request that arrives late makes the next window's first look early.
 */

export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/** Teams' documented per-bot, per-thread limits for sending. */
export const TEAMS_PER_CONVERSATION: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** Teams' limit per app per tenant; most practices share the one NHSmail tenant, so it binds nationally. */
export const TEAMS_GLOBAL_PER_SECOND = 50;

/** First index in ascending `stamps` whose value is > `after`. */
function firstAfter(stamps: readonly number[], after: number): number {
  let lo = 0;
  let hi = stamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((stamps[mid] as number) > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Sliding-window logs for many keys under the same windows. */
export class WindowLog {
  private readonly stamps = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private windows: readonly RateWindow[] = [];
  private longestMs = 0;

  constructor(windows: readonly RateWindow[], marginMs = 0) {
    this.setWindows(windows, marginMs);
  }

  /** New limits from now on; the sends already logged still count against them. */
  setWindows(windows: readonly RateWindow[], marginMs = 0): void {
    for (const w of windows) {
      if (!(Number.isInteger(w.limit) && w.limit > 0 && w.windowMs > 0))
        throw new Error(`Invalid rate window ${w.limit}/${w.windowMs} ms`);
    }
    this.windows = windows.map((w) => ({ limit: w.limit, windowMs: w.windowMs + marginMs }));
    this.longestMs = Math.max(0, ...this.windows.map((w) => w.windowMs));
  }

  /** Milliseconds until `key` may send at `now`; 0 means now. */
  waitMs(key: string, now: number): number {
    let wait = Math.max(0, (this.pausedUntil.get(key) ?? 0) - now);
    const stamps = this.stamps.get(key);
    if (!stamps) return wait;
    for (const w of this.windows) {
      const start = firstAfter(stamps, now - w.windowMs);
      const inside = stamps.length - start;
      if (inside < w.limit) continue;
      // Allowed again once the oldest stamp that keeps the window full has left it.
      const leaving = stamps[stamps.length - w.limit] as number;
      wait = Math.max(wait, leaving + w.windowMs - now);
    }
    return wait;
  }

  record(key: string, at: number): void {
    const stamps = this.stamps.get(key) ?? [];
    // Keep the log sorted even if a caller's clock steps back a little.
    const index = firstAfter(stamps, at);
    stamps.splice(index, 0, at);
    this.stamps.set(key, stamps);
  }

  /** Sends logged for `key` in (from, to]. */
  count(key: string, from: number, to: number): number {
    const stamps = this.stamps.get(key);
    return stamps ? firstAfter(stamps, to) - firstAfter(stamps, from) : 0;
  }

  /** Takes back one recorded send (it never went out). */
  forget(key: string, at: number): void {
    const stamps = this.stamps.get(key);
    if (!stamps) return;
    const index = stamps.lastIndexOf(at);
    if (index >= 0) stamps.splice(index, 1);
  }

  /** Holds a key back until `until` (a Retry-After from Teams). */
  pause(key: string, until: number): void {
    this.pausedUntil.set(key, Math.max(until, this.pausedUntil.get(key) ?? 0));
  }

  /** Drops what can no longer matter, so memory stays proportional to recent traffic. */
  prune(now: number): void {
    for (const [key, stamps] of this.stamps) {
      const start = firstAfter(stamps, now - this.longestMs);
      if (start >= stamps.length) this.stamps.delete(key);
      else if (start > 0) stamps.splice(0, start);
    }
    for (const [key, until] of this.pausedUntil) if (until <= now) this.pausedUntil.delete(key);
  }

  /** How many keys are tracked (for tests and metrics). */
  get size(): number {
    return this.stamps.size;
  }
}

export interface DeliveryLimits {
  /** Windows per conversation (thread, channel or 1:1 chat); default Teams'. */
  readonly perConversation?: readonly RateWindow[];
  /** Requests per second across every conversation, for this instance; default 50. */
  readonly globalPerSecond?: number;
  /**
   * Widen each per-conversation window by this much (ms) to absorb network
   * jitter; default 100 (a 429 costs a second's wait, a margin only this).
   */
  readonly marginMs?: number;
  /** The same for the global window, where every ms costs throughput; default 25. */
  readonly globalMarginMs?: number;
  /** How the global rate steps down after a 429 from the app-wide limit, and back up. */
  readonly appBackoff?: AppRateBackoffOptions;
  /**
   * The reserve the outbox leaves for replies within turns, as a fraction of its own rate: while no reply
   * has gone for `quietMs` (default 30 s), the outbox may use it too, so a fan-out nobody is talking to
   * runs at the app's whole rate. The first reply after a quiet spell takes the next free slot (the outbox
   * holds back while it waits: a few tens of ms at 50 a second) and the reserve is kept again from then.
   */
  readonly lendReserveWhenQuiet?: { readonly fraction: number; readonly quietMs?: number };
}

/** Which of Teams' limits a 429 met, as far as this instance can tell: the thread's own, or the app's. */
export type ThrottleScope = 'conversation' | 'app';

export type Admission =
  | { readonly ok: true; readonly release: () => void }
  | { readonly ok: false; readonly scope: 'conversation' | 'global'; readonly waitMs: number };

const GLOBAL = '*';
/** Below this share of its rate sent in the second around a 429, this instance was not what filled the app's limit. */
const QUIET_SHARE = 0.25;
/** The longest an inferred app-wide 429 holds every conversation. */
const MAX_APP_PAUSE_MS = 60_000;

/** Whole sends per second, at least one: a share such as 50 / 3 rounds down, so the shares never add up past the limit. */
function globalLimit(perSecond: number | undefined): number {
  return Math.max(1, Math.floor(perSecond ?? TEAMS_GLOBAL_PER_SECOND));
}

/** Per-conversation windows and one global window, checked and recorded together. */
export class DeliveryLimiter {
  private readonly conversations: WindowLog;
  private readonly global: WindowLog;
  private readonly perConversation: readonly RateWindow[];
  private readonly marginMs: number;
  private readonly globalMarginMs: number;
  private readonly backoff: AppRateBackoff;
  /** The global rate before any step down (this instance's share), and the limit in force now. */
  private globalRate: number;
  private globalInForce: number;
  private lastPrune = 0;
  /** When the last reply within a turn took a slot (recordElsewhere). */
  private lastReplyAt = Number.NEGATIVE_INFINITY;
  private readonly lendFraction: number;
  private readonly quietMs: number;

  constructor(limits: DeliveryLimits = {}) {
    this.perConversation = limits.perConversation ?? TEAMS_PER_CONVERSATION;
    this.marginMs = limits.marginMs ?? 100;
    this.conversations = new WindowLog(this.perConversation, this.marginMs);
    this.globalMarginMs = limits.globalMarginMs ?? 25;
    this.backoff = new AppRateBackoff(limits.appBackoff);
    this.globalRate = limits.globalPerSecond ?? TEAMS_GLOBAL_PER_SECOND;
    this.lendFraction = limits.lendReserveWhenQuiet?.fraction ?? 0;
    this.quietMs = limits.lendReserveWhenQuiet?.quietMs ?? 30_000;
    if (!(this.lendFraction >= 0 && Number.isFinite(this.lendFraction)))
      throw new Error(`Invalid reserve fraction ${this.lendFraction}`);
    this.globalInForce = globalLimit(this.globalRate * (1 + this.lendFraction));
    this.global = new WindowLog([{ limit: this.globalInForce, windowMs: 1_000 }], this.globalMarginMs);
  }

  /** This instance's share of the app-wide rate changed (instances started or stopped). */
  setGlobalRate(perSecond: number): void {
    this.globalRate = perSecond;
    this.globalInForce = Number.NaN;
  }

  /** The global window at the share less any step down after the app was throttled. */
  private applyGlobal(now: number): void {
    const quiet = now - this.lastReplyAt >= this.quietMs;
    const limit = globalLimit(this.globalRate * this.backoff.factorAt(now) * (quiet ? 1 + this.lendFraction : 1));
    if (limit === this.globalInForce) return;
    this.globalInForce = limit;
    this.global.setWindows([{ limit, windowMs: 1_000 }], this.globalMarginMs);
  }

  /**
   * Takes a slot for one request to `conversation` at `now` if both limits
   * allow it. `release` gives the slot back when the request is not made
   * after all (another instance claimed the item first).
   */
  take(conversation: string, now: number): Admission {
    if (now - this.lastPrune > 60_000) {
      this.conversations.prune(now);
      this.global.prune(now);
      this.lastPrune = now;
    }
    this.applyGlobal(now);
    const globalWait = this.global.waitMs(GLOBAL, now);
    if (globalWait > 0) return { ok: false, scope: 'global', waitMs: globalWait };
    const wait = this.conversations.waitMs(conversation, now);
    if (wait > 0) return { ok: false, scope: 'conversation', waitMs: wait };
    this.global.record(GLOBAL, now);
    this.conversations.record(conversation, now);
    return {
      ok: true,
      release: () => {
        this.global.forget(GLOBAL, now);
        this.conversations.forget(conversation, now);
      },
    };
  }

  /**
   * A request this instance made outside the outbox (a reply within a turn):
   * it used a slot of the app-wide rate, so the outbox's sends leave it.
   */
  recordElsewhere(now: number): void {
    this.global.record(GLOBAL, now);
    this.lastReplyAt = Math.max(this.lastReplyAt, now);
  }

  /** Milliseconds until a request to `conversation` would be admitted, without taking a slot. */
  waitMs(conversation: string, now: number): number {
    this.applyGlobal(now);
    return Math.max(this.global.waitMs(GLOBAL, now), this.conversations.waitMs(conversation, now));
  }

  /** Teams said wait (429 with Retry-After): nothing more to that conversation until then. */
  pause(conversation: string, until: number): void {
    this.conversations.pause(conversation, until);
  }

  /**
   * Teams answered 429 at `now` to a send to `conversation` taken at
   * `sentAt`. Its answer does not say which limit was met, but this log
   * knows what went to that conversation: if the thread was under every
   * per-thread window even allowing for arrival jitter, the limit met was the
   * app's (another instance, replies within turns, or a rate set too high),
   * and every conversation waits for the Retry-After, the rate stepped down
   * for a while (app-rate-backoff.ts). Otherwise only that conversation
   * waits, as before. Nor is it put down to the app when this instance had
   * sent under a quarter of its share around then: the app's limit is met by
   * every instance together, and an instance at its share meets it first and
   * slows the app from there, so one stray 429 on a quiet morning does not
   * hold every PCN's messages. The app-wide hold is at most a minute (the
   * inference may be wrong; the conversation itself waits the whole
   * Retry-After, and if the app really is over its limit the next 429 says
   * so again at the cost of one request). Requests arrive at Teams later
   * than they were logged here, by up to the time this one took (and the
   * margin), so each window is widened by that when counting, and sends
   * logged after this one count too: a thread that may have been full is
   * taken to have been.
   */
  throttled(conversation: string, sentAt: number, now: number, retryAfterMs?: number): ThrottleScope {
    const slackMs = this.marginMs + Math.max(0, now - sentAt);
    const mayHaveBeenFull = this.perConversation.some(
      // Less one: this send is in the log, and Teams refuses the request after `limit` others.
      (w) => this.conversations.count(conversation, sentAt - w.windowMs - slackMs, now) - 1 >= w.limit,
    );
    if (retryAfterMs !== undefined) this.conversations.pause(conversation, now + retryAfterMs);
    this.applyGlobal(now);
    const sentNearby = this.global.count(GLOBAL, sentAt - 1_000 - slackMs, now);
    const appWasQuiet = sentNearby < Math.max(2, this.globalInForce * QUIET_SHARE);
    if (mayHaveBeenFull || appWasQuiet) {
      this.backoff.threadThrottled();
      return 'conversation';
    }
    if (retryAfterMs !== undefined) this.global.pause(GLOBAL, now + Math.min(retryAfterMs, MAX_APP_PAUSE_MS));
    if (this.backoff.appThrottled(sentAt, now)) this.applyGlobal(now);
    return 'app';
  }

  /** The global limit in force at `now` (this instance's share, less any step down), per second. */
  perSecondAt(now: number): number {
    this.applyGlobal(now);
    return this.globalInForce;
  }

  /** This instance's share at `now` (stepped down after a 429) without the replies' reserve lent while quiet. */
  sharePerSecondAt(now: number): number {
    return globalLimit(this.globalRate * this.backoff.factorAt(now));
  }

  /** 429s by the limit they met, and how far the app-wide rate is stepped down now. */
  throttling(now: number): AppThrottling & { readonly globalPerSecond: number } {
    this.applyGlobal(now);
    return { ...this.backoff.report(now), globalPerSecond: this.globalInForce };
  }
}
