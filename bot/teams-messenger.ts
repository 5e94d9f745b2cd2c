import type { Activity, CloudAdapter, ConversationParameters, ConversationReference, Mention } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { ConversationAddress } from '../services/domain';
import type { Messenger, OutgoingMessage, SendTarget, SentMessage } from '../services/messenger';
import { GoneError, PermanentError, ThrottledError, TransientError } from '../services/messenger';
import type { SendOptions } from '../services/outbox/ports';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const THREAD_MARKER = ';messageid=';
/** 403 codes meaning the bot can no longer post there: the reference is dead. */
const GONE_403_CODES = new Set(['BotNotInConversationRoster', 'ConversationBlockedByUser']);
const TRANSIENT_STATUSES = new Set([408, 412, 502, 503, 504]);

export interface TeamsMessengerOptions {
  /** The bot's Microsoft App ID; empty in local mode (auth off). */
  readonly appId?: string;
  /**
   * Keep botbuilder's own HTTP retries (default false). They retry a 429
   * with Retry-After and 5xx several times inside one call, unseen by the
   * dispatcher's rate limiter and holding its send slot for seconds; with
   * them off, every request is counted and every retry is the outbox's.
   */
  readonly sdkRetries?: boolean;
  /**
   * Give up on a request after this long (default 30 s), so a hung connection
   * cannot hold a send (and its outbox claim) for ever; the outbox retries it.
   */
  readonly timeoutMs?: number;
}

/** The shape of botbuilder's HTTP errors (@azure/core-rest-pipeline RestError), read defensively. */
interface RestErrorLike {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly response?: { readonly headers?: { get?(name: string): string | undefined } };
}

/** Retry-After is seconds or an HTTP date; returned in ms, or undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Maps a failed Bot Connector call to the Messenger port's typed errors, as
 * Teams documents them: 429 throttled; 412, 502, 503, 504 and network faults
 * worth retrying; 403 BotNotInConversationRoster and 404 mean the bot is
 * gone from that conversation; anything else will not succeed as it stands.
 */
export function toDeliveryError(error: unknown): Error {
  if (
    error instanceof ThrottledError ||
    error instanceof TransientError ||
    error instanceof GoneError ||
    error instanceof PermanentError
  ) {
    return error;
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as RestErrorLike;
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const detail = `${status ?? 'no status'} ${e.code ?? ''} ${e.message ?? String(error)}`.replace(/\s+/g, ' ').trim();
  if (status === 429) return new ThrottledError(retryAfterMs(e.response?.headers?.get?.('retry-after')));
  if (status === 404 || (status === 403 && GONE_403_CODES.has(e.code ?? ''))) return new GoneError(detail, status);
  if (status !== undefined && TRANSIENT_STATUSES.has(status)) return new TransientError(detail, status);
  // No HTTP status but a system error code (ECONNRESET, ETIMEDOUT...), a RestError or a timeout's abort: the network failed.
  const name = error instanceof Error ? error.name : '';
  if (status === undefined && (typeof e.code === 'string' || ['RestError', 'AbortError', 'TimeoutError'].includes(name))) {
    return new TransientError(detail);
  }
  return new PermanentError(detail, status);
}

/** `19:x@thread.tacv2;messageid=1700` -> { conversationId, activityId: '1700' }. */
export function splitThreadId(threadId: string): { conversationId: string; activityId?: string } {
  const cut = threadId.indexOf(THREAD_MARKER);
  return { conversationId: threadId, activityId: cut < 0 ? undefined : threadId.slice(cut + THREAD_MARKER.length) };
}

/** A ConversationReference rebuilt from the stored address, for continueConversationAsync. */
export function referenceFor(
  address: ConversationAddress,
  conversationId = address.conversationId,
): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: address.serviceUrl,
    bot: { id: address.botId, name: address.botName ?? '' },
    conversation: {
      id: conversationId,
      isGroup: address.isGroup,
      conversationType: address.conversationType,
      tenantId: address.tenantId,
      name: '',
    },
    user: address.user
      ? { id: address.user.aadObjectId, name: address.user.name, aadObjectId: address.user.aadObjectId }
      : undefined,
  };
}

/** The activity Teams receives: text with @mentions, an Adaptive Card, and the idempotency key in channelData. */
export function activityFor(message: OutgoingMessage, options: SendOptions = {}): Partial<Activity> {
  const mentions: Mention[] = (message.mentions ?? []).map((p) => ({
    type: 'mention',
    text: `<at>${p.name}</at>`,
    mentioned: { id: p.aadObjectId, name: p.name, aadObjectId: p.aadObjectId },
  }));
  return {
    type: 'message',
    text: message.text,
    summary: message.summary,
    attachments: message.card ? [{ contentType: ADAPTIVE_CARD, content: message.card }] : undefined,
    entities: mentions.length > 0 ? mentions : undefined,
    channelData: options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : undefined,
  };
}

/** Turns off the HTTP client's built-in retry policy (see TeamsMessengerOptions.sdkRetries). */
function withoutSdkRetries(client: ConnectorClient): void {
  // The pipeline is private in the typings; reached for carefully, and left alone if its shape ever changes.
  const inner = (client as unknown as { client?: { pipeline?: { removePolicy?(p: { name: string }): unknown } } }).client;
  inner?.pipeline?.removePolicy?.({ name: 'defaultRetryPolicy' });
}

/** Bot Connector clients kept at once; Teams uses a handful of regional service URLs. */
const MAX_CLIENTS = 32;

/**
 * The Messenger port over botbuilder's CloudAdapter. Every call uses a Bot
 * Connector client directly, obtained from a proactive turn
 * (continueConversationAsync with the stored address) and then kept, one per
 * serviceUrl: building a client per send costs more CPU than the send, and
 * each new client brings its own HTTP agent, so every send would open a new
 * connection. A kept client renews its token itself before it expires.
 * Errors are caught here, so the adapter's onTurnError (which would post an
 * apology into the conversation) never sees them, and are rethrown as the
 * port's typed errors.
 */
export class TeamsMessenger implements Messenger {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly options: TeamsMessengerOptions = {},
  ) {}

  async send(target: SendTarget, message: OutgoingMessage, options: SendOptions = {}): Promise<SentMessage> {
    const activity = activityFor(message, options);
    const address = target.address;
    if (target.kind === 'newThread') {
      return this.withConnector(address, address.conversationId, async (client) => {
        // TeamsInfo.sendMessageToTeamsChannel does the same call but keeps only the id; the response also has the activity id.
        const created = await client.conversations.createConversation(
          this.newThreadParameters(address, target.channelId, activity),
          this.request(),
        );
        const activityId = created.activityId || splitThreadId(created.id).activityId;
        if (!activityId) throw new PermanentError(`Teams started a thread without a message id (${created.id})`);
        return { conversationId: created.id, activityId };
      });
    }
    if (!address.conversationId) {
      if (!address.user) throw new PermanentError('A 1:1 message needs a conversation id or the user to open one with');
      return this.withConnector(address, address.conversationId, async (client) => {
        const chat = await client.conversations.createConversation(this.chatParameters(address), this.request());
        const sent = await client.conversations.sendToConversation(chat.id, activity, this.request());
        return { conversationId: chat.id, activityId: sent.id };
      });
    }
    return this.withConnector(address, address.conversationId, async (client) => {
      // Into a thread (`<channelId>;messageid=<rootId>`) this posts a reply; into a 1:1 chat, a message.
      const sent = await client.conversations.sendToConversation(address.conversationId, activity, this.request());
      return { conversationId: address.conversationId, activityId: sent.id };
    });
  }

  async update(
    address: ConversationAddress,
    activityId: string,
    message: OutgoingMessage,
    options: SendOptions = {},
  ): Promise<void> {
    const activity = { ...activityFor(message, options), id: activityId };
    try {
      await this.withConnector(address, address.conversationId, async (client) => {
        await client.conversations.updateActivity(address.conversationId, activityId, activity, this.request());
      });
    } catch (error) {
      // A 404 here is most often the one message gone (someone deleted the card), not the conversation:
      // park this update alone rather than retire a channel or a lead's chat that still works.
      if (error instanceof GoneError && error.status === 404) {
        throw new PermanentError(`The message to update was not found (it may have been deleted): ${error.message}`, 404);
      }
      throw error;
    }
  }

  private request(): { timeout: number } {
    return { timeout: this.options.timeoutMs ?? 30_000 };
  }

  private newThreadParameters(
    address: ConversationAddress,
    channelId: string,
    activity: Partial<Activity>,
  ): ConversationParameters {
    return {
      isGroup: true,
      bot: { id: address.botId, name: address.botName ?? '' },
      tenantId: address.tenantId,
      channelData: { channel: { id: channelId }, tenant: { id: address.tenantId } },
      activity: activity as Activity,
    };
  }

  private chatParameters(address: ConversationAddress): ConversationParameters {
    const user = address.user as NonNullable<ConversationAddress['user']>;
    return {
      isGroup: false,
      bot: { id: address.botId, name: address.botName ?? '' },
      // Teams accepts the user's Entra object id in place of their Teams id here.
      members: [{ id: user.aadObjectId, name: user.name }],
      tenantId: address.tenantId,
      channelData: { tenant: { id: address.tenantId } },
    };
  }

  private async withConnector<T>(
    address: ConversationAddress,
    conversationId: string,
    work: (client: ConnectorClient) => Promise<T>,
  ): Promise<T> {
    try {
      return await work(await this.client(address, conversationId));
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** The kept client for the address's serviceUrl, made on first use. */
  private client(address: ConversationAddress, conversationId: string): Promise<ConnectorClient> {
    const key = address.serviceUrl;
    let client = this.clients.get(key);
    if (!client) {
      if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value as string);
      const made = this.newClient(address, conversationId);
      client = made;
      this.clients.set(key, made);
      // A failure (the token service was down) must not stick: the next send tries again.
      made.catch(() => {
        if (this.clients.get(key) === made) this.clients.delete(key);
      });
    }
    return client;
  }

  /** A client as the adapter makes one for a proactive turn: its credentials, audience and options. */
  private async newClient(address: ConversationAddress, conversationId: string): Promise<ConnectorClient> {
    let client: ConnectorClient | undefined;
    // Failures before the turn starts (credentials, token service) surface as this call's rejection.
    await this.adapter.continueConversationAsync(
      this.options.appId ?? '',
      referenceFor(address, conversationId),
      async (context) => {
        client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      },
    );
    if (!client) throw new PermanentError('The adapter gave the proactive turn no connector client');
    if (!this.options.sdkRetries) withoutSdkRetries(client);
    return client;
  }
}
