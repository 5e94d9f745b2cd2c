import { CampaignCalendarService } from '../../services/campaigns';
import type { Plan, PlanWarning } from '../../services/domain';
import { NameMatcher } from '../../services/ask/names';
import { acknowledgement, draftContext, overlapWarning, planWarnings, readShortcut } from '../../services/plans';

const plan = (over: Partial<Plan>): Plan => ({
  pcnId: 'pcn',
  planId: 'other',
  practiceId: 'hillside',
  start: '2026-10-07',
  end: '2026-10-07',
  startMonth: '2026-10',
  platforms: ['facebook'],
  campaignId: 'national:stoptober',
  campaignName: 'Stoptober',
  summary: 'Stop smoking support.',
  status: 'planned',
  createdBy: { aadObjectId: 'a', name: 'Jo Evans' },
  createdAt: '2026-09-01T09:00:00Z',
  updatedAt: '2026-09-01T09:00:00Z',
  ...over,
});
const names = (id: string) => ({ hillside: 'Hillside Medical Centre', valley: 'Valley Practice' })[id] ?? 'A practice';
// Monday 5 October 2026 to Sunday 11 October.
const draft = {
  practiceId: 'riverside',
  start: '2026-10-05',
  end: '2026-10-05',
  campaignId: 'national:stoptober',
  campaignName: 'Stoptober',
};

describe('what the text checks know of the PCN', () => {
  it('when the other practices have said what they offer, then only what every one of them offers counts as offered by all', () => {
    const context = draftContext('riverside', [
      { practiceId: 'riverside', services: [] },
      { practiceId: 'hillside', services: ['walkIn', 'sameDay', 'onlineBooking'] },
      { practiceId: 'valley', services: ['sameDay', 'onlineBooking', 'saturday'] },
    ]);

    expect(context).toEqual({ offeredByAllPartners: new Set(['sameDay', 'onlineBooking']), hasPartners: true });
  });

  it('when a partner has said nothing, or the practice is alone in the PCN, then nothing is offered by all, and partners are said', () => {
    expect(draftContext('riverside', [{ practiceId: 'riverside' }, { practiceId: 'hillside' }])).toEqual({
      offeredByAllPartners: new Set(),
      hasPartners: true,
    });
    expect(draftContext('riverside', [{ practiceId: 'riverside', services: ['walkIn'] }])).toEqual({
      offeredByAllPartners: new Set(),
      hasPartners: false,
    });
  });
});

describe('overlap: another practice, the same campaign, the same week', () => {
  it('when another practice plans the same campaign in the same Monday-to-Sunday week, then one warning names it and suggests a joint post', () => {
    const warning = overlapWarning(
      draft,
      [plan({}), plan({ planId: 'two', practiceId: 'valley', start: '2026-10-11', end: '2026-10-11' })],
      names,
    );

    expect(warning).toEqual({
      code: 'overlap',
      reason: 'Hillside Medical Centre and Valley Practice also plan a post for Stoptober in the week of Monday 5 October.',
      fix: 'Suggest one joint PCN post instead: agree the words with Hillside Medical Centre and Valley Practice and post it once for the whole PCN, or choose another week.',
    });
  });

  it.each([
    ['the week after', plan({ start: '2026-10-12', end: '2026-10-12' })],
    ['the Sunday before', plan({ start: '2026-10-04', end: '2026-10-04' })],
    [
      'another campaign',
      plan({ campaignId: 'national:breast-cancer-awareness-month', campaignName: 'Breast Cancer Awareness Month' }),
    ],
    ['the same practice', plan({ practiceId: 'riverside' })],
    ['a cancelled plan', plan({ status: 'cancelled' })],
    ['the plan itself, being edited', plan({ planId: 'mine' })],
  ])('when the other plan is %s, then there is no overlap', (_what, other) => {
    expect(overlapWarning({ ...draft, planId: 'mine' }, [other], names)).toBeUndefined();
  });

  it('when plans name a campaign not in the calendar, then the same name however typed is the same campaign, and a range touching the week counts', () => {
    const typed = { practiceId: 'riverside', start: '2026-10-01', end: '2026-10-06', campaignName: 'Riverside  fun-run' };
    const other = plan({ campaignId: undefined, campaignName: 'riverside fun run', start: '2026-10-06', end: '2026-10-06' });

    expect(overlapWarning(typed, [other], names)?.code).toBe('overlap');
    expect(overlapWarning({ ...typed, campaignName: undefined }, [other], names)).toBeUndefined();
  });

  it('when the text and the PCN both raise warnings, then the text ones come first, then overlap', () => {
    const warnings = planWarnings(
      { ...draft, summary: 'Patient 943 476 5919 quit smoking.' },
      { practices: [{ practiceId: 'riverside' }, { practiceId: 'hillside' }], others: [plan({})] },
      names,
    );

    expect(warnings.map((w) => w.code)).toEqual(['patient_id', 'overlap']);
  });
});

describe('what Go ahead anyway acknowledges', () => {
  const w = (reason: string): PlanWarning => ({ code: 'patient_id', reason, fix: 'Take it out.' });

  it('when the warnings are the same, then so is the acknowledgement; another reason or another warning changes it', () => {
    expect(acknowledgement([w('It has 943 476 5919.')])).toBe(acknowledgement([w('It has 943 476 5919.')]));
    expect(acknowledgement([w('It has 943 476 5919.')])).not.toBe(acknowledgement([w('It has 401 023 2137.')]));
    expect(acknowledgement([w('a')])).not.toBe(acknowledgement([w('a'), { ...w('b'), code: 'overlap' }]));
    expect(acknowledgement([w('a')])).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe('plan shortcuts in plain English', () => {
  let matcher: NameMatcher;
  beforeAll(async () => {
    const calendar = new CampaignCalendarService({ list: async () => [] });
    matcher = new NameMatcher(
      (await calendar.names(undefined)).map((c) => ({ id: c.campaignId, name: c.name, aliases: c.aliases })),
    );
  });
  // Monday 30 November 2026.
  const read = (text: string) => {
    const said = readShortcut(text, '2026-11-30', matcher);
    return { platforms: said.platforms, range: said.range, campaign: said.campaign?.name, summary: said.summary };
  };

  it.each([
    [
      'plan a Facebook post about flu clinics on 3 Dec',
      {
        platforms: ['facebook'],
        range: { start: '2026-12-03', end: '2026-12-03' },
        campaign: 'Flu vaccination season',
        summary: 'flu clinics',
      },
    ],
    [
      'plan Instagram for Stoptober next Tuesday',
      { platforms: ['instagram'], range: { start: '2026-12-08', end: '2026-12-08' }, campaign: 'Stoptober' },
    ],
    [
      'plan X and FB posts about our Saturday clinic w/c 7 Dec',
      { platforms: ['facebook', 'x'], range: { start: '2026-12-07', end: '2026-12-13' }, summary: 'our Saturday clinic' },
    ],
    [
      'plan a TikTok for Dry January in January',
      { platforms: ['tiktok'], range: { start: '2027-01-01', end: '2027-01-31' }, campaign: 'Dry January' },
    ],
    ['plan a website post tomorrow', { platforms: ['website'], range: { start: '2026-12-01', end: '2026-12-01' } }],
    ['plan something next year', { platforms: [], range: { start: '2027-01-01', end: '2027-01-31' } }],
    ['plan a post', { platforms: [] }],
    ['plan', { platforms: [] }],
  ])('"%s"', (text, expected) => {
    const said = read(text);
    expect(Object.fromEntries(Object.entries(said).filter(([, v]) => v !== undefined))).toEqual(expected);
  });
});
