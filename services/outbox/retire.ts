import type { Clock } from '../clock';
import type { SendTarget } from '../messenger';
import type { Store } from '../store';

/** Marks the stored address a send failed with as no longer usable (Teams said the bot is gone). */
export type RetireAddress = (pcnId: string, target: SendTarget, failedAt: Date) => Promise<void>;

/** `19:x@thread.tacv2;messageid=17` -> `19:x@thread.tacv2`: a thread's reference is its channel's. */
function baseConversation(conversationId: string): string {
  const cut = conversationId.indexOf(';messageid=');
  return cut < 0 ? conversationId : conversationId.slice(0, cut);
}

/**
 * Retires references in the store: the conversation record(s) in the PCN's
 * partition, and for a 1:1 chat the user's record. A record refreshed after
 * the failure (the bot was added back meanwhile) is left alone, and every
 * write is ETag-checked (the repositories' update) so it cannot undo a newer
 * installation.
 */
export function retireInStore(store: Pick<Store, 'conversations' | 'users'>, clock: Clock): RetireAddress {
  const retired = <T extends { readonly active: boolean; readonly updatedAt: string }>(current: T, failedAt: Date) =>
    !current.active || current.updatedAt > failedAt.toISOString()
      ? undefined
      : { ...current, active: false, updatedAt: clock.now().toISOString() };

  return async (pcnId, target, failedAt) => {
    const address = target.address;
    const ids = new Set([address.conversationId, baseConversation(address.conversationId)].filter((id) => id !== ''));
    if (target.kind === 'newThread') ids.add(target.channelId);
    for (const id of ids) await store.conversations.update(pcnId, id, (current) => retired(current, failedAt));
    const user = address.conversationType === 'personal' ? address.user : undefined;
    if (user) {
      await store.users.update(address.tenantId, user.aadObjectId, (current) =>
        // Only the chat that failed: a newer chat with the same person stays usable.
        current.address?.conversationId === address.conversationId ? retired(current, failedAt) : undefined,
      );
    }
  };
}
