import { teamsFault, type FaultAnswer } from './faults';
import type { Route } from './http';
import type { Recorder } from './recorder';
import type { Roster } from './roster';
import type { ConnectorActivity, DeliveryKind } from './types';

export interface HandlerContext {
  readonly roster: Roster;
  readonly recorder: Recorder;
  readonly nextActivityId: () => string;
  readonly supportDelete: boolean;
}

export interface Incoming {
  readonly route: Route;
  readonly body: unknown;
  readonly activity?: ConnectorActivity;
  readonly idempotencyKey?: string;
  readonly at: number;
}

export type Outcome =
  | {
      readonly kind: 'ok';
      readonly status: number;
      readonly body?: unknown;
      readonly conversationId?: string;
      readonly activityId?: string;
    }
  | { readonly kind: 'fault'; readonly fault: FaultAnswer };

interface CreateParameters {
  readonly isGroup?: boolean;
  readonly members?: readonly { readonly id?: string }[];
  readonly channelData?: { readonly channel?: { readonly id?: string } };
  readonly activity?: ConnectorActivity;
}

const badArgument = (message: string): Outcome => ({ kind: 'fault', fault: teamsFault(400, 'BadArgument', message) });
const notFound = (code: string, message: string): Outcome => ({ kind: 'fault', fault: teamsFault(404, code, message) });

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The activity a request carries: the body for send/reply/update, `body.activity` for createConversation. */
export function activityOf(route: Route, body: unknown): ConnectorActivity | undefined {
  if (!isObject(body)) return undefined;
  if (route.operation === 'createConversation') return isObject(body.activity) ? (body.activity as ConnectorActivity) : undefined;
  return ['sendToConversation', 'replyToActivity', 'updateActivity'].includes(route.operation)
    ? (body as ConnectorActivity)
    : undefined;
}

/**
 * What a request is about, for rate limits and scripted faults: the
 * conversation, the channel a new thread goes into, the user a 1:1 chat is
 * with, or the team.
 */
export function scopeOf(route: Route, body: unknown): string[] {
  if (route.conversationId !== undefined) return [route.conversationId];
  if (route.teamId !== undefined) return [route.teamId];
  if (route.operation !== 'createConversation' || !isObject(body)) return [];
  const params = body as CreateParameters;
  const channelId = params.channelData?.channel?.id;
  if (channelId) return [channelId];
  return (params.members ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
}

export function handle(ctx: HandlerContext, req: Incoming): Outcome {
  const { route } = req;
  switch (route.operation) {
    case 'createConversation':
      return createConversation(ctx, req);
    case 'sendToConversation':
    case 'replyToActivity':
    case 'updateActivity':
      return postActivity(ctx, req);
    case 'deleteActivity':
      if (!ctx.supportDelete) return { kind: 'fault', fault: teamsFault(501) };
      ctx.recorder.deleted(route.activityId as string);
      return { kind: 'ok', status: 200, conversationId: route.conversationId, activityId: route.activityId };
    case 'getConversationMembers':
      return {
        kind: 'ok',
        status: 200,
        body: ctx.roster.membersOf(route.conversationId as string).map((m) => ctx.roster.toJson(m)),
      };
    case 'getConversationMember': {
      const member = ctx.roster.member(route.conversationId as string, route.memberId as string);
      return member
        ? { kind: 'ok', status: 200, body: ctx.roster.toJson(member) }
        : notFound('MemberNotFoundInConversation', 'The member was not found in the conversation.');
    }
    case 'getConversationPagedMembers': {
      const size = route.query.get('pageSize');
      const page = ctx.roster.page(
        route.conversationId as string,
        size ? Number(size) : undefined,
        route.query.get('continuationToken') ?? undefined,
      );
      return page.ok
        ? { kind: 'ok', status: 200, body: { members: page.members, continuationToken: page.continuationToken } }
        : badArgument(page.message);
    }
    case 'fetchTeamDetails': {
      const team = ctx.roster.team(route.teamId as string);
      if (!team) return notFound('NotFound', 'Team not found.');
      const body = {
        id: team.id,
        name: team.name,
        aadGroupId: team.aadGroupId,
        channelCount: ctx.roster.channels(team).length,
        memberCount: ctx.roster.membersOf(team.id).length,
        type: 'standard',
      };
      return { kind: 'ok', status: 200, body };
    }
    case 'fetchChannelList': {
      const team = ctx.roster.team(route.teamId as string);
      return team
        ? { kind: 'ok', status: 200, body: { conversations: ctx.roster.channels(team) } }
        : notFound('NotFound', 'Team not found.');
    }
    case 'unknown':
      return notFound('NotFound', 'No such Bot Framework operation.');
  }
}

/**
 * Teams creates two things here: a new channel thread (its id is
 * `<channelId>;messageid=<activityId>`), or a 1:1 chat with one user. Group
 * chats cannot be created by a bot: 400, as Teams answers.
 */
function createConversation(ctx: HandlerContext, req: Incoming): Outcome {
  if (!isObject(req.body)) return badArgument('The conversation parameters are missing.');
  const params = req.body as CreateParameters;
  const channelId = params.channelData?.channel?.id;
  if (channelId) {
    if (!req.activity) return badArgument('An activity is required to start a channel thread.');
    const activityId = ctx.nextActivityId();
    const conversationId = `${channelId};messageid=${activityId}`;
    accept(ctx, req, 'newThread', conversationId, activityId);
    return { kind: 'ok', status: 201, body: { id: conversationId, activityId }, conversationId, activityId };
  }
  const members = params.members ?? [];
  const userId = members[0]?.id;
  if (params.isGroup || members.length !== 1 || !userId)
    return badArgument('Only a channel thread or a 1:1 chat with one member can be created.');
  const conversationId = ctx.roster.openChat(userId);
  if (!req.activity) return { kind: 'ok', status: 201, body: { id: conversationId }, conversationId };
  const activityId = ctx.nextActivityId();
  accept(ctx, req, 'newChat', conversationId, activityId);
  return { kind: 'ok', status: 201, body: { id: conversationId, activityId }, conversationId, activityId };
}

function postActivity(ctx: HandlerContext, req: Incoming): Outcome {
  const { route } = req;
  if (!req.activity) return badArgument('The activity must be a JSON object.');
  const conversationId = route.conversationId as string;
  if (route.operation === 'updateActivity') {
    const activityId = route.activityId as string;
    accept(ctx, req, 'update', conversationId, activityId);
    return { kind: 'ok', status: 200, body: { id: activityId }, conversationId, activityId };
  }
  const activityId = ctx.nextActivityId();
  accept(ctx, req, route.operation === 'replyToActivity' ? 'reply' : 'send', conversationId, activityId);
  return { kind: 'ok', status: 201, body: { id: activityId }, conversationId, activityId };
}

function accept(ctx: HandlerContext, req: Incoming, kind: DeliveryKind, conversationId: string, activityId: string): void {
  ctx.recorder.accepted({
    kind,
    conversationId,
    activityId,
    replyToId: kind === 'reply' ? req.route.activityId : undefined,
    activity: req.activity as ConnectorActivity,
    idempotencyKey: req.idempotencyKey,
    at: req.at,
  });
}
