import { PlanVerbs } from '../../cards/plan';
import { Verbs } from '../../cards/verbs';
import type { Plan } from '../../services/domain';
import type { DocType } from '../../services/store/documents';
import { cardText, type Harness, PCN_ID, PEOPLE, startHarness, TENANT_ID } from '../support/bot-harness';
import { FakeClock } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';

// Monday 30 November 2026, 10:00 in London (GMT).
const NOW = '2026-11-30T10:00:00Z';
const CARD = 'application/vnd.microsoft.card.adaptive';
const OTHER_PCN = `${TENANT_ID}:19:another-team@thread.tacv2`;

const answer = (body: { type: string; value: unknown }) => (body.type === CARD ? cardText(body.value) : String(body.value));

/**
 * Card submissions no card of ours sends: another practice's plan, another
 * PCN's plan, huge strings, bad dates, unknown platforms, campaigns and
 * owners. Each gets a plain answer and leaves the store as it was.
 */
describe.each(STORE_KINDS)('tampered plan submissions (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  let riverside: string;
  let hillsidePlan: Plan;
  let otherPcnPlan: Plan;

  const person = (p: { aadObjectId: string; name: string }) => ({ aadObjectId: p.aadObjectId, name: p.name });
  const planOf = (over: Partial<Plan>): Plan => ({
    pcnId: PCN_ID,
    planId: 'plan-x',
    practiceId: 'p',
    start: '2026-12-04',
    end: '2026-12-04',
    startMonth: '2026-12',
    platforms: ['facebook'],
    summary: 'Winter opening hours.',
    status: 'planned',
    version: 1,
    createdBy: person(PEOPLE.newcomer),
    owner: person(PEOPLE.newcomer),
    createdAt: NOW,
    updatedAt: NOW,
    ...over,
  });

  beforeEach(async () => {
    h = await startHarness({ clock: new FakeClock(NOW), env: storeEnv() });
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
    const practices = await h.store.practices.list(PCN_ID);
    riverside = practices.find((p) => p.name === 'Riverside Surgery')!.practiceId;
    const hillside = practices.find((p) => p.name === 'Hillside Medical Centre')!.practiceId;
    hillsidePlan = planOf({ planId: 'hillside-plan', practiceId: hillside });
    otherPcnPlan = planOf({ pcnId: OTHER_PCN, planId: 'other-pcn-plan', practiceId: riverside });
    await h.store.plans.create(hillsidePlan);
    await h.store.plans.create(otherPcnPlan);
  });
  afterEach(() => h.close());

  /** Every plan and outbox item in this PCN and the other, with its version: any write changes it. */
  const snapshot = async () => {
    const parts: string[] = [];
    for (const pcnId of [PCN_ID, OTHER_PCN]) {
      for (const type of ['plan', 'outbox'] as DocType[]) {
        const page = await h.store.documents.query<{ etag: string }>(pcnId, type, { limit: 1000 });
        parts.push(...page.items.map((d) => `${pcnId}/${d.id}@${d.etag}`));
      }
    }
    return parts.sort().join('\n');
  };

  const card = (over: Record<string, unknown> = {}) => ({
    practiceId: riverside,
    start: '2026-12-03',
    end: '2026-12-03',
    platforms: 'facebook',
    campaign: '',
    otherCampaign: '',
    summary: 'Flu clinic dates for December.',
    ownerId: PEOPLE.lead.aadObjectId,
    ...over,
  });

  it("when a lead sends another practice's plan to edit, cancel, mark posted or save over, then they are refused and nothing changes", async () => {
    const before = await snapshot();
    const refused = /^Thanks, but only Hillside Medical Centre's practice leads \(Jo Evans\) or a PCN admin can change this plan/;

    for (const verb of [PlanVerbs.edit, PlanVerbs.cancel, PlanVerbs.posted]) {
      const { body } = await h.invoke(PEOPLE.lead, verb, { planId: hillsidePlan.planId });
      expect({ verb, text: answer(body) }).toEqual({ verb, text: expect.stringMatching(refused) });
    }
    const stored = await h.store.plans.get(PCN_ID, hillsidePlan.planId);
    const overwrite = await h.invoke(PEOPLE.lead, PlanVerbs.save, card({ planId: hillsidePlan.planId, version: stored!.etag }));
    expect(answer(overwrite.body)).toMatch(refused);
    // Nor may a lead plan for a practice they do not lead.
    const forHillside = await h.invoke(PEOPLE.lead, PlanVerbs.save, card({ practiceId: hillsidePlan.practiceId }));
    expect(answer(forHillside.body)).toMatch(/^Thanks, but only Hillside Medical Centre's practice leads/);

    expect(await snapshot()).toBe(before);
  });

  it("when someone sends another PCN's plan id, then it is not found here, and that PCN's plan is untouched", async () => {
    const before = await snapshot();

    for (const who of [PEOPLE.lead, PEOPLE.admin]) {
      for (const verb of [PlanVerbs.edit, PlanVerbs.cancel, PlanVerbs.posted]) {
        const { body } = await h.invoke(who, verb, { planId: otherPcnPlan.planId });
        expect(answer(body)).toContain('That plan is no longer in the PCN’s plans, so there is nothing to change.');
      }
      const { body } = await h.invoke(who, PlanVerbs.save, card({ planId: otherPcnPlan.planId, version: 'anything' }));
      expect(answer(body)).toContain('That plan is no longer in the PCN’s plans');
    }

    expect(await snapshot()).toBe(before);
  });

  it('when a plan card is sent with bad fields, then the card comes back naming the field, and nothing is saved', async () => {
    const before = await snapshot();
    const cases: [Record<string, unknown>, string][] = [
      [{ summary: 'x'.repeat(1001) }, 'Summary or draft text must be at most 1,000 characters. Nothing was saved.'],
      [{ summary: '   ' }, 'Summary or draft text is required. Nothing was saved.'],
      [{ summary: 42 }, 'Summary or draft text must be text. Nothing was saved.'],
      [{ otherCampaign: 'y'.repeat(500), campaign: 'other' }, 'Other campaign must be at most 80 characters. Nothing was saved.'],
      [
        { campaign: 'other', otherCampaign: '' },
        'Other campaign: type the campaign’s name, or choose one from the list. Nothing was saved.',
      ],
      [{ start: '2026-02-30' }, 'From must be a date, such as 7 December 2026. Nothing was saved.'],
      [{ end: 'next week' }, 'To must be a date, such as 7 December 2026. Nothing was saved.'],
      [{ start: '2026-12-10', end: '2026-12-09' }, 'To must be on or after the From date. Nothing was saved.'],
      [{ start: '2026-12-01', end: '2027-01-15' }, 'To must be within 31 days of From'],
      [
        { start: '2026-11-01', end: '2026-11-02' },
        'To must be today or later: a plan is for posts still to come. Nothing was saved.',
      ],
      [{ start: '2029-01-01', end: '2029-01-01' }, 'From must be within about a year from today. Nothing was saved.'],
      [
        { platforms: 'myspace' },
        'Platforms must be chosen from the list: one of them is not a platform I know. Nothing was saved.',
      ],
      [{ platforms: '' }, 'Platforms: choose at least one. Nothing was saved.'],
      [{ platforms: 'facebook,'.repeat(100) }, 'Platforms must be chosen from the list. Nothing was saved.'],
      [{ campaign: 'national:no-such-campaign' }, 'Campaign: choose one from the list, or Other. Nothing was saved.'],
      [{ campaign: '<script>alert(1)</script>' }, 'Campaign must be chosen from the list. Nothing was saved.'],
      [{ practiceId: 'not-a-practice' }, 'Practice: choose one of the PCN’s practices. Nothing was saved.'],
      [{ practiceId: '../../etc/passwd' }, 'Practice is not a practice I know. Nothing was saved.'],
      [{ ownerId: PEOPLE.member.aadObjectId }, 'Owner: choose yourself or one of Riverside Surgery’s leads. Nothing was saved.'],
      [{ ownerId: 'x'.repeat(200) }, 'Owner is not someone I know. Nothing was saved.'],
    ];
    for (const [fields, message] of cases) {
      const { body } = await h.invoke(PEOPLE.lead, PlanVerbs.save, card(fields));
      expect({ fields: Object.keys(fields), text: answer(body) }).toEqual({
        fields: Object.keys(fields),
        text: expect.stringContaining(message),
      });
    }
    // Going ahead is checked the same way.
    const { body } = await h.invoke(PEOPLE.lead, PlanVerbs.goAhead, card({ platforms: 'myspace', ack: 'abc' }));
    expect(answer(body)).toContain('Platforms must be chosen from the list');

    expect(await snapshot()).toBe(before);
  });

  it('when a submission is far too big, or its plan id or version is forged, then it is refused whole and nothing changes', async () => {
    const before = await snapshot();

    const huge = await h.invoke(PEOPLE.lead, PlanVerbs.save, card({ summary: 'z'.repeat(40_000) }));
    expect(answer(huge.body)).toBe('That was more than I can take in one go. Please shorten what you typed.');
    const badId = await h.invoke(PEOPLE.lead, PlanVerbs.save, card({ planId: '../../plan:x', version: '1' }));
    expect(answer(badId.body)).toContain('That plan card is out of date. Nothing was saved.');
    const edit = await h.invoke(PEOPLE.lead, PlanVerbs.edit, { planId: { $ne: null } });
    expect(answer(edit.body)).toContain('That plan card is out of date.');
    const mine = planOf({ planId: 'riverside-plan', practiceId: riverside, createdBy: person(PEOPLE.lead) });
    await h.store.plans.create(mine);
    const afterCreate = await snapshot();
    const forged = await h.invoke(PEOPLE.lead, PlanVerbs.save, card({ planId: mine.planId, version: '"forged"' }));
    expect(answer(forged.body)).toContain('Someone else changed this plan while you were editing it');

    expect(before).not.toBe(afterCreate);
    expect(await snapshot()).toBe(afterCreate);
  });

  it('when a member sends any plan action, then they are refused and nothing changes', async () => {
    const before = await snapshot();
    for (const [verb, data] of [
      [PlanVerbs.open, {}],
      [PlanVerbs.save, card()],
      [PlanVerbs.goAhead, card({ ack: 'abc' })],
      [PlanVerbs.change, card()],
      [PlanVerbs.edit, { planId: hillsidePlan.planId }],
      [PlanVerbs.cancel, { planId: hillsidePlan.planId }],
      [PlanVerbs.posted, { planId: hillsidePlan.planId }],
    ] as const) {
      const { body } = await h.invoke(PEOPLE.member, verb, data);
      expect({ verb, text: answer(body) }).toEqual({
        verb,
        text: expect.stringMatching(/^(Only a practice lead or a PCN admin can|Thanks, but only)/),
      });
    }
    expect(await snapshot()).toBe(before);
  });
});
