import { GoneError, PermanentError, ThrottledError, TransientError } from '../messenger';
import type { OutboxError } from '../store/outbox-repository';

/** What to do after a failed attempt: try again later, or give up (park) and maybe retire the address. */
export type Decision =
  | { readonly action: 'retry'; readonly delayMs: number; readonly error: OutboxError; readonly pauseConversationMs?: number }
  | { readonly action: 'park'; readonly error: OutboxError; readonly retire: boolean };

export interface RetryPolicy {
  /** First backoff step (ms); default 1 s. */
  readonly baseMs: number;
  /** Longest wait between attempts (ms); default 5 minutes. */
  readonly capMs: number;
  /** After this many attempts a retryable failure parks the item instead; default 20. */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1_000, capMs: 300_000, maxAttempts: 20 };

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half
 * random, so retries from many items spread out but none comes back at once.
 * `attempt` is 1 for the first retry.
 */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/**
 * Classifies a failed send (Messenger's typed errors) into retry or park.
 * Throttling honours Retry-After when Teams gives one; otherwise it and the
 * transient faults back off exponentially. Anything unknown is treated as
 * transient, so a bug cannot lose a message, but it still parks after
 * `maxAttempts` so it cannot loop for ever.
 */
export function decide(
  error: unknown,
  attempt: number,
  at: Date,
  policy: RetryPolicy,
  random: () => number,
  /** Which backoff step this failure is (1 for the first); default `attempt`. See backoffStep. */
  step = attempt,
): Decision {
  const base = { at: at.toISOString(), attempt, message: describe(error) };
  if (error instanceof GoneError) {
    return { action: 'park', retire: true, error: { ...base, kind: 'gone', status: error.status } };
  }
  if (error instanceof PermanentError) {
    return { action: 'park', retire: false, error: { ...base, kind: 'permanent', status: error.status } };
  }
  const failure: OutboxError =
    error instanceof ThrottledError
      ? { ...base, kind: 'throttled', status: 429, ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }) }
      : error instanceof TransientError
        ? { ...base, kind: 'transient', status: error.status }
        : { ...base, kind: 'unexpected' };
  if (attempt >= policy.maxAttempts) {
    return {
      action: 'park',
      retire: false,
      error: { ...failure, message: `Gave up after ${attempt} attempts. ${failure.message}` },
    };
  }
  if (error instanceof ThrottledError && error.retryAfterMs !== undefined) {
    // A little jitter on top, so items held by one Retry-After do not all return in the same millisecond.
    // Small: the conversation is held for the Retry-After anyway, and every ms here is a ms of the fan-out's tail.
    const delayMs = error.retryAfterMs + Math.round(random() * Math.min(100, policy.baseMs));
    return { action: 'retry', delayMs, error: failure, pauseConversationMs: error.retryAfterMs };
  }
  return { action: 'retry', delayMs: backoffMs(step, policy, random), error: failure };
}

/**
 * The backoff step for an item's next failure: one more than the failures
 * before it that left the wait to us. A 429 with Retry-After said how long
 * to wait, and was waited; an attempt a crash interrupted was not Teams'
 * answer at all. Neither lengthens the next backoff, or an item caught in a
 * throttle or a restart would wait seconds longer on its next fault.
 */
export function backoffStep(errors: readonly OutboxError[]): number {
  const escalating = errors.filter((e) => e.kind !== 'interrupted' && !(e.kind === 'throttled' && e.retryAfterMs !== undefined));
  return 1 + escalating.length;
}
