import { Verbs } from '../../cards/verbs';
import type { OutboxItem, Plan } from '../../services/domain';
import { addDays, daysBetween, weekdayOf } from '../../services/domain/days';
import { refreshReminderKey } from '../../services/refresh/refresh-check';
import { cardText, type Harness, PCN_ID, PEOPLE, startHarness } from '../support/bot-harness';
import { pressButton } from '../support/card-text';
import { FakeClock } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';

const PRIYA = { aadObjectId: PEOPLE.lead.aadObjectId, name: PEOPLE.lead.name };

/**
 * Bank holidays in England and Wales from GOV.UK (www.gov.uk/bank-holidays),
 * written out here rather than read from the bot's own list, so the test
 * checks that list too.
 */
const BANK_HOLIDAYS = new Set([
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
]);
const FIRST_DAY = '2026-11-02';
const LAST_DAY = '2027-11-01';

/** The rules as DOMAIN.md states them, worked out by the test for each day: what Priya's card must hold. */
class ExpectedReminders {
  refreshed = FIRST_DAY;
  aboutChecked = FIRST_DAY;
  snoozedUntil = '';
  readonly settled = new Set<string>();

  due(day: string): string[] {
    if ([0, 6].includes(weekdayOf(day)) || BANK_HOLIDAYS.has(day) || day < this.snoozedUntil) return [];
    const due: string[] = [];
    if (daysBetween(this.refreshed, day) >= 14) due.push('stale');
    if (daysBetween(this.aboutChecked, day) >= 90) due.push('about');
    // Stoptober 2026 ended on Saturday 31 October; flu vaccination season 2026/27 on Wednesday 31 March 2027.
    if (day >= '2026-11-01' && day <= '2026-11-30' && !this.settled.has('stoptober')) due.push('season:stoptober');
    if (day >= '2027-04-01' && day <= '2027-04-30' && !this.settled.has('flu')) due.push('season:flu');
    return due;
  }

  /** Done answers everything on the card at once. */
  done(day: string, due: readonly string[]): void {
    if (due.includes('stale')) this.refreshed = day;
    if (due.includes('about')) this.aboutChecked = day;
    for (const d of due) if (d.startsWith('season:')) this.settled.add(d.slice('season:'.length));
  }
}

/**
 * A whole year of the daily refresh check on a fake clock (10:00 London,
 * every day from Monday 2 November 2026): Priya owns Riverside's Facebook
 * page and presses Done on each card (Snooze once), and her cards must come
 * on exactly the days the rules say, bundled, and never at a weekend or on a
 * bank holiday: the channel going stale 14 days after each refresh, its
 * "about" text every 90 days, a Stoptober plan still marked planned in
 * November, and a flu clinic post still up in the April after the flu season.
 */
describe.each(STORE_KINDS)('a year of refresh reminders (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  let clock: FakeClock;
  let riverside: string;

  beforeEach(async () => {
    clock = new FakeClock('2026-10-30T12:00:00Z');
    h = await startHarness({ clock, env: { ...storeEnv(), JOBS: '0' }, connectorOnClock: true });
    h.app.deps.dispatcher.start();
    await h.install(PEOPLE.admin);
    await h.invoke(PEOPLE.admin, Verbs.addPractice, {
      newName: 'Riverside Surgery',
      newOds: 'B82005',
      newLeads: PRIYA.aadObjectId,
    });
    riverside = (await h.store.practices.list(PCN_ID))[0]!.practiceId;
    const at = `${FIRST_DAY}T09:00:00.000Z`;
    await h.store.channels.create({
      pcnId: PCN_ID,
      channelId: 'fb',
      practiceId: riverside,
      platform: 'facebook',
      address: '@RiversideSurgery',
      owner: PRIYA,
      createdAt: at,
      createdBy: PRIYA,
      updatedAt: at,
      lastRefreshedAt: at,
      aboutReviewedAt: at,
    });
    const plan = (planId: string, fields: Partial<Plan>): Plan => ({
      pcnId: PCN_ID,
      planId,
      practiceId: riverside,
      start: '2026-10-12',
      end: '2026-10-12',
      startMonth: '2026-10',
      platforms: ['instagram'],
      summary: 'Flu clinics every Saturday in October: book online',
      status: 'posted',
      createdBy: PRIYA,
      createdAt: '2026-10-01T09:00:00.000Z',
      updatedAt: '2026-10-12T09:00:00.000Z',
      ...fields,
    });
    await h.store.plans.create(plan('plan-flu', { campaignId: 'national:flu-vaccination-season' }));
    await h.store.plans.create(
      plan('plan-stoptober', {
        campaignId: 'national:stoptober',
        start: '2026-10-20',
        end: '2026-10-20',
        summary: 'Stoptober: free support from the stop smoking service',
        status: 'planned',
        updatedAt: '2026-10-01T09:00:00.000Z',
      }),
    );
  });
  afterEach(() => h.close());

  const cardFor = async (day: string): Promise<OutboxItem | undefined> => {
    clock.set(`${day}T10:00:00Z`);
    await h.app.deps.scheduler.tick();
    await h.app.deps.dispatcher.settle();
    return h.store.outbox.get(PCN_ID, refreshReminderKey(day, PRIYA.aadObjectId));
  };
  const holds = (card: OutboxItem): string[] => {
    const refs = String(pressButton(card.message.card, 'Done').data.reminders).split(',');
    return refs
      .map((r) =>
        r === 'season:plan-flu' ? 'season:flu' : r === 'season:plan-stoptober' ? 'season:stoptober' : r.split(':')[0]!,
      )
      .sort();
  };
  const press = async (card: OutboxItem, title: string) => {
    const { verb, data } = pressButton(card.message.card, title);
    return String((await h.invoke(PEOPLE.lead, verb, data)).body.value);
  };

  // 365 scheduler ticks: a few seconds on SQLite, about a minute on the Cosmos DB test server (it scans on every query).
  it('when a year passes, then each card comes on the day the rules say, with what they say, and Done and Snooze hold', async () => {
    const expected = new ExpectedReminders();
    const days: string[] = [];
    const wrong: string[] = [];
    const texts = new Map<string, string>();
    for (let day = FIRST_DAY; day <= LAST_DAY; day = addDays(day, 1)) {
      const want = expected.due(day).sort();
      const card = await cardFor(day);
      const got = card ? holds(card) : [];
      if (want.join() !== got.join()) wrong.push(`${day}: expected [${want.join()}], got [${got.join()}]`);
      if (!card) continue;
      days.push(day);
      for (const item of got) if (!texts.has(item)) texts.set(item, cardText(card.message.card));
      if (day === FIRST_DAY) {
        expect(await press(card, 'Snooze 7 days')).toBe(
          'Snoozed until Monday 9 November. I will remind you again then if it is still due.',
        );
        expected.snoozedUntil = addDays(day, 7);
      } else {
        expect(await press(card, 'Done')).toBe('Thanks: marked done today.');
        expected.done(day, want);
      }
    }
    expect(wrong).toEqual([]);
    // The year brought cards for every rule, on working days only.
    expect([...texts.keys()].sort()).toEqual(['about', 'season:flu', 'season:stoptober', 'stale']);
    expect(days.filter((d) => [0, 6].includes(weekdayOf(d)) || BANK_HOLIDAYS.has(d))).toEqual([]);
    // Flu season ended on Wednesday 31 March; Thursday 1 April is the first working day after it.
    expect(days).toContain('2027-04-01');
    expect(texts.get('season:flu')).toContain(
      'Riverside Surgery\'s Instagram post "Flu clinics every Saturday in October: book online" (posted Monday 12 October): Flu vaccination season ended on Wednesday 31 March.',
    );
    expect(texts.get('season:stoptober')).toContain(
      'Riverside Surgery\'s plan "Stoptober: free support from the stop smoking service" for Stoptober is still marked planned, but Stoptober ended on Saturday 31 October. Type "plans" to mark it posted or cancel it.',
    );
    // Done on a plan out of season is remembered on the plan's reminder, and the plan itself is left as it was.
    expect((await h.store.channels.getReminder(PCN_ID, 'season', 'plan-flu'))?.done?.basis).toBe('posted:2027-03-31');
    expect((await h.store.plans.get(PCN_ID, 'plan-stoptober'))?.status).toBe('planned');
  }, 240_000);
});
