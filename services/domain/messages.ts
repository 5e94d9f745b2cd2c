import type { ConversationAddress, Person } from './pcn';

/** What to send. A card is Adaptive Card JSON produced by a render function in cards/. */
export interface OutgoingMessage {
  readonly text?: string;
  readonly card?: object;
  /** People @mentioned in `text` (written there as <at>Name</at>). */
  readonly mentions?: readonly Person[];
  /** Shown in notifications and the activity feed. */
  readonly summary?: string;
}

export type SendTarget =
  /** Start a new thread in a team channel. */
  | { readonly kind: 'newThread'; readonly address: ConversationAddress; readonly channelId: string }
  /** Send into an existing conversation: a 1:1 chat, or a thread (`<channelId>;messageid=<rootId>`). */
  | { readonly kind: 'conversation'; readonly address: ConversationAddress };

export interface SentMessage {
  /** The conversation the message landed in (for a new thread: `<channelId>;messageid=<id>`). */
  readonly conversationId: string;
  readonly activityId: string;
}
