import type { Logger } from '../logger';
import type { InFlightLimit } from './concurrency';
import { type ConversationLeases, ConversationOwnership, SHORT_WINDOWS_MS } from './ownership';
import { type InstanceRegistry, RateShare } from './rate-share';
import type { DeliveryLimiter } from './rate-limiter';

/** What an instance tells about its pacing: in logs, /healthz and the benchmark. */
export interface PacingReport {
  readonly instanceId: string;
  /** Sends per second this instance allows itself now (its share of the app's rate). */
  readonly ratePerSecond: number;
  readonly liveInstances: number;
  /** Median time Teams took to answer recent sends (ms). */
  readonly medianLatencyMs?: number;
  /**
   * Sends allowed in flight now: rate x latency (see InFlightLimit). Teams
   * offers no idempotent send, so after a SIGKILL these are the sends that may
   * reach Teams twice.
   */
  readonly inFlightWindow: number;
  /** The largest window since start: the most duplicates a SIGKILL could have caused at any moment. */
  readonly maxInFlightWindow: number;
  /** Conversations whose sends go through this instance now. */
  readonly conversations: number;
}

export interface PacingOptions {
  readonly appRatePerSecond: number;
  readonly fixedRatePerSecond?: number;
  readonly leaseTtlMs: number;
  /** The longest stop() waits before giving conversations back; default SHORT_WINDOWS_MS. */
  readonly handOverWaitMs?: number;
}

/** How often the heartbeat work runs at most (renewals, releases, counting instances). */
const MAINTAIN_EVERY_MS = 500;

/**
 * Pacing across instances, for the dispatcher: conversation ownership (one
 * instance per conversation at a time, see ownership.ts) and this
 * instance's share of the app-wide rate (rate-share.ts), feeding the rate
 * limiter and the in-flight window. Without leases (one process, unit tests)
 * every conversation is this instance's and the rate is as configured.
 */
export class Pacing {
  private readonly ownership?: ConversationOwnership;
  private readonly share?: RateShare;
  private maintainedAt = Number.NEGATIVE_INFINITY;
  private maxWindow = 1;
  private reported = '';
  private readonly handOverWaitMs: number = SHORT_WINDOWS_MS;

  constructor(
    private readonly instanceId: string,
    private readonly limiter: DeliveryLimiter,
    private readonly inFlight: InFlightLimit,
    private readonly log: Logger,
    /** The rate without a share (one process, or TEAMS_RATE_PER_SECOND). */
    private readonly baseRate: number,
    leases?: ConversationLeases & InstanceRegistry,
    options?: PacingOptions,
  ) {
    if (!leases || !options) return;
    this.ownership = new ConversationOwnership(leases, instanceId, options.leaseTtlMs, log);
    this.share = new RateShare(leases, instanceId, { ...options, ttlMs: options.leaseTtlMs }, log);
    this.handOverWaitMs = options.handOverWaitMs ?? SHORT_WINDOWS_MS;
    this.apply();
  }

  /**
   * Joins the registry and takes this instance's share before the first
   * send. Restarted straight after a crash under the same name, it takes its
   * conversations back at once, but not knowing what it sent into them just
   * before, it first waits out Teams' short per-thread windows (about 2 s).
   */
  async start(now: () => number, sleep: (ms: number) => Promise<void>): Promise<void> {
    if (this.share && (await this.share.restartedAfterCrash(now()))) {
      this.log.info({ waitMs: SHORT_WINDOWS_MS }, 'restarted after a crash: waiting out Teams’ per-thread windows');
      await sleep(SHORT_WINDOWS_MS);
    }
    await this.maintain(now(), () => false, true);
  }

  /**
   * Sends allowed in flight now: the in-flight limit (rate x latency), but
   * growing by one per send answered at first. The first answers come while
   * the process is still starting (a second or more each, with the CPU busy
   * loading), and a window sized from them alone would let many sends into
   * flight at once: each one a message a SIGKILL then could repeat.
   */
  get window(): number {
    return Math.min(this.inFlight.limit, this.inFlight.samples + 1);
  }

  /** Whether this instance may send into `key` now (it owns the conversation, or has just taken it). */
  async acquire(key: string, now: number): Promise<boolean> {
    return this.ownership ? this.ownership.acquire(key, now) : true;
  }

  used(key: string, now: number): void {
    this.ownership?.used(key, now);
    if (this.window <= this.maxWindow) return;
    // Told at once, not at the next heartbeat: a kill a moment later could cost this many.
    this.maxWindow = this.window;
    this.logIfChanged();
  }

  /** Heartbeats, renewals and releases, at most every half second. */
  async maintain(now: number, busy: (key: string) => boolean, force = false): Promise<void> {
    if (!force && now - this.maintainedAt < MAINTAIN_EVERY_MS) return;
    this.maintainedAt = now;
    if (this.share && (await this.share.refresh(now))) this.apply();
    await this.ownership?.maintain(now, busy);
    this.logIfChanged();
  }

  /** Stopping: conversations and the rate share go back to the others. */
  async stop(now: () => number): Promise<void> {
    await this.ownership?.releaseAll(now, (ms) => new Promise((resolve) => setTimeout(resolve, ms)), this.handOverWaitMs);
    await this.share?.leave();
  }

  report(): PacingReport {
    return {
      instanceId: this.instanceId,
      ratePerSecond: this.share?.ratePerSecond ?? this.baseRate,
      liveInstances: this.share?.liveInstances ?? 1,
      medianLatencyMs: this.inFlight.medianLatencyMs,
      inFlightWindow: this.window,
      maxInFlightWindow: Math.max(this.maxWindow, this.window),
      conversations: this.ownership?.size ?? 0,
    };
  }

  private apply(): void {
    if (!this.share) return;
    this.limiter.setGlobalRate(this.share.ratePerSecond);
    this.inFlight.setRate(this.share.ratePerSecond);
  }

  /** One info line whenever the share or the in-flight window changes: what a SIGKILL could duplicate. */
  private logIfChanged(): void {
    if (!this.share) return;
    const { ratePerSecond, liveInstances, inFlightWindow, medianLatencyMs } = this.report();
    const { maxInFlightWindow } = this.report();
    const line = `${ratePerSecond}/${liveInstances}/${inFlightWindow}/${maxInFlightWindow}`;
    if (line === this.reported) return;
    this.reported = line;
    this.log.info(
      { ratePerSecond, liveInstances, inFlightWindow, maxInFlightWindow, medianLatencyMs },
      'delivery pacing: at most inFlightWindow sends may be repeated if this instance is killed',
    );
  }
}
