import type { Messenger, SendOptions, SendTarget } from '../messenger';

/** The Messenger port as the dispatcher calls it (with the idempotency key). */
export type DeliveryMessenger = Messenger;
export type { SendOptions };

/**
 * The conversation whose per-thread limits a send counts against: a new
 * thread counts against its channel; a 1:1 chat not yet opened, against its user.
 */
export function conversationKey(target: SendTarget): string {
  if (target.kind === 'newThread') return target.channelId;
  const { conversationId, user } = target.address;
  return conversationId || `user:${user?.aadObjectId ?? 'unknown'}`;
}
