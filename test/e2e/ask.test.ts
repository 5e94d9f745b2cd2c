import { randomUUID } from 'node:crypto';
import { ASK_VERB } from '../../cards/answer';
import { Verbs } from '../../cards/verbs';
import { loadConfig } from '../../services/config';
import type { Plan } from '../../services/domain';
import { createStore } from '../../services/store';
import { FakeClock } from '../support/fakes';
import { cardOf, cardText, type Harness, PCN_ID, PEOPLE, type Someone, startHarness } from '../support/bot-harness';
import { STORE_KINDS, useStore } from '../support/store-kinds';

function buttons(card: unknown): string[] {
  return ((card as { actions?: { title?: string }[] }).actions ?? []).map((a) => String(a.title));
}

describe.each(STORE_KINDS)('asking the bot about campaigns and plans, over HTTP (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  let clock: FakeClock;
  let riverside: string;

  beforeEach(async () => {
    // Sunday 20 December 2026: Dry January starts in 12 days.
    clock = new FakeClock('2026-12-20T10:00:00Z');
    const config = loadConfig({ PLAYGROUND: '0', DEMO: '0', SQLITE_PATH: ':memory:', ...storeEnv() });
    h = await startHarness({ clock, store: createStore(config) });
    await h.install(PEOPLE.admin);
    await h.invoke(PEOPLE.admin, Verbs.addPractice, {
      newName: 'Riverside Medical Centre',
      newOds: 'B82005',
      newLeads: PEOPLE.lead.aadObjectId,
    });
    riverside = (await h.store.practices.list(PCN_ID))[0]!.practiceId;
    h.connector.reset();
  });
  afterEach(() => h.close());

  const plan = (over: Partial<Plan>): Plan => ({
    pcnId: PCN_ID,
    planId: randomUUID(),
    practiceId: riverside,
    start: '2026-12-22',
    end: '2026-12-22',
    startMonth: '2026-12',
    platforms: ['facebook'],
    summary: 'Opening hours over Christmas',
    status: 'planned',
    createdBy: PEOPLE.lead,
    createdAt: '2026-12-01T09:00:00.000Z',
    updatedAt: '2026-12-01T09:00:00.000Z',
    ...over,
  });

  const ask = async (question: string, who: Someone = PEOPLE.member, where: 'channel' | 'personal' = 'channel') => {
    h.connector.reset();
    await h.say(who, question, where);
    return cardOf((await h.connector.waitFor((a) => !!cardOf(a.activity))).activity);
  };

  it('when someone asks what campaigns are coming up, then the card lists them with house-style dates and the gap nobody plans', async () => {
    const card = await ask('what campaigns are coming up?');
    const text = cardText(card);

    expect(text).toMatch(/^Campaigns in the next 6 weeks/);
    expect(text).toContain('**Dry January**: Friday 1 January to Sunday 31 January 2027');
    expect(text).toContain('Starts within two weeks and no practice has planned anything for it yet.');
  });

  it('when a practice plans for a campaign, then the answer shows the plan and no gap for it', async () => {
    await h.store.plans.create(
      plan({
        start: '2027-01-02',
        end: '2027-01-02',
        startMonth: '2027-01',
        campaignId: 'national:dry-january',
        summary: 'Dry January tips',
        platforms: ['facebook', 'instagram'],
      }),
    );

    const text = cardText(await ask('anything coming up in January?'));

    expect(text).toContain('Riverside Medical Centre: Facebook and Instagram, Saturday 2 January: Dry January tips');
    expect(text).not.toContain('no practice has planned anything');
  });

  it('when someone asks when a campaign is, misspelt, then its next dates come back with what it is for', async () => {
    const text = cardText(await ask('when is stoptobr?'));

    expect(text).toContain('**Stoptober**: Friday 1 October to Sunday 31 October 2027');
  });

  it('when someone asks what a practice is doing, then its plans come back by day', async () => {
    await h.store.plans.create(plan({}));
    await h.store.plans.create(
      plan({ start: '2026-12-23', end: '2026-12-23', summary: 'Flu clinic on Saturday', status: 'posted' }),
    );
    await h.store.plans.create(plan({ start: '2026-12-24', end: '2026-12-24', summary: 'Cancelled idea', status: 'cancelled' }));

    const text = cardText(await ask('What is Riverside doing this week?'));

    expect(text).toMatch(/^Riverside Medical Centre: plans this week/);
    expect(text).toContain('**Tuesday 22 December 2026**');
    expect(text).toContain('Facebook: Opening hours over Christmas');
    expect(text).toContain('Facebook: Flu clinic on Saturday (posted)');
    expect(text).not.toContain('Cancelled idea');
  });

  it('when nothing is planned, then the answer says so and how to plan', async () => {
    const text = cardText(await ask("what's planned next week?"));

    expect(text).toContain('Nothing is planned next week. Practices add their plans with **plan**.');
  });

  it('when the question makes no sense to the bot, then it offers three questions to try, as buttons', async () => {
    const card = await ask('bananas');

    expect(cardText(card)).toMatch(/^I'm not sure what you're asking/);
    expect(buttons(card)).toEqual(['What campaigns are coming up?', 'When is Stoptober?', 'What is Riverside doing next week?']);
  });

  it("when one of the answer card's questions is pressed, then its answer replaces the card", async () => {
    const { body } = await h.invoke(PEOPLE.member, ASK_VERB, { question: 'When is Stoptober?' });

    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).toContain('**Stoptober**: Friday 1 October to Sunday 31 October 2027');
  });

  it('when upcoming is typed in a 1:1 chat, then the national campaigns come back without any PCN plans', async () => {
    await h.store.plans.create(
      plan({ campaignId: 'national:dry-january', start: '2027-01-02', end: '2027-01-02', startMonth: '2027-01' }),
    );

    const text = cardText(await ask('upcoming', PEOPLE.lead, 'personal'));

    expect(text).toContain('Dry January');
    expect(text).not.toContain('Riverside');
  });
});
