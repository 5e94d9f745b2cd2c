import type { Clock } from '../clock';
import type { ConversationRecord, UserRecord } from '../domain';
import { tenantPartition } from '../domain';
import type { SendTarget } from '../messenger';
import type { DocumentStore, Stored } from '../store/documents';
import { docId, updateWithRetry } from '../store/doc-helpers';

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
 * write is ETag-checked so it cannot undo a newer installation.
 */
export function retireInStore(docs: DocumentStore, clock: Clock): RetireAddress {
  const retire = async <T extends { active: boolean; updatedAt: string }>(
    read: () => Promise<Stored<T> | undefined>,
    failedAt: Date,
  ): Promise<void> => {
    await updateWithRetry<T>(
      read,
      (next) => docs.replace<T>(next, next.etag),
      (current) =>
        !current.active || current.updatedAt > failedAt.toISOString()
          ? undefined
          : { ...current, active: false, updatedAt: clock.now().toISOString() },
    );
  };

  return async (pcnId, target, failedAt) => {
    const address = target.address;
    const ids = new Set([address.conversationId, baseConversation(address.conversationId)].filter((id) => id !== ''));
    if (target.kind === 'newThread') ids.add(target.channelId);
    for (const id of ids) {
      await retire<ConversationRecord>(
        () => docs.get<ConversationRecord>(pcnId, 'conversationRef', docId('conversationRef', id)),
        failedAt,
      );
    }
    const user = address.conversationType === 'personal' ? address.user : undefined;
    if (user) {
      const read = async () => {
        const record = await docs.get<UserRecord>(
          tenantPartition(address.tenantId),
          'userRef',
          docId('userRef', user.aadObjectId),
        );
        // Only the chat that failed: a newer chat with the same person stays usable.
        return record?.address?.conversationId === address.conversationId ? record : undefined;
      };
      await retire<UserRecord>(read, failedAt);
    }
  };
}
