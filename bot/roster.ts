import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Person } from '../services/domain';

/** The team's members, all pages, as people identified by their Entra object id. */
export async function teamRoster(context: TurnContext, teamId: string): Promise<Person[]> {
  const people: Person[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await TeamsInfo.getPagedTeamMembers(context, teamId, 500, continuationToken);
    for (const m of page.members) {
      if (m.aadObjectId) people.push({ aadObjectId: m.aadObjectId, name: m.name ?? m.email ?? 'Unnamed member' });
    }
    continuationToken = page.continuationToken ?? undefined;
  } while (continuationToken);
  return people;
}

/** The team's channels; Teams leaves General's name empty. */
export async function teamChannels(context: TurnContext, teamId: string): Promise<{ id: string; name: string }[]> {
  const channels = await TeamsInfo.getTeamChannels(context, teamId);
  return channels.filter((c): c is typeof c & { id: string } => !!c.id).map((c) => ({ id: c.id, name: c.name || 'General' }));
}

/** The team's roster and channels, fetched at most once per turn however many steps need them. */
export class TeamDirectory {
  private rosterPromise?: Promise<Person[]>;
  private channelsPromise?: Promise<{ id: string; name: string }[]>;

  constructor(
    private readonly context: TurnContext,
    private readonly teamId: string,
  ) {}

  roster(): Promise<Person[]> {
    return (this.rosterPromise ??= teamRoster(this.context, this.teamId));
  }

  channels(): Promise<{ id: string; name: string }[]> {
    return (this.channelsPromise ??= teamChannels(this.context, this.teamId));
  }
}
