import type { RateLimitOptions, RateWindow } from './types';

/** Teams' documented per-bot, per-thread limits for sending. */
export const TEAMS_THREAD_WINDOWS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

export const TEAMS_GLOBAL_PER_SECOND = 50;

export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly scope: 'thread' | 'global'; readonly window: RateWindow; readonly retryAfterMs: number };

/**
 * Sliding-window logs (exact, not token buckets) so a test can say "the 8th
 * request inside one second is refused" and mean it. Only admitted requests
 * are logged: a refused one does not push the window further out.
 */
class WindowLog {
  private readonly stamps = new Map<string, number[]>();
  private readonly longestMs: number;

  constructor(readonly windows: readonly RateWindow[]) {
    this.longestMs = Math.max(0, ...windows.map((w) => w.windowMs));
  }

  /** The first window `key` would break at `now`, and how long until it would not. */
  blocked(key: string, now: number): { window: RateWindow; waitMs: number } | undefined {
    const stamps = this.prune(key, now);
    let worst: { window: RateWindow; waitMs: number } | undefined;
    for (const window of this.windows) {
      const inside = stamps.filter((t) => t > now - window.windowMs);
      if (inside.length < window.limit) continue;
      // The request fits once enough of the oldest stamps have left the window.
      const leaving = inside[inside.length - window.limit] as number;
      const waitMs = leaving + window.windowMs - now;
      if (!worst || waitMs > worst.waitMs) worst = { window, waitMs };
    }
    return worst;
  }

  record(key: string, now: number): void {
    const stamps = this.stamps.get(key) ?? [];
    stamps.push(now);
    this.stamps.set(key, stamps);
  }

  private prune(key: string, now: number): number[] {
    const stamps = this.stamps.get(key) ?? [];
    while (stamps.length > 0 && (stamps[0] as number) <= now - this.longestMs) stamps.shift();
    return stamps;
  }
}

/** Per-thread and global limits together; a request is admitted only when both allow it. */
export class TeamsRateLimiter {
  private readonly thread: WindowLog;
  private readonly global: WindowLog;

  constructor(options: RateLimitOptions = {}) {
    const scale = options.scale ?? 1;
    if (!(scale > 0)) throw new Error(`Rate limit scale must be positive, got ${scale}`);
    const scaled = (w: RateWindow): RateWindow => ({ limit: Math.max(1, Math.floor(w.limit * scale)), windowMs: w.windowMs });
    this.thread = new WindowLog((options.perThread ?? TEAMS_THREAD_WINDOWS).map(scaled));
    this.global = new WindowLog([scaled({ limit: options.globalPerSecond ?? TEAMS_GLOBAL_PER_SECOND, windowMs: 1_000 })]);
  }

  /** Decide for one request to `threadKey` at `now`, and count it when admitted. */
  admit(threadKey: string, now: number): RateDecision {
    const global = this.global.blocked('*', now);
    if (global) return { allowed: false, scope: 'global', window: global.window, retryAfterMs: global.waitMs };
    const thread = this.thread.blocked(threadKey, now);
    if (thread) return { allowed: false, scope: 'thread', window: thread.window, retryAfterMs: thread.waitMs };
    this.global.record('*', now);
    this.thread.record(threadKey, now);
    return { allowed: true };
  }
}
