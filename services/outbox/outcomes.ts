import type { Clock } from '../clock';
import { ConflictError } from '../errors';
import type { Logger } from '../logger';
import type { SentMessage } from '../messenger';
import type { BatchOperation, Stored } from '../store/documents';
import type { OutboxError, OutboxItem, OutboxRepository } from '../store/outbox-repository';
import { backoffStep, decide, type RetryPolicy } from './delivery';
import { defaultSentRetention, type SentRetention } from './retention';
import type { RetireAddress } from './retire';
import type { Timers } from './timers';

const RECORD_ATTEMPTS = 5;
/** Every card of a round may land at once, each noting itself on the round in its "sent" batch: turns for all. */
const NOTE_ATTEMPTS = 30;

export interface OutcomeDeps {
  readonly outbox: OutboxRepository;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly log: Logger;
  readonly policy: RetryPolicy;
  readonly random: () => number;
  readonly retire?: RetireAddress;
  readonly onSent?: (item: Stored<OutboxItem>) => Promise<void>;
  /** Writes to commit in the same batch as "sent" (see DispatcherDeps.sentWith). */
  readonly sentWith?: (item: Stored<OutboxItem>, sent: SentMessage) => Promise<readonly BatchOperation[]>;
  /** How long to keep a PCN's sent items (seconds); default DEFAULT_SENT_RETENTION_DAYS for every PCN. */
  readonly sentRetention?: SentRetention;
  /** Told each recorded outcome (telemetry counts them). */
  readonly onOutcome?: (outcome: DeliveryOutcome) => void;
}

/** What became of one attempt, once recorded. */
export type DeliveryOutcome = 'sent' | 'retry' | 'parked';

/** What the dispatcher should do about a failure besides the write: hold the item (a 429 it handles itself). */
export interface RetryPlan {
  /** The item as rescheduled (pending, with its new ETag), for the dispatcher to hold until it is due. */
  readonly rescheduled?: Stored<OutboxItem>;
}

/**
 * Records what became of each attempt on its outbox item. Every write is
 * conditional on the claim's ETag; a ConflictError means another instance
 * has the item now, and is left to it.
 */
export class OutcomeRecorder {
  constructor(private readonly deps: OutcomeDeps) {}

  /** Teams has the message: recording that must not be given up lightly, or it would be sent again. */
  async sent(item: Stored<OutboxItem>, sent: SentMessage): Promise<void> {
    const { log, onSent } = this.deps;
    const keepFor = await (this.deps.sentRetention ?? defaultSentRetention)(item.pcnId);
    for (let attempt = 1; ; attempt++) {
      try {
        const done = await this.markSent(item, sent, keepFor);
        log.debug({ key: item.key, pcnId: item.pcnId, attempts: item.attempts }, 'sent');
        this.deps.onOutcome?.('sent');
        if (done && onSent) await this.afterSend(onSent, done);
        return;
      } catch (error) {
        if (attempt >= RECORD_ATTEMPTS) {
          log.error({ err: error, key: item.key }, 'sent, but could not record it; it may be sent again when its claim lapses');
          return;
        }
        await new Promise<void>((resolve) => this.deps.timers.setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  /**
   * Marks the item sent, with the caller's notes of it (sentWith) in the same
   * batch. A conflict (another card of the same round noted itself first) is
   * read again and retried; should the round keep changing, "sent" is written
   * alone, because it must stick, and readers take the note from the item.
   */
  private async markSent(
    item: Stored<OutboxItem>,
    sent: SentMessage,
    keepFor: number | undefined,
  ): Promise<Stored<OutboxItem> | undefined> {
    const { outbox, clock, sentWith } = this.deps;
    let current: Stored<OutboxItem> | undefined = item;
    for (let attempt = 1; sentWith && attempt <= NOTE_ATTEMPTS; attempt++) {
      if (!current || current.status === 'sent') return current;
      const steps = await sentWith(current, sent);
      try {
        return await outbox.markSentWith(current, sent, clock.now(), keepFor, steps);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        current = await outbox.get(item.pcnId, item.key);
      }
    }
    return outbox.markSent(current ?? item, sent, clock.now(), keepFor);
  }

  /**
   * What a send produced is already on the item (marked sent with its
   * activity id in one write); the hook copies it where readers look (a
   * card onto its round). Retried with backoff, as a conflict there is only
   * another card of the same round noting itself; if it never holds, readers
   * repair it from the item (see quick-check/posted-cards.ts).
   */
  private async afterSend(onSent: (item: Stored<OutboxItem>) => Promise<void>, done: Stored<OutboxItem>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await onSent(done);
        return;
      } catch (error) {
        if (attempt >= RECORD_ATTEMPTS) {
          this.deps.log.error({ err: error, key: done.key }, 'after-send hook failed; the sent item keeps what it needs');
          return;
        }
        const wait = 50 * 2 ** attempt * (0.5 + this.deps.random());
        await new Promise<void>((resolve) => this.deps.timers.setTimeout(resolve, wait));
      }
    }
  }

  /** Reschedules (with backoff or Retry-After) or parks (retiring the address when the bot is gone). */
  async failed(item: Stored<OutboxItem>, error: unknown): Promise<RetryPlan> {
    const { outbox, clock, log, retire } = this.deps;
    const now = clock.now();
    const decision = decide(error, item.attempts, now, this.deps.policy, this.deps.random, backoffStep(item.errors));
    const context = {
      key: item.key,
      pcnId: item.pcnId,
      attempts: item.attempts,
      kind: decision.error.kind,
      status: decision.error.status,
    };
    try {
      if (decision.action === 'retry') {
        const retryAt = now.getTime() + decision.delayMs;
        const rescheduled = await outbox.reschedule(item, new Date(retryAt), decision.error, now);
        log.info({ ...context, delayMs: decision.delayMs }, 'send failed; will retry');
        this.deps.onOutcome?.('retry');
        return { rescheduled };
      }
      if (decision.retire && retire) {
        await retire(item.pcnId, item.target, now).catch((e: unknown) =>
          log.warn({ err: e, key: item.key }, 'could not retire the address'),
        );
      }
      await outbox.park(item, decision.error, now);
      log.warn({ ...context, error: decision.error.message }, 'send parked');
      this.deps.onOutcome?.('parked');
    } catch (e) {
      if (e instanceof ConflictError) log.info(context, 'item changed by another instance meanwhile');
      else log.error({ ...context, err: e }, 'could not record a failed send; it will be retried when its claim lapses');
    }
    return {};
  }

  /** A claim that lapsed too many times (the bot keeps dying mid-send): park rather than loop. */
  async parkInterrupted(item: Stored<OutboxItem>): Promise<void> {
    const now = this.deps.clock.now();
    const error: OutboxError = {
      at: now.toISOString(),
      kind: 'interrupted',
      message: `Gave up after ${item.attempts} interrupted attempts.`,
      attempt: item.attempts,
    };
    try {
      await this.deps.outbox.park(item, error, now);
      this.deps.onOutcome?.('parked');
      this.deps.log.warn(
        { key: item.key, pcnId: item.pcnId, attempts: item.attempts },
        'send parked after repeated interruptions',
      );
    } catch (e) {
      if (!(e instanceof ConflictError)) this.deps.log.error({ err: e, key: item.key }, 'could not park an interrupted item');
    }
  }

  /** Back to pending at once: this instance was stopped (crash, SIGKILL) while sending it. */
  async resumeInterrupted(item: Stored<OutboxItem>): Promise<boolean> {
    const now = this.deps.clock.now();
    const error: OutboxError = {
      at: now.toISOString(),
      kind: 'interrupted',
      message: 'The bot stopped while sending; sending again.',
      attempt: item.attempts,
    };
    try {
      await this.deps.outbox.reschedule(item, now, error, now);
      return true;
    } catch (e) {
      if (e instanceof ConflictError) return false;
      throw e;
    }
  }
}
