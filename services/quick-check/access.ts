import type { ConversationAddress, Pcn, Person, Practice } from '../domain';
import { ForbiddenError, NotFoundError } from '../errors';
import type { Store } from '../store';
import type { Stored } from '../store/documents';

/** Who may do what in the quick check, and where the PCN's cards go. Shared by the quick-check services. */

export const NO_PCN = "I don't have a record of this PCN yet. Please remove me from the team and add me again.";

export async function requirePcn(store: Store, pcnId: string): Promise<Stored<Pcn>> {
  const pcn = await store.pcns.get(pcnId);
  if (!pcn) throw new NotFoundError(NO_PCN);
  return pcn;
}

export function isPcnAdmin(pcn: Pcn, person: Person): boolean {
  return pcn.admins.some((a) => a.aadObjectId === person.aadObjectId);
}

export function isLeadOf(practice: Practice, person: Person): boolean {
  return practice.leads.some((l) => l.aadObjectId === person.aadObjectId);
}

export function requireAdmin(pcn: Pcn, person: Person, what: string): void {
  if (!isPcnAdmin(pcn, person)) {
    throw new ForbiddenError(`Only a PCN admin can ${what}. Ask one of your PCN admins (${adminNames(pcn)}).`);
  }
}

/** The practice's leads, or a PCN admin, may answer for it; anyone else is told who can. */
export function requireAnswerer(pcn: Pcn, practice: Practice, person: Person): void {
  if (isLeadOf(practice, person) || isPcnAdmin(pcn, person)) return;
  const leads = practice.leads.map((l) => l.name);
  const who = leads.length ? `${practice.name}'s practice leads (${leads.join(', ')})` : `${practice.name}'s practice leads`;
  throw new ForbiddenError(
    `Thanks, but only ${who} or a PCN admin can answer this quick check, so I have not recorded anything. If you should be a lead for ${practice.name}, ask a PCN admin to add you with setup.`,
  );
}

function adminNames(pcn: Pcn): string {
  return pcn.admins.length ? pcn.admins.map((a) => a.name).join(', ') : 'none recorded';
}

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
