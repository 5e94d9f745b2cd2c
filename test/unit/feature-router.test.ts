import { FeatureRouter, FeatureTableError, TEAM_ONLY } from '../../bot/features/router';
import { tableCommands } from '../../bot/features/table';
import { type Feature, teamAction, teamCommand } from '../../bot/features/types';
import type { TurnInfo } from '../../bot/turn';
import type { Audience, Who } from '../../services/access';
import type { Pcn, Person } from '../../services/domain';
import type { Stored } from '../../services/store';

const admin: Person = { aadObjectId: 'aad-admin', name: 'Alex Morgan' };
const lead: Person = { aadObjectId: 'aad-lead', name: 'Priya Shah' };
const member: Person = { aadObjectId: 'aad-member', name: 'Sam Jones' };

/** A hand-written access service: who is who, without a store. */
const access = {
  async who(_pcnId: string, person: Person): Promise<Who> {
    const pcn = { pcnId: 'pcn-1', admins: [admin] } as unknown as Stored<Pcn>;
    if (person.aadObjectId === admin.aadObjectId) return { pcn, role: 'admin', leadOf: [] };
    if (person.aadObjectId === lead.aadObjectId) return { pcn, role: 'lead', leadOf: ['p-1'] };
    return { pcn, role: 'member', leadOf: [] };
  },
};

const inTeam = (user: Person): TurnInfo => ({
  tenantId: 't',
  user,
  address: {
    conversationId: 'c',
    serviceUrl: 'http://x',
    tenantId: 't',
    botId: 'b',
    isGroup: true,
    conversationType: 'channel',
  },
  team: { teamId: 'team-1' },
  pcnId: 'pcn-1',
});
const inChat = (user: Person): TurnInfo => ({ ...inTeam(user), team: undefined, pcnId: undefined });

const noop = async () => undefined;

function feature(name: string, commands: Feature['commands'], actions: Feature['actions'] = []): Feature {
  return { name, commands, actions };
}

function command(name: string, pattern: RegExp, examples: string[] = [], audience: Audience = 'anyone', refusal?: string) {
  return teamCommand({
    scope: 'team',
    audience,
    refusal,
    name,
    help: `${name} help`,
    menu: name,
    matches: (text) => pattern.test(text),
    examples,
    handle: noop,
  });
}

const action = (verb: string) =>
  teamAction({ scope: 'team', audience: 'admins', verb, handle: async () => ({ kind: 'message', text: 'ok' }) });

describe('the feature table', () => {
  it("when the bot's own table is checked, then it has no duplicate and no command shadows another", () => {
    const router = new FeatureRouter([feature('all', tableCommands())], access);

    expect(router.commands.map((c) => c.name)).toEqual([
      'help',
      'setup',
      'start quick check',
      'results',
      'export',
      'settings',
      'status',
      'campaigns',
      'calendar link',
      'calendar link reset',
      'plan',
      'plans',
      'channels',
      'refreshed',
      'refresh status',
      'upcoming',
    ]);
    expect(router.command('refreshed Facebook')?.name).toBe('refreshed');
    expect(router.command('refresh status')?.name).toBe('refresh status');
    expect(router.command('Results trend')?.name).toBe('results');
    expect(router.command('plan a Facebook post about flu clinics on 3 Dec')?.name).toBe('plan');
    expect(router.command('plans Riverside')?.name).toBe('plans');
    expect(router.command("what's planned next week?")).toBeUndefined();
    expect(router.command('start the quick check')?.name).toBe('start quick check');
    expect(router.command('what campaigns are coming up?')).toBeUndefined();
  });

  it('when two features use the same verb, then the table is refused at start', () => {
    const features = [feature('a', [], [action('x.do')]), feature('b', [], [action('x.do')])];

    expect(() => new FeatureRouter(features, access)).toThrow(new FeatureTableError('Two card actions use the verb "x.do"'));
  });

  it('when two commands have the same name, then the table is refused at start', () => {
    const features = [feature('a', [command('plans', /^plans$/)]), feature('b', [command('plans', /^plans?$/)])];

    expect(() => new FeatureRouter(features, access)).toThrow(/Two commands are called "plans"/);
  });

  it("when one command's pattern takes another's name, then the table is refused, naming both", () => {
    const features = [
      feature('results', [command('results', /^results(\s|$)/)]),
      feature('summary', [command('results summary', /^results summary$/)]),
    ];

    expect(() => new FeatureRouter(features, access)).toThrow(/"results summary".*taken by "results" and "results summary"/);
  });

  it('when a command says an example that it does not itself match, then the table is refused', () => {
    const features = [feature('plans', [command('plans', /^plans$/, ['my plans'])])];

    expect(() => new FeatureRouter(features, access)).toThrow(/"my plans" \(an example of "plans"\) is taken by no command/);
  });
});

describe('scope and audience, decided once', () => {
  const router = new FeatureRouter(
    [
      feature('t', [
        command('admin only', /^admin only$/, [], 'admins', 'do the admin thing'),
        command('leads only', /^leads only$/, [], 'leads', 'do the leads thing'),
      ]),
    ],
    access,
  );
  const spec = (name: string) => router.command(name)!;

  it.each([
    ['admin only', admin, true],
    ['admin only', lead, false],
    ['admin only', member, false],
    ['leads only', admin, true],
    ['leads only', lead, true],
    ['leads only', member, false],
  ])('when "%s" is asked by %p, then allowed is %p', async (name, person, allowed) => {
    const decision = await router.decide(spec(name), inTeam(person));

    expect(decision.ok).toBe(allowed);
    if (!decision.ok)
      expect(decision.message).toMatch(/^Only a (PCN admin|practice lead or a PCN admin) can do the (admin|leads) thing\./);
  });

  it('when a refusal is for admins only, then it names the admins to ask', async () => {
    const decision = await router.decide(spec('admin only'), inTeam(member));

    expect(decision).toEqual({
      ok: false,
      message:
        'Only a PCN admin can do the admin thing. Ask one of your PCN admins (Alex Morgan) to do it for you, or to add you as an admin.',
    });
  });

  it('when a team command is used in a 1:1 chat, then the person is told where to use it, whoever they are', async () => {
    await expect(router.decide(spec('admin only'), inChat(admin))).resolves.toEqual({ ok: false, message: TEAM_ONLY });
  });
});

describe('the Teams command menu', () => {
  it('when more than ten commands ask for a menu line, then the table is refused at start', () => {
    const many = Array.from({ length: 11 }, (_, i) => command(`command ${i}`, new RegExp(`^command ${i}$`)));

    expect(() => new FeatureRouter([feature('many', many)], access)).toThrow(
      /11 commands have a menu line; Teams shows at most 10/,
    );
  });

  it("when the bot's own table is read, then its menu has at most ten commands", () => {
    expect(tableCommands().filter((c) => c.menu).length).toBeLessThanOrEqual(10);
  });
});
