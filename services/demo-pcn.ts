/**
 * The demo PCN used in local mode: "Riverside Health PCN", its four member
 * practices and the six people in its Teams team. The Microsoft 365 Agents
 * Playground plays this team from `.m365agentsplayground.yml`, so every id
 * here (tenant, team, AAD group, users' AAD object ids) is the one the
 * Playground puts into the activities it sends; test/unit/demo-pcn.test.ts
 * keeps the two in step. All names, codes and ids are fictional: the ODS codes
 * use the Y9xxxx range so they cannot be mistaken for a real practice.
 */
import { DEFAULT_PCN_SETTINGS, pcnIdFor, type Pcn, type Person, type Practice } from './domain';

export const DEMO_TENANT_ID = '6b1a2f40-5c3d-4e8f-9a01-7d2c3b4a5e60';

/** The bot as the Playground introduces it (`recipient.id` is this id, without a `28:` prefix). */
export const DEMO_BOT = { id: '0c5e7a2b-1d3f-4a6b-8c9d-2e4f6a8b0c1d', name: 'PCN Social Media Bot' } as const;

export interface DemoChannel {
  readonly id: string;
  readonly name: string;
}

/**
 * The PCN's team. Its id is also the General channel's conversation id; the
 * Playground's schema allows only one channel besides General.
 */
export const DEMO_TEAM = {
  id: '19:riverside-health-pcn-general@thread.tacv2',
  name: 'Riverside Health PCN',
  aadGroupId: '7e2d9c41-3a5b-4c6d-8e7f-9a0b1c2d3e4f',
  channels: [{ id: '19:riverside-social-media@thread.tacv2', name: 'Social media' }] as readonly DemoChannel[],
} as const;

export const DEMO_GROUP_CHAT = { id: '19:riverside-managers-chat@thread.v2', name: 'Riverside practice managers' } as const;

export type DemoRole = 'admin' | 'practiceLead' | 'member';

/** A person in the demo team, with what the Playground needs to play them. */
export interface DemoPerson extends Person {
  /** Their Teams user id (`from.id` in activities). */
  readonly teamsUserId: string;
  readonly givenName: string;
  readonly surname: string;
  readonly email: string;
  readonly role: DemoRole;
  /** The ODS code of the practice they lead, for practice leads. */
  readonly leadsPractice?: string;
  /** Their 1:1 chat with the bot when the Playground runs as them. */
  readonly personalChatId: string;
}

function person(slug: string, n: number, name: string, role: DemoRole, leadsPractice?: string): DemoPerson {
  const [givenName, surname] = name.split(' ') as [string, string];
  const email = `${givenName.toLowerCase()}.${surname.toLowerCase()}@riversidepcn.example`;
  return {
    aadObjectId: `a000000${n}-4b2c-4d3e-8f40-00000000000${n}`,
    name,
    teamsUserId: `29:1${slug}`,
    givenName,
    surname,
    email,
    role,
    ...(leadsPractice ? { leadsPractice } : {}),
    personalChatId: `a:1riverside-personal-${slug}`,
  };
}

/** Everyone in the team; the first is the PCN digital lead, who installs the bot and is its first admin. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  person('alex-morgan', 1, 'Alex Morgan', 'admin'),
  person('priya-shah', 2, 'Priya Shah', 'practiceLead', 'Y90011'),
  person('tom-fletcher', 3, 'Tom Fletcher', 'practiceLead', 'Y90012'),
  person('grace-okafor', 4, 'Grace Okafor', 'practiceLead', 'Y90013'),
  person('daniel-hughes', 5, 'Daniel Hughes', 'practiceLead', 'Y90014'),
  person('sam-patel', 6, 'Sam Patel', 'member'),
];

export const DEMO_ADMIN: DemoPerson = DEMO_PEOPLE[0] as DemoPerson;

interface DemoPracticeSpec {
  readonly odsCode: string;
  readonly name: string;
  readonly populationNotes: string;
}

const PRACTICES: readonly DemoPracticeSpec[] = [
  {
    odsCode: 'Y90011',
    name: 'Riverside Medical Centre',
    populationNotes: 'Town-centre practice; many young families and commuters.',
  },
  {
    odsCode: 'Y90012',
    name: 'Millbrook Surgery',
    populationNotes: 'Older population; a large care-home list.',
  },
  {
    odsCode: 'Y90013',
    name: 'Oakfield Family Practice',
    populationNotes: 'Growing new-build estate; high demand for child immunisations.',
  },
  {
    odsCode: 'Y90014',
    name: 'Canal Street Health Centre',
    populationNotes: 'Diverse inner-city list; several community languages.',
  },
];

/** The demo PCN's id, as the bot derives it from the tenant and the team's AAD group id. */
export const DEMO_PCN_ID = pcnIdFor(DEMO_TENANT_ID, DEMO_TEAM.id);

function asPerson(p: DemoPerson): Person {
  return { aadObjectId: p.aadObjectId, name: p.name };
}

/**
 * The demo PCN as if Alex Morgan had installed the bot in the team at
 * `nowIso`. `serviceUrl` and `botId` are the Playground's, which are known
 * only once it runs (its port, the bot id in the yml).
 */
export function demoPcn(nowIso: string, serviceUrl: string, botId: string = DEMO_BOT.id): Pcn {
  return {
    pcnId: DEMO_PCN_ID,
    tenantId: DEMO_TENANT_ID,
    teamId: DEMO_TEAM.id,
    name: DEMO_TEAM.name,
    admins: [asPerson(DEMO_ADMIN)],
    postingChannel: { id: DEMO_TEAM.id, name: 'General' },
    serviceUrl,
    botId,
    installedAt: nowIso,
    installedBy: asPerson(DEMO_ADMIN),
    active: true,
    settings: DEFAULT_PCN_SETTINGS,
    odsCodes: Object.fromEntries(PRACTICES.map((spec) => [spec.odsCode, spec.odsCode])),
  };
}

/** The four demo practices, each led by its practice manager. `practiceId` is the ODS code. */
export function demoPractices(pcnId: string, nowIso: string): Practice[] {
  return PRACTICES.map((spec) => ({
    pcnId,
    practiceId: spec.odsCode,
    name: spec.name,
    odsCode: spec.odsCode,
    leads: DEMO_PEOPLE.filter((p) => p.leadsPractice === spec.odsCode).map(asPerson),
    populationNotes: spec.populationNotes,
    createdAt: nowIso,
  }));
}

/** Where the Playground's mock connector is when it runs on its default port (56150). */
export const DEMO_SERVICE_URL = 'http://localhost:56150/_connector';

/**
 * The demo PCN and its practices, ready to seed. The service URL is the
 * Playground's default; the bot refreshes it from the first activity it gets.
 */
export function demoPcnData(
  nowIso: string,
  serviceUrl: string = DEMO_SERVICE_URL,
  botId: string = DEMO_BOT.id,
): { pcn: Pcn; practices: Practice[] } {
  const pcn = demoPcn(nowIso, serviceUrl, botId);
  return { pcn, practices: demoPractices(pcn.pcnId, nowIso) };
}

/** Finds a demo person by AAD object id, Teams user id or display name (case-insensitive). */
export function findDemoPerson(idOrName: string): DemoPerson | undefined {
  const wanted = idOrName.trim().toLowerCase();
  return DEMO_PEOPLE.find(
    (p) => p.aadObjectId === wanted || p.teamsUserId.toLowerCase() === wanted || p.name.toLowerCase() === wanted,
  );
}
