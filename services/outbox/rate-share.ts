import type { Logger } from '../logger';

/** The instance registry the dispatcher needs (services/store/lease-repository.ts). */
export interface InstanceRegistry {
  heartbeat(instanceId: string, ttlMs: number, now: Date): Promise<boolean>;
  leave(instanceId: string): Promise<void>;
  liveInstances(now: Date): Promise<string[]>;
}

export interface RateShareOptions {
  /** Teams' limit per app per tenant, shared by every instance (50). */
  readonly appRatePerSecond: number;
  /** A fixed rate for this instance (TEAMS_RATE_PER_SECOND), instead of a share. */
  readonly fixedRatePerSecond?: number;
  /** How long a heartbeat keeps this instance counted. */
  readonly ttlMs: number;
}

/** How often the live instances are counted: an instance starting or stopping changes every share within this. */
const LOOK_EVERY_MS = 2_000;
/**
 * In its first seconds an instance counts four times as often: instances
 * started together (App Service starting them all) each see only those whose
 * heartbeat came first, and would pace above their share until they looked again.
 */
const EARLY_LOOK_EVERY_MS = 500;
const EARLY_MS = 10_000;

/**
 * This instance's share of the app-wide rate: the app's rate divided by the
 * instances alive (each renews a heartbeat lease), rounded down, so the sum
 * never exceeds Teams' limit per app. An instance that stops says so (its
 * share goes to the others at their next look, within 2 s); one that dies
 * is counted until its heartbeat lapses, so the others send a little slower
 * meanwhile, never faster than allowed.
 */
export class RateShare {
  private live = 1;
  private lookedAt = Number.NEGATIVE_INFINITY;
  private beatAt = Number.NEGATIVE_INFINITY;
  private firstAt?: number;

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly instanceId: string,
    private readonly options: RateShareOptions,
    private readonly log: Logger,
  ) {}

  /** Sends per second this instance may make now (at least 1). */
  get ratePerSecond(): number {
    if (this.options.fixedRatePerSecond !== undefined) return this.options.fixedRatePerSecond;
    return Math.max(1, Math.floor(this.options.appRatePerSecond / this.live));
  }

  /** Instances seen alive at the last look, this one included. */
  get liveInstances(): number {
    return this.live;
  }

  /**
   * Whether this instance's name was still alive before it joined: it was
   * killed moments ago and restarted under the same INSTANCE_ID, so it may
   * have sent into its conversations in the last second or two.
   */
  async restartedAfterCrash(now: number): Promise<boolean> {
    try {
      return (await this.registry.liveInstances(new Date(now))).includes(this.instanceId);
    } catch {
      return false;
    }
  }

  /** Renews the heartbeat and recounts the instances when due; true when the share changed. */
  async refresh(now: number): Promise<boolean> {
    const before = this.ratePerSecond;
    try {
      if (now - this.beatAt >= this.options.ttlMs / 3) {
        await this.registry.heartbeat(this.instanceId, this.options.ttlMs, new Date(now));
        this.beatAt = now;
      }
      this.firstAt ??= now;
      const every = now - this.firstAt < EARLY_MS ? EARLY_LOOK_EVERY_MS : LOOK_EVERY_MS;
      if (now - this.lookedAt >= every) {
        const ids = await this.registry.liveInstances(new Date(now));
        this.live = Math.max(1, new Set([...ids, this.instanceId]).size);
        this.lookedAt = now;
      }
    } catch (error) {
      // Keep the last share: guessing fewer instances could overrun the app's limit.
      this.log.warn({ err: error }, 'could not count the live instances; keeping the last rate share');
    }
    return this.ratePerSecond !== before;
  }

  /** Stopping: no longer counted, so the others take the whole rate at their next look. */
  async leave(): Promise<void> {
    await this.registry
      .leave(this.instanceId)
      .catch((e: unknown) => this.log.warn({ err: e }, 'could not leave the instance registry'));
  }
}
