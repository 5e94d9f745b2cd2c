import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { SentMessage } from '../messenger';
import type { BatchOperation, Stored } from '../store/documents';
import type { OutboxItem, OutboxRepository } from '../store/outbox-repository';
import type { RetryPolicy } from './delivery';
import type { DeliveryOutcome } from './outcomes';
import type { ConversationLeases } from './ownership';
import type { DeliveryMessenger } from './ports';
import type { DeliveryLimits } from './rate-limiter';
import type { InstanceRegistry } from './rate-share';
import type { SentRetention } from './retention';
import type { RetireAddress } from './retire';
import type { Timers } from './timers';

/** The Dispatcher's options and ports (dispatcher.ts), apart so the class reads on its own. */

export interface DispatcherOptions {
  /**
   * Names this instance in claims. Unique per running process; when it is
   * also stable across restarts (App Service's WEBSITE_INSTANCE_ID, a
   * process slot), a restarted instance resumes its own interrupted sends at
   * once instead of waiting for their claims to lapse.
   */
  readonly instanceId?: string;
  readonly limits?: DeliveryLimits;
  /**
   * Requests per second replies within turns may use above the outbox's
   * share (the reserve the outbox leaves them); default 0. See reply-pacer.ts.
   */
  readonly replyAllowancePerSecond?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Sends in flight at once at most; default 16. Fewer while fewer reach the global rate (see InFlightLimit). */
  readonly concurrency?: number;
  /** Items read per page; default 500. */
  readonly pageSize?: number;
  /** Pages read per refill at most; default 2. */
  readonly maxPages?: number;
  /** How long a claim holds an item before another instance may take it over; default 2 minutes. */
  readonly claimTtlMs?: number;
  /**
   * With DispatcherDeps.leases: Teams' limit per app, shared among the live
   * instances (each takes rate / instances), unless limits.globalPerSecond
   * is fixed by fixedRate; and how long conversation and heartbeat leases
   * outlive a dead instance. See pacing.ts.
   */
  readonly sharing?: {
    readonly appRatePerSecond: number;
    readonly fixedRate?: boolean;
    readonly leaseTtlMs: number;
    /**
     * The longest a stopping instance waits before giving its conversations
     * back (Teams' short per-thread windows since its last send into them);
     * default SHORT_WINDOWS_MS. Only an in-process test bot, which no other
     * instance takes over from, sets it lower.
     */
    readonly handOverWaitMs?: number;
  };
  /**
   * How often to look for work enqueued elsewhere (other processes); default
   * 1 s. While this instance is sending at its global limit with work in
   * hand it looks five times less often: what it has is due first anyway.
   */
  readonly pollMs?: number;
  readonly random?: () => number;
  /**
   * How often the loop deletes sent items past their retention; default an
   * hour. SQLite needs it; on Cosmos DB the store expires them itself and
   * the call does nothing.
   */
  readonly purgeEveryMs?: number;
}

export interface DispatcherDeps {
  readonly outbox: OutboxRepository;
  readonly messenger: DeliveryMessenger;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timers?: Timers;
  /** Retires the stored address when Teams says the bot is gone (see retireInStore). */
  readonly retire?: RetireAddress;
  /** Called once an item is recorded as sent, for example to store a card's activity id on its source record. */
  readonly onSent?: (item: Stored<OutboxItem>) => Promise<void>;
  /**
   * Writes to commit in the same batch as marking an item sent (the item's
   * partition), for example noting a card's activity id on its round: then
   * "sent" and "noted" cannot be parted by a crash. Called again, with the
   * item read afresh, after a conflict.
   */
  readonly sentWith?: (item: Stored<OutboxItem>, sent: SentMessage) => Promise<readonly BatchOperation[]>;
  /** How long each PCN's sent items are kept (see retention.ts); default DEFAULT_SENT_RETENTION_DAYS. */
  readonly sentRetention?: SentRetention;
  /** Conversation ownership and the instance registry, for several instances on one store (see pacing.ts). */
  readonly leases?: ConversationLeases & InstanceRegistry;
  /** Told each recorded outcome: sent, retry or parked (telemetry counts them). */
  readonly onOutcome?: (outcome: DeliveryOutcome) => void;
}

export interface PassResult {
  /** Sends started in this pass. */
  readonly started: number;
  /** When (ms since the epoch) there may next be something to do, if known. */
  readonly wakeAt?: number;
}
