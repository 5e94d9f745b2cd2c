import type { ConversationAddress, Pcn, Person } from '../domain';
import type { Store } from '../store';

/** Where the quick check's cards go: the PCN's posting channel, and each lead's 1:1 chat. */

/**
 * Where the PCN's cards go: the chosen posting channel. The stored
 * reference is preferred (its serviceUrl is refreshed on every activity);
 * without one, the address is built from the PCN record, which holds the
 * same fields.
 */
export async function postingChannelAddress(store: Store, pcn: Pcn): Promise<ConversationAddress> {
  const channelId = pcn.postingChannel.id;
  const ref = (await store.conversations.get(pcn.pcnId, channelId)) ?? (await store.conversations.get(pcn.pcnId, pcn.teamId));
  const base: ConversationAddress = ref?.address ?? {
    conversationId: channelId,
    serviceUrl: pcn.serviceUrl,
    tenantId: pcn.tenantId,
    botId: pcn.botId,
    isGroup: true,
    conversationType: 'channel',
  };
  return {
    ...base,
    serviceUrl: pcn.serviceUrl,
    conversationId: channelId,
    channelId,
    user: undefined,
    isGroup: true,
    conversationType: 'channel',
  };
}

/** A lead's 1:1 chat with the bot, when they have one and it is still active. */
export async function personalAddress(store: Store, tenantId: string, person: Person): Promise<ConversationAddress | undefined> {
  const record = await store.users.get(tenantId, person.aadObjectId);
  return record?.active && record.address ? record.address : undefined;
}
