import type { RosterMember, TeamChannel, TeamConfig } from './types';

/** Teams' documented ceiling for one page of members. */
const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 200;

/** A member as Teams serialises a TeamsChannelAccount (both `objectId` and `aadObjectId`, as v3 returns). */
export interface MemberJson {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly objectId: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
  readonly tenantId: string;
  readonly userRole: 'user';
}

export type PageResult =
  | { readonly ok: true; readonly members: readonly MemberJson[]; readonly continuationToken?: string }
  | { readonly ok: false; readonly message: string };

/** Teams and people the connector knows, and which conversation belongs to which roster. */
export class Roster {
  private readonly teams = new Map<string, TeamConfig>();
  private readonly people: RosterMember[] = [];
  /** 1:1 chat id -> the user it is with. */
  private readonly chats = new Map<string, RosterMember>();

  constructor(
    private readonly tenantId: string,
    teams: readonly TeamConfig[],
    members: readonly RosterMember[],
  ) {
    teams.forEach((t) => this.addTeam(t));
    this.addMembers(members);
  }

  addTeam(team: TeamConfig): void {
    this.teams.set(team.id, team);
  }

  addMembers(members: readonly RosterMember[]): void {
    this.people.push(...members);
  }

  team(teamId: string): TeamConfig | undefined {
    return this.teams.get(teamId);
  }

  /** General first (id = team id, no name, as Teams lists it), then the configured channels. */
  channels(team: TeamConfig): TeamChannel[] {
    const others = (team.channels ?? []).filter((c) => c.id !== team.id);
    const general = team.channels?.find((c) => c.id === team.id) ?? { id: team.id };
    return [general, ...others];
  }

  /** The team owning a channel or one of its threads (`<channelId>;messageid=...`). */
  teamFor(conversationId: string): TeamConfig | undefined {
    const channelId = conversationId.split(';')[0] ?? conversationId;
    return [...this.teams.values()].find((t) => t.id === channelId || t.channels?.some((c) => c.id === channelId));
  }

  /** A 1:1 chat's id: stable per user, so creating it twice gives the same chat, as in Teams. */
  openChat(userId: string): string {
    const id = `a:1${Buffer.from(`${this.tenantId}|${userId}`).toString('base64url')}`;
    const known = this.person(userId);
    this.chats.set(id, known ?? { id: userId, aadObjectId: '', name: '' });
    return id;
  }

  /** Everyone in a conversation: the team's roster, the user of a 1:1 chat, else everyone known. */
  membersOf(conversationId: string): RosterMember[] {
    const chatUser = this.chats.get(conversationId);
    if (chatUser) return [chatUser];
    const team = this.teamFor(conversationId);
    return [...(team?.members ?? this.people)];
  }

  /** Teams finds a member by Teams id or by AAD object id. */
  member(conversationId: string, memberId: string): RosterMember | undefined {
    return this.membersOf(conversationId).find((m) => m.id === memberId || m.aadObjectId === memberId);
  }

  page(conversationId: string, pageSize: number | undefined, continuationToken: string | undefined): PageResult {
    const size = Math.min(MAX_PAGE_SIZE, pageSize && pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE);
    const start = continuationToken === undefined ? 0 : decodeToken(continuationToken);
    const all = this.membersOf(conversationId);
    if (start === undefined || start > all.length) return { ok: false, message: 'The continuation token is not valid.' };
    const end = start + size;
    const members = all.slice(start, end).map((m) => this.toJson(m));
    return end < all.length ? { ok: true, members, continuationToken: encodeToken(end) } : { ok: true, members };
  }

  toJson(m: RosterMember): MemberJson {
    return {
      id: m.id,
      name: m.name,
      aadObjectId: m.aadObjectId,
      objectId: m.aadObjectId,
      givenName: m.givenName,
      surname: m.surname,
      email: m.email,
      userPrincipalName: m.userPrincipalName ?? m.email,
      tenantId: this.tenantId,
      userRole: 'user',
    };
  }

  private person(id: string): RosterMember | undefined {
    const everyone = [...this.people, ...[...this.teams.values()].flatMap((t) => t.members ?? [])];
    return everyone.find((m) => m.id === id || m.aadObjectId === id);
  }
}

/** Opaque like Teams' tokens, so callers cannot lean on their shape. */
function encodeToken(offset: number): string {
  return Buffer.from(`members:${offset}`).toString('base64url');
}

function decodeToken(token: string): number | undefined {
  const match = /^members:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}
