import { PlanVerbs } from '../../cards/plan';
import { Verbs } from '../../cards/verbs';
import type { OutboxItem } from '../../services/domain';
import { cardOf, cardText, type Harness, PCN_ID, PEOPLE, type Someone, startHarness, TEAM_ID } from '../support/bot-harness';
import { FakeClock } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';

const CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * The weekly digest as the scheduler drives it, with a fake clock: Monday
 * 09:00 in London, the next two weeks' plans across every practice by day,
 * and the campaigns starting within two weeks that nobody plans for;
 * posted in the PCN's channel through the outbox once per ISO week.
 */
describe.each(STORE_KINDS)('the weekly digest of plans (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  let clock: FakeClock;

  beforeEach(async () => {
    // Wednesday 2 December 2026, 10:00 (GMT). JOBS=0: the test ticks the scheduler; the dispatcher is started by hand.
    clock = new FakeClock('2026-12-02T10:00:00Z');
    h = await startHarness({ clock, env: { ...storeEnv(), JOBS: '0' }, connectorOnClock: true });
    h.app.deps.dispatcher.start();
    await h.install(PEOPLE.admin);
    await h.invoke(PEOPLE.admin, Verbs.addPractice, {
      newName: 'Riverside Surgery',
      newOds: 'B82005',
      newLeads: PEOPLE.lead.aadObjectId,
    });
    await h.invoke(PEOPLE.admin, Verbs.addPractice, {
      newName: 'Hillside Medical Centre',
      newOds: 'B82006',
      newLeads: PEOPLE.newcomer.aadObjectId,
    });
  });
  afterEach(() => h.close());

  /** Moves the clock, runs the scheduler once, and waits until the dispatcher has sent what it queued. */
  const at = async (iso: string) => {
    clock.set(iso);
    const { runs } = await h.app.deps.scheduler.tick();
    const waiting = async () => {
      const { counts } = await h.app.deps.outbox.status(PCN_ID);
      return counts.pending + counts.sending;
    };
    for (let i = 0; i < 250 && (await waiting()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    await h.app.deps.dispatcher.settle();
    return runs.filter((r) => r.job === 'weekly-digest').map((r) => `${r.period}:${r.outcome}`);
  };
  const digests = async () =>
    (await h.store.documents.query<OutboxItem>(PCN_ID, 'outbox', { limit: 1000 })).items.filter((i) =>
      i.key.startsWith('plan-digest:'),
    );
  const posted = () =>
    h.connector.activities().filter((a) => a.kind === 'newThread' && a.idempotencyKey?.startsWith('plan-digest:'));

  const plan = async (who: Someone, practice: string, fields: Record<string, string>) => {
    const practiceId = (await h.store.practices.list(PCN_ID)).find((p) => p.name === practice)!.practiceId;
    const { body } = await h.invoke(who, PlanVerbs.save, {
      practiceId,
      platforms: 'facebook',
      campaign: '',
      otherCampaign: '',
      ownerId: who.aadObjectId,
      ...fields,
    });
    expect(body.type === CARD ? cardText(body.value) : body.value).toMatch(/Saved the plan/);
  };

  it('when a week has nothing planned and no campaign starting, then no digest is posted', async () => {
    // Monday 7 December 2026: nothing planned, and no campaign starts by 21 December.
    expect(await at('2026-12-07T09:00:00Z')).toEqual(['2026-W50:ran']);
    expect(await digests()).toEqual([]);
    expect(posted()).toEqual([]);
  });

  it('when Monday 09:00 comes, then the next two weeks are posted by day with the gaps, once, and again the week after', async () => {
    // Monday 14 December: nothing planned yet, and Dry January is more than two weeks away.
    expect(await at('2026-12-14T09:00:00Z')).toEqual(['2026-W51:ran']);
    clock.set('2026-12-16T10:00:00Z');
    await h.app.deps.pcnCampaigns.add(
      PCN_ID,
      { aadObjectId: PEOPLE.admin.aadObjectId, name: PEOPLE.admin.name },
      {
        name: 'Riverside Health Fair',
        start: '2026-12-29',
        end: '2026-12-29',
        description: '',
        audience: '',
        aliases: [],
      },
    );
    await plan(PEOPLE.lead, 'Riverside Surgery', {
      start: '2026-12-21',
      end: '2026-12-21',
      campaign: 'national:flu-vaccination-season',
      summary: 'Last flu clinics before Christmas.',
    });
    await plan(PEOPLE.newcomer, 'Hillside Medical Centre', {
      start: '2026-12-29',
      end: '2026-12-30',
      platforms: 'instagram,website',
      campaign: 'other',
      otherCampaign: 'Riverside Health Fair',
      summary: 'Come and see us at the health fair.',
    });
    await plan(PEOPLE.lead, 'Riverside Surgery', { start: '2026-12-22', end: '2026-12-22', summary: 'Cancelled idea.' });
    const cancelled = (await h.store.plans.between(PCN_ID, { start: '2026-12-22', end: '2026-12-22' })).find(
      (p) => p.summary === 'Cancelled idea.',
    )!;
    await h.invoke(PEOPLE.lead, PlanVerbs.cancel, { planId: cancelled.planId });
    await plan(PEOPLE.lead, 'Riverside Surgery', { start: '2027-01-12', end: '2027-01-12', summary: 'Beyond the fortnight.' });

    // Sunday evening: not yet. Monday 21 December 2026, 09:00 in London (GMT): the digest.
    expect(await at('2026-12-20T20:00:00Z')).toEqual([]);
    expect(await at('2026-12-21T09:00:00Z')).toEqual(['2026-W52:ran']);

    const [item] = await digests();
    expect(item).toMatchObject({
      key: 'plan-digest:2026-W52',
      about: { what: 'weekly digest', daysLabel: 'Monday 21 December 2026 to Sunday 3 January 2027' },
    });
    const [sent] = posted();
    expect(sent!.conversationId.split(';')[0]).toBe(TEAM_ID);
    const text = cardText(cardOf(sent!.activity));
    expect(text).toMatch(/^Plans for the next two weeks\nRiverside PCN, Monday 21 December 2026 to Sunday 3 January 2027\n/);
    expect(text).toContain(
      '**Monday 21 December**\n- Riverside Surgery: Facebook, Flu vaccination season: Last flu clinics before Christmas.',
    );
    expect(text).toContain(
      '**Tuesday 29 December**\n- Hillside Medical Centre: Instagram and Website, Riverside Health Fair (to Wednesday 30 December): Come and see us at the…',
    );
    expect(text).not.toContain('Cancelled idea.');
    expect(text).not.toContain('Beyond the fortnight.');
    // Dry January starts on 1 January and nobody plans for it; the health fair has a plan.
    expect(text).toContain('Starting soon, with nothing planned\n- Dry January: Friday 1 January to Sunday 31 January 2027');
    expect(text).not.toMatch(/- Riverside Health Fair:/);
    expect(text).toContain('Plan a post');

    // The same week again (another tick, a restart): nothing more.
    expect(await at('2026-12-21T09:05:00Z')).toEqual([]);
    expect(await at('2026-12-23T12:00:00Z')).toEqual([]);
    expect(posted()).toHaveLength(1);

    // The next Monday: the next fortnight.
    expect(await at('2026-12-28T09:00:00Z')).toEqual(['2026-W53:ran']);
    expect((await digests()).map((i) => i.key).sort()).toEqual(['plan-digest:2026-W52', 'plan-digest:2026-W53']);
    const second = cardText(cardOf(posted()[1]!.activity));
    expect(second).toContain('Monday 28 December 2026 to Sunday 10 January 2027');
    expect(second).not.toContain('Last flu clinics before Christmas.');
    expect(h.connector.duplicateKeys()).toEqual([]);
  });

  it('when summer time has begun, then the digest still comes at 09:00 in London', async () => {
    // Wednesday 31 March 2027: the week's digest (Monday 29 March) is caught up first.
    expect(await at('2027-03-31T10:00:00Z')).toEqual(['2027-W13:ran']);
    await plan(PEOPLE.lead, 'Riverside Surgery', {
      start: '2027-04-06',
      end: '2027-04-06',
      summary: 'Bowel cancer screening kits.',
    });

    // Monday 5 April 2027, 08:59 BST is 07:59 UTC: not yet; 09:00 BST is 08:00 UTC.
    expect(await at('2027-04-05T07:59:00Z')).toEqual([]);
    expect(await at('2027-04-05T08:00:00Z')).toEqual(['2027-W14:ran']);
    const text = cardText(cardOf(posted().at(-1)!.activity));
    expect(text).toContain('Riverside PCN, Monday 5 April to Sunday 18 April 2027');
    expect(text).toContain('**Tuesday 6 April**\n- Riverside Surgery: Facebook: Bowel cancer screening kits.');
  });
});
