import { CampaignCalendarService } from '../../services/campaigns';
import { DEFAULT_PCN_SETTINGS, type Pcn, type Plan } from '../../services/domain';
import { DigestService } from '../../services/plans';
import type { Store } from '../../services/store';
import { FakeClock, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const PCN = 'tenant-1:team-digest';
const pcn: Pcn = {
  pcnId: PCN,
  tenantId: 'tenant-1',
  teamId: 'team-digest',
  name: 'Riverside PCN',
  admins: [],
  postingChannel: { id: 'team-digest', name: 'General' },
  serviceUrl: 'https://smba.example/uk/',
  botId: '28:bot',
  installedAt: '2026-01-01T00:00:00Z',
  active: true,
  settings: DEFAULT_PCN_SETTINGS,
  odsCodes: {},
};

describe('the weekly digest, as a view', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let digest: DigestService;

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
    await store.pcns.create(pcn);
    await store.practices.create({
      pcnId: PCN,
      practiceId: 'p-1',
      name: 'Riverside Surgery',
      odsCode: 'B82005',
      leads: [],
      createdAt: '',
    });
    const calendar = new CampaignCalendarService(store.campaigns);
    const card = () => ({ type: 'AdaptiveCard' as const, version: '1.4' });
    const cards = { announcement: card, digest: card };
    digest = new DigestService({
      store,
      calendar,
      clock: new FakeClock('2026-12-21T09:00:00Z'),
      logger: silentLogger(),
      outbox: { enqueue: async () => ({ created: true }) as never },
      cards,
    });
  });
  afterEach(() => dispose());

  const plan = (n: number, day: string, over: Partial<Plan> = {}): Plan => ({
    pcnId: PCN,
    planId: `plan-${n}`,
    practiceId: 'p-1',
    start: day,
    end: day,
    startMonth: day.slice(0, 7),
    platforms: ['facebook'],
    summary: `Post number ${n}: a summary long enough to take most of a line on the card.`,
    status: 'planned',
    createdBy: { aadObjectId: 'a', name: 'Priya Shah' },
    createdAt: `2026-12-01T09:00:${String(n).padStart(2, '0')}Z`,
    updatedAt: '2026-12-01T09:00:00Z',
    ...over,
  });

  it('when the fortnight is full, then the gap is kept, the plans fill what is left by day, and the rest are counted', async () => {
    for (let n = 1; n <= 14; n++) await store.plans.create(plan(n, `2026-12-${String(20 + Math.ceil(n / 2)).padStart(2, '0')}`));

    const view = (await digest.view(pcn))!;

    expect(view.gaps).toEqual(['Dry January: Friday 1 January to Sunday 31 January 2027']);
    const shown = view.days.flatMap((d) => d.plans).length;
    expect(shown).toBeGreaterThan(2);
    expect(shown + view.morePlans).toBe(14);
    expect(view.days[0]).toEqual({
      day: 'Monday 21 December',
      plans: [
        expect.stringMatching(/^Riverside Surgery: Facebook: Post number 1: a summary long enough/),
        expect.stringMatching(/^Riverside Surgery: Facebook: Post number 2: .*…$/),
      ],
    });
    expect(view.days.flatMap((d) => d.plans).every((line) => line.length <= 100)).toBe(true);
  });

  it('when a plan is for the coming campaign, by its id or its name typed as Other, then it is no gap; cancelled plans do not count', async () => {
    await store.plans.create(plan(1, '2027-01-01', { campaignName: 'dry january' }));
    expect(await digest.view(pcn)).toMatchObject({ gaps: [], days: [{ day: 'Friday 1 January' }] });

    await store.plans.create(plan(2, '2026-12-22', { status: 'cancelled' }));
    await store.plans.replace({ ...(await store.plans.get(PCN, 'plan-1'))!, status: 'cancelled' });
    expect(await digest.view(pcn)).toMatchObject({ days: [], gaps: ['Dry January: Friday 1 January to Sunday 31 January 2027'] });
  });
});
