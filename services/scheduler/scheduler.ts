import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../clock';
import type { Pcn } from '../domain';
import type { Logger } from '../logger';
import { Sleeper, systemTimers, type Timers } from '../outbox/timers';
import type { Page, QueryOptions, Stored } from '../store/documents';
import { runLeaseId, type ScheduleRepository } from '../store/schedule-repository';
import type { ScheduleRule } from './rules';
import { rulesFor, type ScheduleSettings } from './settings';

/** One run of a job for one PCN, as its handler sees it. */
export interface JobRun {
  readonly job: string;
  /** `2027-Q1`, `2027-W05` or `2027-03-28`: handlers build their idempotency keys from it. */
  readonly period: string;
  /** When the rule said it was due; earlier than now when caught up after downtime. */
  readonly dueAt: Date;
  readonly leaseId: string;
}

/** A job's work for one PCN. It should be idempotent (outbox keys from the period): a run cut short is run again. */
export type JobHandler = (pcn: Stored<Pcn>, run: JobRun) => Promise<void>;

export interface SchedulerDeps {
  readonly pcns: { listAll(options?: QueryOptions): Promise<Page<Pcn>> };
  readonly schedule: ScheduleRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timers?: Timers;
  /** Where a PCN keeps its schedule overrides; default none (every PCN on the defaults). */
  readonly settingsOf?: (pcn: Stored<Pcn>) => ScheduleSettings | undefined;
}

export interface SchedulerOptions {
  readonly instanceId?: string;
  /**
   * How long a run's lease holds off other instances after its last
   * heartbeat; default 45 s. The holder renews it every third of that while
   * the run goes on, so a long run keeps it, and an instance that dies (no
   * more heartbeats) loses it within this time; the others look again every
   * third of it while a run they want is held elsewhere.
   */
  readonly leaseTtlMs?: number;
  /** Longest sleep between ticks, so new PCNs and changed settings are seen; default 5 min. */
  readonly refreshMs?: number;
  /** PCN runs at once; default 4. */
  readonly concurrency?: number;
}

/** See SchedulerOptions.leaseTtlMs. */
export const DEFAULT_LEASE_TTL_MS = 45_000;

export type RunOutcome = 'ran' | 'done-before' | 'held-elsewhere' | 'failed';

export interface TickResult {
  readonly runs: readonly (JobRun & { readonly pcnId: string; readonly outcome: RunOutcome })[];
  /** The soonest next due time over every PCN and job. */
  readonly nextDueAt?: Date;
}

/**
 * Runs registered jobs when their rules say, per PCN, exactly once per
 * period across any number of instances: a run first claims the lease
 * `<job>:<period>:<pcnId>`, re-checks that the period is not already
 * complete, runs the handler, then records completion. Each tick runs the
 * most recent due time of each rule if its period was never completed, so a
 * tick at start catches up whatever was missed while the bot was down.
 */
export class Scheduler {
  readonly instanceId: string;
  private readonly handlers = new Map<string, JobHandler>();
  /** Lease ids known complete: saves a store read per PCN and job on every tick. */
  private completed = new Set<string>();
  private readonly sleeper: Sleeper;
  private readonly log: Logger;
  private loop?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly deps: SchedulerDeps,
    private readonly options: SchedulerOptions = {},
  ) {
    this.instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.sleeper = new Sleeper(deps.timers ?? systemTimers);
    this.log = deps.logger.child({ module: 'scheduler', instance: this.instanceId });
  }

  /** Plugs a job in (quick check, reminders, digests...); jobs without a handler are not scheduled. */
  register(job: string, handler: JobHandler): this {
    this.handlers.set(job, handler);
    return this;
  }

  /** Starts ticking in the background; the first tick (the catch-up) runs at once. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops after the tick in progress, if any, has finished. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeper.wake();
    await this.loop;
    this.loop = undefined;
  }

  /** Runs everything due and not yet done, for every active PCN. */
  async tick(): Promise<TickResult> {
    const now = this.deps.clock.now();
    const work: (() => Promise<JobRun & { pcnId: string; outcome: RunOutcome }>)[] = [];
    const current = new Set<string>();
    let nextDue: number | undefined;
    let continuation: string | undefined;
    do {
      const page = await this.deps.pcns.listAll({ limit: 500, continuation });
      for (const pcn of page.items) {
        if (!pcn.active) continue;
        for (const rule of rulesFor(this.deps.settingsOf?.(pcn))) {
          if (!this.handlers.has(rule.job)) continue;
          const next = rule.next(now)?.getTime();
          if (next !== undefined) nextDue = nextDue === undefined ? next : Math.min(nextDue, next);
          const run = this.dueRun(pcn, rule, now);
          if (!run) continue;
          current.add(run.leaseId);
          if (!this.completed.has(run.leaseId)) work.push(() => this.runOne(pcn, run));
        }
      }
      continuation = page.continuation;
    } while (continuation);
    // Forget periods no longer current, so the set stays one entry per PCN and job.
    this.completed = new Set([...this.completed].filter((id) => current.has(id)));
    // Stopping (SIGTERM) starts no further run: those left are due still, and another instance (or this one
    // restarted) runs them. A catch-up over every PCN could otherwise outlast the platform's grace period.
    const runs = await inBatches(work, this.options.concurrency ?? 4, () => this.stopping);
    return { runs, nextDueAt: nextDue === undefined ? undefined : new Date(nextDue) };
  }

  private dueRun(pcn: Stored<Pcn>, rule: ScheduleRule, now: Date): JobRun | undefined {
    const dueAt = rule.previous(now);
    // Nothing is owed for times before the bot joined the team.
    if (!dueAt || dueAt.toISOString() < pcn.installedAt) return undefined;
    const period = rule.period(dueAt);
    return { job: rule.job, period, dueAt, leaseId: runLeaseId(rule.job, period, pcn.pcnId) };
  }

  private async runOne(pcn: Stored<Pcn>, run: JobRun): Promise<JobRun & { pcnId: string; outcome: RunOutcome }> {
    const result = (outcome: RunOutcome) => ({ ...run, pcnId: pcn.pcnId, outcome });
    const { schedule, clock } = this.deps;
    const context = { job: run.job, period: run.period, pcnId: pcn.pcnId };
    try {
      if (await schedule.completed(pcn.pcnId, run.job, run.period)) {
        this.completed.add(run.leaseId);
        return result('done-before');
      }
      // A lease this instance still holds under its name (it was restarted mid-run) is taken back at once.
      const lease = await schedule.claim(run.leaseId, this.instanceId, this.leaseTtlMs, clock.now());
      if (!lease) return result('held-elsewhere');
      try {
        // Another instance may have finished it between the check above and the claim.
        if (await schedule.completed(pcn.pcnId, run.job, run.period)) {
          this.completed.add(run.leaseId);
          return result('done-before');
        }
        const handler = this.handlers.get(run.job) as JobHandler;
        await this.withHeartbeat(run, context, () => handler(pcn, run));
        await schedule.markCompleted({
          pcnId: pcn.pcnId,
          job: run.job,
          period: run.period,
          dueAt: run.dueAt.toISOString(),
          completedAt: clock.now().toISOString(),
          instance: this.instanceId,
        });
        this.completed.add(run.leaseId);
        const lateMs = clock.now().getTime() - run.dueAt.getTime();
        this.log.info({ ...context, lateMs }, lateMs > 60_000 ? 'caught up a missed run' : 'ran');
        return result('ran');
      } finally {
        await schedule
          .release(run.leaseId, this.instanceId)
          .catch((e: unknown) => this.log.warn({ ...context, err: e }, 'could not release a lease'));
      }
    } catch (error) {
      this.log.error({ ...context, err: error }, 'scheduled run failed; it will be tried again');
      return result('failed');
    }
  }

  private get leaseTtlMs(): number {
    return this.options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  }

  /**
   * Runs `work` while renewing the run's lease every third of its time to
   * live, so the lease outlives a slow run but not a dead instance. A renewal
   * that finds the lease taken (this instance stalled past it) lets the run
   * finish: handlers are idempotent, and the other run queues nothing twice.
   */
  private async withHeartbeat(run: JobRun, context: object, work: () => Promise<void>): Promise<void> {
    const timers = this.deps.timers ?? systemTimers;
    let handle: unknown;
    let done = false;
    const beat = () => {
      handle = timers.setTimeout(() => {
        void this.deps.schedule
          .claim(run.leaseId, this.instanceId, this.leaseTtlMs, this.deps.clock.now())
          .then((lease) => {
            if (!lease) this.log.warn(context, 'lost a run lease to another instance while running it');
          })
          .catch((e: unknown) => this.log.warn({ ...context, err: e }, 'could not renew a run lease'))
          .finally(() => {
            if (!done) beat();
          });
      }, this.leaseTtlMs / 3);
    };
    beat();
    try {
      await work();
    } finally {
      done = true;
      timers.clearTimeout(handle);
    }
  }

  private async run(): Promise<void> {
    const refreshMs = this.options.refreshMs ?? 5 * 60_000;
    while (!this.stopping) {
      let waitMs = refreshMs;
      try {
        const { nextDueAt, runs } = await this.tick();
        if (nextDueAt) waitMs = Math.min(refreshMs, Math.max(0, nextDueAt.getTime() - this.deps.clock.now().getTime()));
        // A run held by another instance is looked at again soon: if that instance died, its lease lapses
        // within leaseTtlMs and this one takes the run over, instead of waiting for the next refresh.
        if (runs.some((r) => r.outcome === 'held-elsewhere')) waitMs = Math.min(waitMs, this.leaseTtlMs / 3);
      } catch (error) {
        this.log.error({ err: error }, 'scheduler tick failed; trying again shortly');
        waitMs = Math.min(refreshMs, 60_000);
      }
      if (!this.stopping) await this.sleeper.wait(waitMs);
    }
  }
}

/** Runs tasks with at most `limit` at once, keeping their order in the result; none is started once `stop()` says so. */
async function inBatches<T>(tasks: readonly (() => Promise<T>)[], limit: number, stop: () => boolean): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !stop()) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results.filter((r) => r !== undefined);
}
