/**
 * Public types of the loopback Teams connector (see ../teams-connector.ts).
 * Kept free of botbuilder so benchmarks and e2e tests can use them anywhere.
 */

/** The Bot Framework REST operation a request maps to, named as in botframework-connector. */
export type ConnectorOperation =
  | 'createConversation'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getConversationMembers'
  | 'getConversationMember'
  | 'getConversationPagedMembers'
  | 'fetchTeamDetails'
  | 'fetchChannelList'
  | 'unknown';

/** Operations that post, change or remove a message: the default target of random faults. */
export const MESSAGE_OPERATIONS: readonly ConnectorOperation[] = [
  'createConversation',
  'sendToConversation',
  'replyToActivity',
  'updateActivity',
  'deleteActivity',
];

/** A person in the tenant, as Teams describes them in roster calls. */
export interface RosterMember {
  /** The Teams user id (`29:...`). */
  readonly id: string;
  /** Microsoft Entra object id. */
  readonly aadObjectId: string;
  readonly name: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
  readonly givenName?: string;
  readonly surname?: string;
}

export interface TeamChannel {
  /** `19:...@thread.tacv2`. */
  readonly id: string;
  /** Teams lists General without a name; give one for every other channel. */
  readonly name?: string;
}

export interface TeamConfig {
  /** The team id, which is also the General channel's id. */
  readonly id: string;
  readonly aadGroupId: string;
  readonly name: string;
  /** Channels besides General; General (id = team id) is always listed first. */
  readonly channels?: readonly TeamChannel[];
  /** The team's roster; defaults to every member given in the options. */
  readonly members?: readonly RosterMember[];
}

/** One sliding window: at most `limit` requests in any `windowMs`. */
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitOptions {
  /** Per conversation (thread) windows; default Teams': 7/1 s, 8/2 s, 60/30 s, 1800/hour. */
  readonly perThread?: readonly RateWindow[];
  /** Requests per second across every conversation; default 50. */
  readonly globalPerSecond?: number;
  /** Multiplies every limit (not the windows): 0.5 halves them, 10 makes them ten times looser. */
  readonly scale?: number;
}

/** Chance (0..1) of each fault per eligible request; the sum must not exceed 1. */
export interface FaultProbabilities {
  readonly throttledWithRetryAfter?: number;
  readonly throttledWithoutRetryAfter?: number;
  readonly serviceUnavailable503?: number;
  readonly badGateway502?: number;
  readonly preconditionFailed412?: number;
}

export interface RandomFaultOptions {
  /** Seed for the PRNG: the same seed and the same request order give the same faults. */
  readonly seed?: number;
  readonly probabilities?: FaultProbabilities;
  /** The Retry-After (seconds) sent with an injected 429; default 1. */
  readonly retryAfterSeconds?: number;
  /** Which operations may fail; default MESSAGE_OPERATIONS. */
  readonly operations?: readonly ConnectorOperation[];
}

/** A fault always answered for one conversation (and, for a channel, its threads). */
export interface ScriptedFault {
  /** A conversation id; a channel id also covers its threads (`<id>;messageid=...`) and new threads in it. */
  readonly conversationId: string;
  readonly status: number;
  /** Teams error code; defaults from the status (403 BotNotInConversationRoster, 404 ConversationNotFound...). */
  readonly code?: string;
  readonly message?: string;
  /** Sent as the Retry-After header (seconds). */
  readonly retryAfterSeconds?: number;
  /** Only these operations fail; default all. */
  readonly operations?: readonly ConnectorOperation[];
  /** How many requests fail before the fault clears itself; default for ever. */
  readonly times?: number;
}

export interface TeamsConnectorOptions {
  readonly tenantId?: string;
  readonly teams?: readonly TeamConfig[];
  /** Everyone in the tenant the connector knows (1:1 chats, rosters of unknown conversations). */
  readonly members?: readonly RosterMember[];
  /** Milliseconds since the epoch; inject a fake to drive the rate limiter without waiting. */
  readonly now?: () => number;
  /** Teams' limits by default; `false` turns throttling off. */
  readonly limits?: RateLimitOptions | false;
  readonly faults?: RandomFaultOptions;
  readonly scriptedFaults?: readonly ScriptedFault[];
  /** Largest accepted body in bytes; default 100 KB (102,400). Above it: 413 MessageSizeTooBig. */
  readonly maxBodyBytes?: number;
  /** The Agents Playground answers DELETE with 501; set true to delete like Teams does. */
  readonly supportDelete?: boolean;
  /**
   * Milliseconds before each answer, as Teams takes 100 to 300 ms. A message
   * is accepted (recorded, visible) on arrival and answered after this: a bot
   * killed meanwhile has posted it without learning its id, as with Teams.
   */
  readonly latencyMs?: number;
}

/** The slice of a Bot Framework activity the connector reads; the rest is kept as sent. */
export interface ConnectorActivity {
  readonly type?: string;
  readonly id?: string;
  readonly text?: string;
  readonly summary?: string;
  readonly replyToId?: string;
  readonly attachments?: readonly { readonly contentType: string; readonly content?: unknown }[];
  readonly channelData?: { readonly idempotencyKey?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** Every HTTP request the bot made, whatever the answer. */
export interface RecordedRequest {
  /** 1-based arrival order. */
  readonly seq: number;
  readonly method: string;
  /** The path as sent (still URL-encoded), with its query string. */
  readonly path: string;
  readonly operation: ConnectorOperation;
  /** Decoded conversation id from the path (for createConversation: the one created, when it succeeded). */
  readonly conversationId?: string;
  readonly activityId?: string;
  readonly teamId?: string;
  /** The parsed JSON body (undefined for GET, DELETE or an unreadable body). */
  readonly body?: unknown;
  /** The activity in the body: the body itself for send/reply/update, `body.activity` for createConversation. */
  readonly activity?: ConnectorActivity;
  readonly idempotencyKey?: string;
  readonly authorization?: string;
  readonly status: number;
  /** Error code answered with a failure (Throttled, BotNotInConversationRoster...). */
  readonly errorCode?: string;
  /** `now()` when the request arrived. */
  readonly at: number;
}

export type DeliveryKind = 'newThread' | 'newChat' | 'send' | 'reply' | 'update';

/** An activity Teams accepted: a new message, or a new version of one (kind 'update'). */
export interface SentActivity {
  readonly seq: number;
  readonly kind: DeliveryKind;
  /** The conversation it landed in (a new thread's id is `<channelId>;messageid=<activityId>`). */
  readonly conversationId: string;
  readonly activityId: string;
  readonly replyToId?: string;
  readonly activity: ConnectorActivity;
  readonly idempotencyKey?: string;
  readonly at: number;
}

/** A message as a Teams user would now see it, after any updates. */
export interface VisibleMessage {
  readonly conversationId: string;
  readonly activityId: string;
  readonly activity: ConnectorActivity;
  readonly versions: number;
  readonly deleted: boolean;
}
