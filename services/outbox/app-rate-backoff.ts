/**
 * The app-wide rate, stepped down after Teams says the app sends too fast.
 *
 * The rate this instance paces itself at is its share of Teams' limit per app
 * (rate-share.ts). It can still be too high: another instance that has not
 * counted this one yet, replies sent within turns, or a rate configured above
 * what the tenant allows. When a 429 shows the app-wide limit was met (see
 * DeliveryLimiter.throttled), the rate is multiplied down, once per burst:
 * every send already in flight at the old rate may come back 429 too, and
 * says nothing new. Without further 429s it climbs back a step at a time to
 * the full share. Multiplicative decrease, additive increase: a rate that is
 * too high is found in a few steps, and one stray 429 costs seconds, not the
 * morning.
 */
export interface AppRateBackoffOptions {
  /** The factor each cut multiplies the rate by; default 0.75. */
  readonly decrease?: number;
  /** The lowest share of the rate cuts go down to; default 0.25. */
  readonly floor?: number;
  /** How often the rate climbs back a step without a 429; default every 2 s. */
  readonly recoverEveryMs?: number;
  /** How much of the rate each step gives back; default 0.05 (full rate again 10 s after one cut). */
  readonly recoverStep?: number;
}

export interface AppThrottling {
  /** 429s this instance put down to the app-wide limit since start. */
  readonly appThrottles: number;
  /** 429s put down to a thread's own limits since start. */
  readonly threadThrottles: number;
  /** The share of the rate allowed now (1 when not stepped down). */
  readonly appRateFactor: number;
}

export class AppRateBackoff {
  private factor = 1;
  private cutAt = Number.NEGATIVE_INFINITY;
  private steppedAt = Number.NEGATIVE_INFINITY;
  private readonly decrease: number;
  private readonly floor: number;
  private readonly recoverEveryMs: number;
  private readonly recoverStep: number;
  private apps = 0;
  private threads = 0;

  constructor(options: AppRateBackoffOptions = {}) {
    this.decrease = options.decrease ?? 0.75;
    this.floor = options.floor ?? 0.25;
    this.recoverEveryMs = options.recoverEveryMs ?? 2_000;
    this.recoverStep = options.recoverStep ?? 0.05;
    if (!(this.decrease > 0 && this.decrease < 1 && this.floor > 0 && this.floor <= 1))
      throw new Error(`Invalid app rate backoff ${this.decrease} (floor ${this.floor})`);
  }

  /**
   * A send made at `sentAt` met the app-wide limit at `now`: steps the rate
   * down unless that send left before the last step (it was paced at the
   * old rate). True when the rate changed.
   */
  appThrottled(sentAt: number, now: number): boolean {
    this.apps++;
    this.recover(now);
    if (sentAt <= this.cutAt) return false;
    this.factor = Math.max(this.floor, this.factor * this.decrease);
    this.cutAt = now;
    this.steppedAt = now;
    return true;
  }

  /** A 429 put down to the thread's own limits: counted, the rate kept. */
  threadThrottled(): void {
    this.threads++;
  }

  /** The share of the rate allowed at `now`. */
  factorAt(now: number): number {
    this.recover(now);
    return this.factor;
  }

  report(now: number): AppThrottling {
    return { appThrottles: this.apps, threadThrottles: this.threads, appRateFactor: Math.round(this.factorAt(now) * 100) / 100 };
  }

  private recover(now: number): void {
    if (this.factor >= 1) return;
    const steps = Math.floor((now - this.steppedAt) / this.recoverEveryMs);
    if (steps <= 0) return;
    this.factor = Math.min(1, this.factor + steps * this.recoverStep);
    this.steppedAt += steps * this.recoverEveryMs;
  }
}
