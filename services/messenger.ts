import type { ConversationAddress } from './domain';
import type { OutgoingMessage, SendTarget, SentMessage } from './domain/messages';

/**
 * The Messenger port: how services send to Teams without knowing botbuilder.
 * The Teams implementation lives in bot/; tests use the loopback connector.
 */

export type { OutgoingMessage, SendTarget, SentMessage } from './domain/messages';

/** Per-send options the dispatcher passes to the Messenger. */
export interface SendOptions {
  /** The outbox key; the Teams implementation puts it in activity.channelData.idempotencyKey so duplicates can be traced. */
  readonly idempotencyKey?: string;
}

export interface Messenger {
  send(target: SendTarget, message: OutgoingMessage, options?: SendOptions): Promise<SentMessage>;
  /** Replace a posted message (a card updated in place). */
  update(address: ConversationAddress, activityId: string, message: OutgoingMessage, options?: SendOptions): Promise<void>;
}

/** Teams said slow down (429). */
export class ThrottledError extends Error {
  constructor(readonly retryAfterMs?: number) {
    super(`Throttled by Teams${retryAfterMs !== undefined ? `; retry after ${retryAfterMs} ms` : ''}`);
    this.name = 'ThrottledError';
  }
}

/** Worth retrying: 412, 502, 503, 504 or a network fault. */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

/** The bot is no longer in that conversation (403 BotNotInConversationRoster, 404): retire the reference. */
export class GoneError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GoneError';
  }
}

/** Will never succeed as it stands (400, 401, 413...): park it with the error. */
export class PermanentError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}
