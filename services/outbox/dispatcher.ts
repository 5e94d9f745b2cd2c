import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConflictError } from '../errors';
import type { Logger } from '../logger';
import { type SentMessage, ThrottledError } from '../messenger';
import type { Stored } from '../store/documents';
import type { OutboxItem } from '../store/outbox-repository';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './delivery';
import { OutcomeRecorder } from './outcomes';
import { conversationKey } from './ports';
import { InFlightLimit } from './concurrency';
import { DeliveryLimiter, TEAMS_GLOBAL_PER_SECOND } from './rate-limiter';
import { Pacing, type PacingReport } from './pacing';
import { ReplyPacer } from './reply-pacer';
import type { AppThrottling } from './app-rate-backoff';
import { Sleeper, systemTimers, type Timers } from './timers';
import { WorkWindow } from './work-window';
import type { DispatcherDeps, DispatcherOptions, PassResult } from './dispatcher-options';

export type { DispatcherDeps, DispatcherOptions, PassResult } from './dispatcher-options';

const IDLE_SPIN_MS = 5;
/** How soon the outbox looks again after holding back for replies. */
const REPLY_YIELD_MS = 20;

/**
 * Sends due outbox items through the Messenger at Teams' pace, and records
 * each outcome on the item. Any number of instances may run against one
 * store: an item is claimed by an ETag-checked write before it is sent, so
 * only one instance sends it; a claim that lapses (its instance died) is
 * taken over. A sent item is never claimed again.
 */
export class Dispatcher {
  readonly instanceId: string;
  private readonly limiter: DeliveryLimiter;
  /** Replies within turns: paced on the same rate, and first (see reply-pacer.ts). */
  private readonly replies: ReplyPacer;
  private readonly policy: RetryPolicy;
  private readonly timers: Timers;
  private readonly sleeper: Sleeper;
  private readonly random: () => number;
  private readonly log: Logger;
  private readonly outcomes: OutcomeRecorder;
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly work: WorkWindow;
  private readonly inFlightLimit: InFlightLimit;
  private readonly pacing: Pacing;
  /** Sends in flight per conversation: a conversation busy here is not given up. */
  private readonly busy = new Map<string, number>();
  private loop?: Promise<void>;
  private stopping = false;
  /** When the loop next deletes expired sent items (ms since the epoch); at start, then every purgeEveryMs. */
  private nextPurgeAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly options: DispatcherOptions = {},
  ) {
    this.instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.limiter = new DeliveryLimiter(options.limits);
    const allowance = options.replyAllowancePerSecond ?? 0;
    // Replies may use the reserve the outbox leaves them, on top of the outbox's share (not what it borrows while quiet).
    this.replies = new ReplyPacer(() => this.limiter.sharePerSecondAt(this.deps.clock.now().getTime()) + allowance);
    this.inFlightLimit = new InFlightLimit(options.limits?.globalPerSecond ?? TEAMS_GLOBAL_PER_SECOND, options.concurrency ?? 16);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.work = new WorkWindow(deps.outbox, {
      pageSize: options.pageSize ?? 500,
      maxPages: options.maxPages ?? 2,
      pollMs: options.pollMs ?? 1_000,
      keyOf: (item) => conversationKey(item.target),
    });
    this.timers = deps.timers ?? systemTimers;
    this.sleeper = new Sleeper(this.timers);
    this.random = options.random ?? Math.random;
    this.log = deps.logger.child({ module: 'dispatcher', instance: this.instanceId });
    const { sharing } = options;
    const baseRate = options.limits?.globalPerSecond ?? TEAMS_GLOBAL_PER_SECOND;
    this.pacing = new Pacing(
      this.instanceId,
      this.limiter,
      this.inFlightLimit,
      this.log,
      baseRate,
      deps.leases,
      sharing && {
        appRatePerSecond: sharing.appRatePerSecond,
        fixedRatePerSecond: sharing.fixedRate ? baseRate : undefined,
        leaseTtlMs: sharing.leaseTtlMs,
        handOverWaitMs: sharing.handOverWaitMs,
      },
    );
    this.outcomes = new OutcomeRecorder({
      ...deps,
      timers: this.timers,
      log: this.log,
      policy: this.policy,
      random: this.random,
    });
  }

  /** Outbox items this instance holds waiting to be sent (read from the store or held for a retry). */
  waiting(): number {
    return this.work.waiting;
  }

  /** Starts sending in the background: resumes this instance's interrupted sends, then polls. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /**
   * Stops taking new work and waits for sends in flight to finish and be
   * recorded (SIGTERM: nothing is left half-sent, so nothing is sent twice),
   * then gives its conversations and its rate share back to the others.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeper.wake();
    await this.loop;
    this.loop = undefined;
    await this.settle();
    await this.pacing.stop(() => this.deps.clock.now().getTime());
  }

  /** Rate share, in-flight window and latency (what a crash of this instance could cost), and the 429s by limit. */
  pacingReport(): PacingReport & AppThrottling {
    const { appThrottles, threadThrottles, appRateFactor } = this.limiter.throttling(this.deps.clock.now().getTime());
    return { ...this.pacing.report(), appThrottles, threadThrottles, appRateFactor };
  }

  /**
   * A reply within a turn is about to go to Teams (bot/reply-budget.ts): it
   * waits for a slot of this instance's rate if the last second is full (the
   * outbox holding back meanwhile), then takes it, so the outbox leaves it.
   */
  async replySlot(): Promise<void> {
    await this.replies.slot();
    this.limiter.recordElsewhere(this.deps.clock.now().getTime());
  }

  /**
   * Whether a reply now would wait more than about a second for a slot:
   * more replies are already waiting than the rate lets out in one. The bot
   * then queues its replies (Outbox.enqueueReply, then sendFirst) rather
   * than hold the turn, so Teams gets its answer to the turn at once.
   */
  repliesBacklogged(): boolean {
    const perSecond =
      this.limiter.sharePerSecondAt(this.deps.clock.now().getTime()) + (this.options.replyAllowancePerSecond ?? 0);
    return this.replies.waiting + 1 > perSecond;
  }

  /** A reply just queued in this process: first in line here, without waiting for the next read of the store. */
  sendFirst(item: Stored<OutboxItem>): void {
    this.work.retry(item);
    this.sleeper.wake();
  }

  /** New work was queued in this process: look now rather than at the next poll. */
  wake(): void {
    this.work.markDirty();
    this.sleeper.wake();
  }

  /** Waits until every send started so far has finished and been recorded. */
  async settle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all(this.inflight.values());
  }

  /**
   * Puts back in the queue the items this instance had claimed when it last
   * stopped (a crash or SIGKILL): they may or may not have reached Teams, and
   * sending again is the only way not to lose them.
   */
  async recover(): Promise<number> {
    // Every item being sent, filtered here, rather than a query on the owner: the store reads items by
    // status from an index, and there are only as many as sends in flight across the instances.
    const mine: Stored<OutboxItem>[] = [];
    let continuation: string | undefined;
    do {
      const page = await this.deps.outbox.listSending({ limit: 500, continuation });
      mine.push(...page.items.filter((item) => item.claimedBy === this.instanceId));
      continuation = page.continuation;
    } while (continuation);
    let resumed = 0;
    for (const item of mine) if (await this.outcomes.resumeInterrupted(item)) resumed++;
    if (resumed > 0) this.log.info({ resumed }, 'resumed sends interrupted by a restart');
    return resumed;
  }

  /** One pass: read due work if needed, and start every send the limits allow now. Does not wait for the sends. */
  async runOnce(): Promise<PassResult> {
    const now = this.deps.clock.now().getTime();
    // People are waiting for replies: they go first, and the outbox looks again shortly.
    if (this.replies.waiting > 0) return { started: 0, wakeAt: now + REPLY_YIELD_MS };
    const queue = await this.work.due(now);
    let wakeAt: number | undefined;
    const soonest = (t: number | undefined) => {
      if (t !== undefined) wakeAt = wakeAt === undefined ? t : Math.min(wakeAt, t);
    };
    const keep: Stored<OutboxItem>[] = [];
    let started = 0;
    let globalBlocked = false;
    for (let i = 0; i < queue.length; i++) {
      const item = queue[i] as Stored<OutboxItem>;
      const id = `${item.pcnId}\u0000${item.key}`;
      if (this.inflight.has(id)) continue;
      if (this.stopping) {
        keep.push(...queue.slice(i));
        break;
      }
      if (item.status === 'sending' && item.attempts >= this.policy.maxAttempts) {
        this.track(id, this.outcomes.parkInterrupted(item), conversationKey(item.target));
        continue;
      }
      if (this.inflight.size >= this.pacing.window) await this.freeSlot();
      const key = conversationKey(item.target);
      // Another instance sends into this conversation now: its items are its to send, within Teams' thread limit.
      if (!(await this.pacing.acquire(key, this.deps.clock.now().getTime()))) {
        keep.push(item);
        continue;
      }
      const t = this.deps.clock.now().getTime();
      const admission = this.limiter.take(key, t);
      if (!admission.ok) {
        soonest(t + admission.waitMs);
        if (admission.scope === 'global') {
          globalBlocked = true;
          keep.push(...queue.slice(i));
          break;
        }
        keep.push(item);
        continue;
      }
      this.pacing.used(key, t);
      this.replies.noteSend();
      this.track(id, this.claimAndDeliver(item, key, t, admission.release), key);
      started++;
    }
    this.work.passed(keep, globalBlocked || this.stopping);
    soonest(this.work.wakeAt(now));
    return { started, wakeAt };
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 1_000;
    try {
      await this.pacing.start(
        () => this.deps.clock.now().getTime(),
        // Not the sleeper: work queued meanwhile wakes that, and must not cut this wait short.
        (ms) => new Promise<void>((resolve) => this.timers.setTimeout(resolve, ms)),
      );
      await this.recover();
    } catch (error) {
      this.log.error({ err: error }, 'could not resume interrupted sends; their claims will lapse and they will be retried');
    }
    while (!this.stopping) {
      let waitMs = pollMs;
      try {
        const pass = await this.runOnce();
        if (pass.wakeAt !== undefined) {
          const until = pass.wakeAt - this.deps.clock.now().getTime();
          waitMs = Math.min(pollMs, Math.max(until, pass.started === 0 ? IDLE_SPIN_MS : 0));
        }
      } catch (error) {
        this.log.error({ err: error }, 'dispatch pass failed; trying again shortly');
      }
      await this.purgeIfDue();
      await this.pacing.maintain(this.deps.clock.now().getTime(), (key) => this.busy.has(key));
      if (!this.stopping) await this.sleeper.wait(waitMs);
    }
  }

  /** Deletes sent items past their retention, at most once per purgeEveryMs; a failure waits for the next turn. */
  private async purgeIfDue(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (this.stopping || now < this.nextPurgeAt) return;
    this.nextPurgeAt = now + (this.options.purgeEveryMs ?? 3_600_000);
    try {
      const purged = await this.deps.outbox.purgeExpired();
      if (purged > 0) this.log.info({ purged }, 'deleted sent outbox items past their retention');
    } catch (error) {
      this.log.warn({ err: error }, 'could not delete expired outbox items; trying again later');
    }
  }

  private track(id: string, work: Promise<void>, key: string): void {
    this.busy.set(key, (this.busy.get(key) ?? 0) + 1);
    const done = work.finally(() => {
      this.inflight.delete(id);
      const left = (this.busy.get(key) ?? 1) - 1;
      if (left > 0) this.busy.set(key, left);
      else this.busy.delete(key);
    });
    this.inflight.set(id, done);
  }

  private async freeSlot(): Promise<void> {
    while (this.inflight.size >= this.pacing.window) await Promise.race(this.inflight.values());
  }

  /** Sends, telling the in-flight limit how long Teams took to answer, whatever the answer. */
  private async timedSend(item: Stored<OutboxItem>): Promise<SentMessage> {
    const startedAt = this.deps.clock.now().getTime();
    try {
      return await this.send(item);
    } finally {
      this.inFlightLimit.observe(this.deps.clock.now().getTime() - startedAt);
    }
  }

  private async claimAndDeliver(item: Stored<OutboxItem>, key: string, takenAt: number, release: () => void): Promise<void> {
    let claimed: Stored<OutboxItem>;
    try {
      claimed = await this.deps.outbox.claim(item, this.instanceId, this.deps.clock.now(), this.options.claimTtlMs ?? 120_000);
    } catch (error) {
      release();
      if (!(error instanceof ConflictError)) this.log.warn({ err: error, key: item.key }, 'could not claim an outbox item');
      return;
    }
    if (item.status === 'sending')
      this.log.info({ key: item.key, pcnId: item.pcnId, attempts: claimed.attempts }, 'taking over an interrupted send');
    let sent: SentMessage;
    try {
      sent = await this.timedSend(claimed);
    } catch (error) {
      // Before the write that records it: every send started meanwhile could meet the same limit.
      if (error instanceof ThrottledError) this.throttled(key, takenAt, error.retryAfterMs);
      const plan = await this.outcomes.failed(claimed, error);
      if (plan.rescheduled) {
        this.work.retry(plan.rescheduled);
        // Let the loop re-plan its sleep: this retry may be due before whatever it was waiting for.
        this.sleeper.wake();
      }
      return;
    }
    await this.outcomes.sent(claimed, sent);
  }

  /**
   * A 429: Retry-After holds the conversation, and every conversation when
   * the thread was under its own limits (the app's limit was met; see
   * DeliveryLimiter.throttled), the app's rate then stepped down a while.
   */
  private throttled(key: string, takenAt: number, retryAfterMs: number | undefined): void {
    const now = this.deps.clock.now().getTime();
    const before = this.limiter.throttling(now).globalPerSecond;
    if (this.limiter.throttled(key, takenAt, now, retryAfterMs) === 'conversation') return;
    const after = this.limiter.throttling(now);
    if (after.globalPerSecond !== before)
      this.log.warn(
        {
          retryAfterMs,
          globalPerSecond: after.globalPerSecond,
          appRateFactor: after.appRateFactor,
          appThrottles: after.appThrottles,
        },
        'Teams throttled the app, not one thread: every conversation waits for the Retry-After and the rate steps down a while',
      );
  }

  private async send(item: Stored<OutboxItem>): Promise<SentMessage> {
    const options = { idempotencyKey: item.key };
    if (item.replaceActivityId === undefined) return this.deps.messenger.send(item.target, item.message, options);
    await this.deps.messenger.update(item.target.address, item.replaceActivityId, item.message, options);
    return { conversationId: item.target.address.conversationId, activityId: item.replaceActivityId };
  }
}
