import type { OutgoingMessage, SendTarget, SentMessage } from './messages';

/**
 * The outbox's records: every proactive message is saved as one of these
 * before it is sent (services/outbox, services/store/outbox-repository.ts).
 */

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'parked';

/** How a failed attempt was classified (see services/outbox/delivery.ts). */
export type OutboxErrorKind = 'throttled' | 'transient' | 'gone' | 'permanent' | 'interrupted' | 'unexpected';

export interface OutboxError {
  readonly at: string;
  readonly kind: OutboxErrorKind;
  /** Technical detail for admins and logs; never message content. */
  readonly message: string;
  readonly status?: number;
  /** Teams' Retry-After on a 429, when it gave one: the wait was Teams' to set, so it does not lengthen the backoff. */
  readonly retryAfterMs?: number;
  readonly attempt: number;
}

/** Optional pointer to the record that caused the send (for example a round), for a follow-up once sent. */
export interface OutboxSource {
  readonly type: string;
  readonly id: string;
}

export interface OutboxItem {
  readonly pcnId: string;
  /** The idempotency key, for example `quick-check:2027-Q1:<practiceId>`; also sent to Teams in channelData. */
  readonly key: string;
  readonly target: SendTarget;
  readonly message: OutgoingMessage;
  /** When set, update this posted activity (in target.address) instead of sending a new message. */
  readonly replaceActivityId?: string;
  readonly status: OutboxStatus;
  /** Send attempts started (claims), including ones a crash interrupted. */
  readonly attempts: number;
  /** Pending: not before this instant (ISO). */
  readonly nextAttemptAt: string;
  /** Sending: the instance holding the item, and when its claim lapses and another may take it over. */
  readonly claimedBy?: string;
  readonly claimExpiresAt?: string;
  readonly lastError?: OutboxError;
  /** The most recent errors, newest last, at most MAX_ERROR_HISTORY. */
  readonly errors: readonly OutboxError[];
  readonly sent?: SentMessage;
  readonly source?: OutboxSource;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sentAt?: string;
  readonly parkedAt?: string;
}

/** What a caller supplies to queue a message. */
export interface NewOutboxItem {
  readonly pcnId: string;
  readonly key: string;
  readonly target: SendTarget;
  readonly message: OutgoingMessage;
  readonly replaceActivityId?: string;
  readonly source?: OutboxSource;
  /** Send no earlier than this (default: now). */
  readonly notBefore?: Date;
}

export interface ParkedSummary {
  readonly key: string;
  readonly parkedAt?: string;
  readonly attempts: number;
  readonly error?: OutboxError;
}

export interface RetryingSummary {
  readonly key: string;
  readonly nextAttemptAt: string;
  readonly attempts: number;
  readonly error?: OutboxError;
}

/** What the admin `status` command shows for a PCN. */
export interface OutboxStatusReport {
  readonly pcnId: string;
  readonly counts: Readonly<Record<OutboxStatus, number>>;
  /** Parked items, most recently parked first, with the reason (at most 10). */
  readonly parked: readonly ParkedSummary[];
  /** Pending items that have failed before and are waiting for another try, soonest first (at most 10). */
  readonly retrying: readonly RetryingSummary[];
  /** When the oldest item still waiting was queued. */
  readonly oldestPendingSince?: string;
}
