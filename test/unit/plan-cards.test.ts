import { renderAnnouncementCard } from '../../cards/announcement';
import { renderDigestCard } from '../../cards/digest';
import { PlanVerbs, renderPlanCheckCard, renderPlanFormCard, renderPlansCard } from '../../cards/plan';
import { parsePlanInput, typedPlanValues } from '../../cards/plan-inputs';
import { renderPracticeEditCard } from '../../cards/setup-practice';
import type { AnnouncementView, PlanCheckView, PlanFormView, PlansListView } from '../../services/domain';
import { ValidationError } from '../../services/errors';
import { cardParts, cardText } from '../support/card-text';

type Node = Record<string, unknown>;

/** Elements newer than Adaptive Cards 1.2 (Teams mobile), except Action.Execute, which falls back to Action.Submit. */
const NEWER_THAN_1_2 = ['Table', 'Input.Rating', 'Rating', 'Icon', 'Carousel', 'Badge'];

function checkCard(card: unknown) {
  expect((card as Node).version).toBe('1.4');
  for (const n of cardParts(card)) {
    expect(NEWER_THAN_1_2).not.toContain(n.type);
    if (n.type === 'Action.Execute') {
      expect(n.fallback).toMatchObject({ type: 'Action.Submit', title: n.title, data: n.data });
      expect((n.data as Node).verb).toBe(n.verb);
      expect(Object.values(PlanVerbs)).toContain(n.verb);
    }
    // Teams' "Good" green is under 4.5:1 on white; "isSubtle" grey is too.
    expect(n.color).not.toBe('Good');
    expect(n.isSubtle).not.toBe(true);
  }
  expect(JSON.stringify(card)).not.toContain('${');
}

const form = (over: Partial<PlanFormView> = {}): PlanFormView => ({
  pcnName: 'Riverside PCN',
  practices: [{ value: 'p-1', title: 'Riverside Surgery' }],
  campaigns: [
    { value: 'national:stoptober', title: 'Stoptober, from Thursday 1 October' },
    { value: 'other', title: 'Other (type its name)' },
  ],
  owners: [{ value: 'aad-lead', title: 'Priya Shah' }],
  values: {
    practiceId: 'p-1',
    start: '2026-10-01',
    end: '2026-10-01',
    platforms: 'facebook',
    campaign: 'national:stoptober',
    otherCampaign: '',
    summary: 'Stoptober starts today.',
    ownerId: 'aad-lead',
  },
  ...over,
});

describe('the plan cards', () => {
  it('when a lead of one practice plans, then the practice is named (not asked) and rides in Save', () => {
    const card = renderPlanFormCard(form());

    checkCard(card);
    expect(cardText(card)).toMatch(/^Plan a post for Riverside Surgery\n/);
    expect(cardParts(card).filter((p) => p.id === 'practiceId')).toEqual([]);
    const save = cardParts(card).find((p) => p.title === 'Save')!;
    expect(save.data).toEqual({ verb: PlanVerbs.save, practiceId: 'p-1' });
    expect(cardParts(card).find((p) => p.id === 'summary')).toMatchObject({ isMultiline: true, maxLength: 1000 });
    expect(cardParts(card).find((p) => p.id === 'platforms')).toMatchObject({ isMultiSelect: true, value: 'facebook' });
    expect(
      cardParts(card)
        .filter((p) => p.type === 'Input.Date')
        .map((p) => p.id),
    ).toEqual(['start', 'end']);
  });

  it('when an admin plans or a plan is edited, then the practice is a choice, and Save carries the plan and its version', () => {
    const card = renderPlanFormCard(
      form({
        practices: [
          { value: 'p-1', title: 'Riverside Surgery' },
          { value: 'p-2', title: 'Hillside Medical Centre' },
        ],
        planId: 'plan-1',
        version: '"etag-1"',
      }),
    );

    checkCard(card);
    expect(cardText(card)).toMatch(/^Change a plan\n/);
    expect(cardParts(card).find((p) => p.id === 'practiceId')).toMatchObject({ value: 'p-1', style: 'compact' });
    expect(cardParts(card).find((p) => p.title === 'Save')!.data).toEqual({
      verb: PlanVerbs.save,
      planId: 'plan-1',
      version: '"etag-1"',
    });
    expect(cardParts(card).find((p) => p.title === 'Back to plans')).toMatchObject({ associatedInputs: 'none' });
  });

  it('when a plan has warnings, then each reason and fix shows with the text, and both choices carry everything typed', () => {
    const view: PlanCheckView = {
      title: 'Riverside Surgery: Facebook, Thursday 1 October',
      warnings: [
        {
          code: 'patient_id',
          reason: 'It has "943 476 5919" (a valid NHS number).',
          fix: 'Take it out.',
          words: ['943 476 5919'],
        },
        { code: 'overlap', reason: 'Hillside also plans a post for Stoptober.', fix: 'Suggest one joint PCN post.' },
      ],
      summary: 'Patient 943 476 5919 quit.',
      values: form().values,
      ack: 'abc123',
    };
    const card = renderPlanCheckCard(view);

    checkCard(card);
    expect(cardText(card)).toMatch(
      /^2 things to check before saving\nRiverside Surgery: Facebook, Thursday 1 October\. Nothing is saved yet\.\nIt has "943 476 5919" \(a valid NHS number\)\.\nTake it out\.\nHillside also plans a post for Stoptober\.\nSuggest one joint PCN post\.\nYour text\nPatient 943 476 5919 quit\./,
    );
    const actions = cardParts(card).filter((p) => p.type === 'Action.Execute');
    expect(actions.map((a) => a.title)).toEqual(['Change it', 'Go ahead anyway']);
    expect(actions[1]!.data).toEqual({ verb: PlanVerbs.goAhead, ...form().values, ack: 'abc123' });
    expect(actions[0]!.data).toEqual({ verb: PlanVerbs.change, ...form().values });
    expect(cardParts(card).filter((p) => String(p.type).startsWith('Input.'))).toEqual([]);
  });

  it('when the plans are listed, then each row has its buttons only where the person may change it', () => {
    const view: PlansListView = {
      title: 'Riverside PCN: coming plans',
      intro: 'Soonest first.',
      plans: [
        { planId: 'a', heading: 'Thursday 1 October: Facebook', detail: 'Riverside Surgery: text', status: '', canChange: true },
        { planId: 'b', heading: 'Friday 2 October: X', detail: 'Hillside: text', status: 'Posted', canChange: false },
      ],
      moreCount: 3,
      canPlan: true,
    };
    const card = renderPlansCard(view);

    checkCard(card);
    const actions = cardParts(card).filter((p) => p.type === 'Action.Execute');
    expect(actions.map((a) => `${a.title}${(a.data as Node).planId ? ` ${(a.data as Node).planId}` : ''}`)).toEqual([
      'Edit a',
      'Cancel a',
      'Mark posted a',
      'Plan a post',
    ]);
    expect(cardText(card)).toContain('3 more plans are still to come.');
    expect(cardText(renderPlansCard({ ...view, canPlan: false }))).not.toContain('Plan a post');
  });

  it('when a plan is announced, then the card says which practice, what, when, where and the warnings gone ahead with, and mentions nobody', () => {
    const view: AnnouncementView = {
      kind: 'planned',
      practiceName: 'Riverside Surgery',
      when: 'Thursday 1 October 2026',
      where: 'Facebook and Instagram',
      campaign: 'Stoptober',
      summary: 'Stoptober starts today.',
      owner: 'Priya Shah',
      wentAheadWith: ['It has "943 476 5919" (a valid NHS number).'],
      wentAheadBy: 'Priya Shah',
    };
    const card = renderAnnouncementCard(view);

    checkCard(card);
    expect(cardText(card)).toMatch(
      /^Riverside Surgery plans a post\nWhen\nThursday 1 October 2026\nWhere\nFacebook and Instagram\nCampaign\nStoptober\nOwner\nPriya Shah\nStoptober starts today\.\nPriya Shah went ahead despite a warning:\n- It has "943 476 5919"/,
    );
    expect((card as Node).msteams).toBeUndefined();
    expect(
      cardParts(card)
        .filter((p) => p.type === 'Action.Execute')
        .map((p) => p.data),
    ).toEqual([
      { verb: PlanVerbs.list, where: 'channel' },
      { verb: PlanVerbs.open, where: 'channel' },
    ]);
    const plain = renderAnnouncementCard({
      ...view,
      kind: 'cancelled',
      campaign: undefined,
      owner: undefined,
      wentAheadWith: [],
    });
    expect(cardText(plain)).toMatch(
      /^Riverside Surgery cancelled a plan\nWhen\n.*\nWhere\n.*\nWas: Stoptober starts today\.\nSee all plans/,
    );
  });

  it('when the digest is drawn, then days, the gaps and what did not fit are shown, and an empty fortnight says so', () => {
    const card = renderDigestCard({
      pcnName: 'Riverside PCN',
      period: 'Monday 21 December 2026 to Sunday 3 January 2027',
      days: [{ day: 'Monday 21 December', plans: ['Riverside Surgery: Facebook: text'] }],
      morePlans: 2,
      gaps: ['Dry January: Friday 1 January to Sunday 31 January 2027'],
    });

    checkCard(card);
    expect(cardText(card)).toContain('**Monday 21 December**\n- Riverside Surgery: Facebook: text');
    expect(cardText(card)).toContain('2 more plans: type **plans** to see them.');
    expect(cardText(card)).toContain('Starting soon, with nothing planned\n- Dry January');
    const empty = renderDigestCard({ pcnName: 'Riverside PCN', period: 'x', days: [], morePlans: 0, gaps: ['Dry January'] });
    expect(cardText(empty)).toContain('Nothing is planned yet for these two weeks.');
  });

  it("when a practice's card is drawn, then its services are ticked and its other services shown", () => {
    const card = renderPracticeEditCard({
      pcnName: 'Riverside PCN',
      roster: [],
      practice: {
        practiceId: 'p-1',
        name: 'Riverside Surgery',
        odsCode: 'B82005',
        leads: [],
        services: ['walkIn', 'saturday'],
        otherServices: 'Travel clinic',
      },
    });

    expect(cardParts(card).find((p) => p.id === 'services_p-1')).toMatchObject({
      isMultiSelect: true,
      value: 'walkIn,saturday',
      choices: expect.arrayContaining([{ title: 'Walk-in appointments', value: 'walkIn' }]),
    });
    expect(cardParts(card).find((p) => p.id === 'otherServices_p-1')).toMatchObject({ value: 'Travel clinic', maxLength: 200 });
  });
});

describe('what a plan card sends', () => {
  const sent = {
    verb: PlanVerbs.save,
    practiceId: 'p-1',
    start: '2026-10-01',
    end: '2026-10-02',
    platforms: 'facebook,instagram,facebook',
    campaign: 'national:stoptober',
    otherCampaign: '',
    summary: '  Stoptober starts today.  ',
    ownerId: 'aad-lead',
  };

  it('when it is right, then the plan input is read: platforms once each, the text trimmed, the campaign by id', () => {
    expect(parsePlanInput(sent)).toEqual({
      practiceId: 'p-1',
      start: '2026-10-01',
      end: '2026-10-02',
      platforms: ['facebook', 'instagram'],
      campaignId: 'national:stoptober',
      summary: 'Stoptober starts today.',
      ownerId: 'aad-lead',
    });
    expect(parsePlanInput({ ...sent, campaign: 'other', otherCampaign: 'Fun run' })).toMatchObject({ otherCampaign: 'Fun run' });
    expect(parsePlanInput({ ...sent, campaign: 'none' })).not.toHaveProperty('campaignId');
  });

  it.each([
    [{ platforms: 'facebook,myspace' }, 'Platforms must be chosen from the list: one of them is not a platform I know.'],
    [{ start: '1 October' }, 'From must be a date, such as 7 December 2026.'],
    [{ end: '2026-09-30' }, 'To must be on or after the From date.'],
    [{ summary: 's'.repeat(1001) }, 'Summary or draft text must be at most 1,000 characters.'],
    [{ ownerId: undefined }, 'Owner is required.'],
  ])('when %p is sent, then it is refused: %s', (over, message) => {
    expect(() => parsePlanInput({ ...sent, ...over })).toThrow(new ValidationError('x', message));
  });

  it('when a card is shown again, then what was sent is kept, cut to size, and anything unknown dropped', () => {
    const typed = typedPlanValues({
      ...sent,
      platforms: 'facebook,myspace',
      campaign: '<b>',
      summary: 'x'.repeat(5000),
      practiceId: 'a b',
    });

    expect(typed).toMatchObject({ platforms: 'facebook', campaign: '', practiceId: '' });
    expect(typed.summary).toHaveLength(1000);
  });
});
