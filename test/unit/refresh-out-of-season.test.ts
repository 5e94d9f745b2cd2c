import { CampaignCalendarService } from '../../services/campaigns';
import type { PcnCampaign, Plan } from '../../services/domain';
import { OUT_OF_SEASON_DAYS, outOfSeasonPlans } from '../../services/refresh/out-of-season';
import { healthFair, PRIYA } from '../support/campaign-fixtures';

const PCN = 'tenant:team';
const fair: PcnCampaign = healthFair(PCN);
const calendar = new CampaignCalendarService({ list: async () => [fair] });
const names = new Map([['riverside', 'Riverside Surgery']]);

function plan(planId: string, campaignId: string | undefined, start: string, status: Plan['status'] = 'posted'): Plan {
  return {
    pcnId: PCN,
    planId,
    practiceId: 'riverside',
    start,
    end: start,
    startMonth: start.slice(0, 7),
    platforms: ['facebook'],
    campaignId,
    summary: `Plan ${planId}`,
    status,
    createdBy: PRIYA,
    owner: { aadObjectId: 'jo', name: 'Jo Bloggs' },
    createdAt: `${start}T08:00:00.000Z`,
    updatedAt: `${start}T09:00:00.000Z`,
  };
}

const found = async (plans: Plan[], today: string) =>
  (await outOfSeasonPlans(plans, calendar, PCN, today, names)).map((f) => `${f.plan.planId}:${f.why}:${f.owner.name}`).sort();

describe('plans out of season', () => {
  const plans = [
    plan('flu', 'national:flu-vaccination-season', '2026-10-12'),
    // Mental Health Awareness Week posts stay true after the week: not reminded when posted...
    plan('mhaw', 'national:mental-health-awareness-week', '2027-05-10'),
    // ...but a plan for it never marked posted is.
    plan('mhaw-planned', 'national:mental-health-awareness-week', '2027-05-11', 'planned'),
    plan('cancelled', 'national:flu-vaccination-season', '2026-10-13', 'cancelled'),
    plan('no-campaign', undefined, '2026-10-14', 'planned'),
    // A PCN's own campaign is an event: its posts go out of date.
    plan('fair', 'pcn:health-fair', '2027-05-01'),
    // Unknown practice (removed): nobody to remind.
    { ...plan('gone', 'national:flu-vaccination-season', '2026-10-15'), practiceId: 'gone' },
  ];

  it.each([
    ['2027-03-31', []],
    ['2027-04-01', ['flu:posted:Jo Bloggs']],
    [`2027-04-${OUT_OF_SEASON_DAYS}`, ['flu:posted:Jo Bloggs']],
    ['2027-05-01', []],
    ['2027-05-09', ['fair:posted:Jo Bloggs']],
    ['2027-05-17', ['fair:posted:Jo Bloggs', 'mhaw-planned:planned:Jo Bloggs']],
  ])('on %s, then %j', async (today, expected) => {
    expect(await found(plans, today)).toEqual(expected);
  });

  it('given a flu post made before the season opened, then it belongs to the season that followed', async () => {
    expect(await found([plan('early', 'national:flu-vaccination-season', '2026-08-20')], '2027-04-01')).toEqual([
      'early:posted:Jo Bloggs',
    ]);
  });
});
