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

/** The kinds of message the bot queues, as `status` names them. */
export type OutboxMessageKind =
  | 'quick check'
  | 'quick check reminder'
  | 'second quick check reminder'
  | 'quick check advice'
  | 'answered card'
  | 'closed card'
  | 'plan announcement'
  | 'weekly digest'
  | 'refresh reminder'
  | 'reply';

/**
 * What a queued message is, in the words people use, saved by the service
 * that queues it, so the `status` card can name it ("Quick check advice for
 * Riverside Medical Centre, Q4 2026/27 ...") without reading keys or ids.
 */
export interface OutboxAbout {
  readonly what: OutboxMessageKind;
  readonly practiceName?: string;
  /** The quarter as quarterLabel gives it when queued. */
  readonly quarterLabel?: string;
  /** For a message to one person (a 1:1 chat): their name. */
  readonly recipientName?: string;
  /** The days it is about ("Monday 7 December 2026"; the digest's fortnight). */
  readonly daysLabel?: string;
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
  /** What the message is, for people (status); absent on items queued before it existed. */
  readonly about?: OutboxAbout;
  /** A reply someone is waiting for (Outbox.enqueueReply): sent before the rest of what is due. */
  readonly urgent?: boolean;
  /** Set while the item waits to be tried again after a failed attempt, so status finds those with one query. */
  readonly awaitingRetry?: boolean;
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
  /** What the message is, for people: the status card shows this, never the key. */
  readonly about?: OutboxAbout;
  /** Send no earlier than this (default: now). */
  readonly notBefore?: Date;
  /** A reply someone is waiting for: first in line (Outbox.enqueueReply sets it). */
  readonly urgent?: boolean;
}

export interface ParkedSummary {
  /** For the "Try again" button only: never shown. */
  readonly key: string;
  readonly about?: OutboxAbout;
  readonly createdAt: string;
  readonly parkedAt?: string;
  readonly attempts: number;
  readonly error?: OutboxError;
}

export interface RetryingSummary {
  readonly key: string;
  readonly about?: OutboxAbout;
  readonly createdAt: string;
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
