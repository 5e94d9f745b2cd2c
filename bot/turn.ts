import { type Activity, TurnContext } from 'botbuilder';
import type { ConversationAddress, Person } from '../services/domain';
import { pcnIdFor } from '../services/domain';

/** What a handler needs to know about the turn, lifted out of the Teams activity once. */
export interface TurnInfo {
  readonly tenantId: string;
  readonly user: Person;
  /** Where this activity came from (a channel thread, a 1:1 chat or a group chat). */
  readonly address: ConversationAddress;
  /** Set when the activity comes from a team channel. */
  readonly team?: { readonly teamId: string; readonly aadGroupId?: string; readonly name?: string };
  /** The PCN this team is, when in a team. */
  readonly pcnId?: string;
}

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string; name?: string; aadGroupId?: string };
  channel?: { id?: string; name?: string };
}

/** Reads tenant, user, team and conversation from an activity; undefined if it lacks what every Teams activity has. */
export function readTurn(activity: Partial<Activity>): TurnInfo | undefined {
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const tenantId = data.tenant?.id ?? activity.conversation?.tenantId;
  const conversationId = activity.conversation?.id;
  if (!tenantId || !conversationId || !activity.serviceUrl || !activity.from?.id || !activity.recipient?.id) return undefined;
  const user: Person = { aadObjectId: activity.from.aadObjectId ?? activity.from.id, name: activity.from.name ?? 'Someone' };
  const teamId = data.team?.id;
  const conversationType = teamId
    ? 'channel'
    : activity.conversation?.conversationType === 'groupChat'
      ? 'groupChat'
      : 'personal';
  const address: ConversationAddress = {
    conversationId,
    serviceUrl: activity.serviceUrl,
    tenantId,
    botId: activity.recipient.id,
    botName: activity.recipient.name,
    channelId: data.channel?.id ?? teamId,
    user: conversationType === 'personal' ? user : undefined,
    isGroup: conversationType !== 'personal',
    conversationType,
  };
  const team = teamId ? { teamId, aadGroupId: data.team?.aadGroupId, name: data.team?.name } : undefined;
  return { tenantId, user, address, team, pcnId: team ? pcnIdFor(tenantId, team.teamId) : undefined };
}

/** The address of the team's General channel (its id equals the team id), for the PCN's own reference. */
export function generalChannelAddress(turn: TurnInfo): ConversationAddress | undefined {
  if (!turn.team) return undefined;
  return { ...turn.address, conversationId: turn.team.teamId, channelId: turn.team.teamId, conversationType: 'channel' };
}

/** The message text with the bot's @mention removed, trimmed, spaces folded. */
export function commandText(context: TurnContext): string {
  const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return text
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
