import { RefreshVerbs } from '../../cards/refresh';
import { Verbs } from '../../cards/verbs';
import type { FollowUpAction, OutboxItem } from '../../services/domain';
import type { ChannelRecord } from '../../services/domain/channels';
import { addDays, weekdayOf } from '../../services/domain/days';
import { actionId } from '../../services/store/quick-check-repository';
import { cardText, type Harness, PCN_ID, PEOPLE, type Someone, startHarness } from '../support/bot-harness';
import { pressButton } from '../support/card-text';
import { FakeClock } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';

const PRIYA = { aadObjectId: PEOPLE.lead.aadObjectId, name: PEOPLE.lead.name };
const JO = { aadObjectId: PEOPLE.newcomer.aadObjectId, name: PEOPLE.newcomer.name };

/**
 * The daily refresh check as the scheduler drives it (10:00 London), on a
 * fake clock from Monday 30 November to Tuesday 29 December 2026: the right
 * reminders on the right days, bundled into one card per person per day,
 * Snooze coming back 7 days later, Done and Not relevant keeping them away,
 * and nothing at weekends or on the Christmas bank holidays (Friday 25 and
 * Monday 28 December).
 */
describe.each(STORE_KINDS)('the daily refresh reminders (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  let clock: FakeClock;
  let riverside: string;
  let hillside: string;

  beforeEach(async () => {
    clock = new FakeClock('2026-11-27T12:00:00Z');
    h = await startHarness({ clock, env: { ...storeEnv(), JOBS: '0' }, connectorOnClock: true });
    h.app.deps.dispatcher.start();
    await h.install(PEOPLE.admin);
    await h.invoke(PEOPLE.admin, Verbs.addPractice, {
      newName: 'Riverside Surgery',
      newOds: 'B82005',
      newLeads: PRIYA.aadObjectId,
    });
    await h.invoke(PEOPLE.admin, Verbs.addPractice, {
      newName: 'Hillside Medical Centre',
      newOds: 'B82006',
      newLeads: JO.aadObjectId,
    });
    const practices = await h.store.practices.list(PCN_ID);
    riverside = practices.find((p) => p.name === 'Riverside Surgery')!.practiceId;
    hillside = practices.find((p) => p.name === 'Hillside Medical Centre')!.practiceId;
    // Jo has a 1:1 chat with the bot; Priya does not.
    await h.say(PEOPLE.newcomer, 'hello', 'personal');
    const channel = (channelId: string, fields: Partial<ChannelRecord>): ChannelRecord => ({
      pcnId: PCN_ID,
      channelId,
      practiceId: riverside,
      platform: 'facebook',
      address: '@RiversideSurgery',
      owner: PRIYA,
      createdAt: '2026-11-01T09:00:00.000Z',
      createdBy: PRIYA,
      updatedAt: '2026-11-01T09:00:00.000Z',
      ...fields,
    });
    // Instagram: "about" checked 1 September (due 30 November), refreshed 29 November (stale from 13 December).
    await h.store.channels.create(
      channel('insta', {
        platform: 'instagram',
        address: '@riverside.surgery',
        createdAt: '2026-08-01T09:00:00.000Z',
        aboutReviewedAt: '2026-09-01T09:00:00.000Z',
        lastRefreshedAt: '2026-11-29T12:00:00.000Z',
      }),
    );
    // Facebook: refreshed 20 November (stale from 4 December), "about" checked 1 November.
    await h.store.channels.create(
      channel('fb', { aboutReviewedAt: '2026-11-01T09:00:00.000Z', lastRefreshedAt: '2026-11-20T12:00:00.000Z' }),
    );
    // Hillside's Facebook: refreshed 27 November (stale from 11 December).
    await h.store.channels.create(
      channel('hill', {
        practiceId: hillside,
        owner: JO,
        address: '@HillsideMC',
        aboutReviewedAt: '2026-11-01T09:00:00.000Z',
        lastRefreshedAt: '2026-11-27T12:00:00.000Z',
      }),
    );
    const action: FollowUpAction = {
      pcnId: PCN_ID,
      quarter: '2026-Q3',
      practiceId: riverside,
      questionId: 'strategy',
      status: 'open',
      openedAt: '2026-10-05T09:00:00.000Z',
      openedBy: PRIYA,
    };
    await h.store.documents.create({ ...action, type: 'action', id: actionId('2026-Q3', riverside, 'strategy') });
  });
  afterEach(() => h.close());

  const reminders = async () =>
    (await h.store.documents.query<OutboxItem>(PCN_ID, 'outbox', { limit: 1000 })).items.filter((i) =>
      i.key.startsWith('refresh-reminder:'),
    );

  /** Runs the scheduler at 10:00 London on the day; returns that day's cards: who, where, and what each bundles. */
  const on = async (day: string) => {
    clock.set(`${day}T10:00:00Z`);
    await h.app.deps.scheduler.tick();
    await h.app.deps.dispatcher.settle();
    const items = (await reminders()).filter((i) => i.key.startsWith(`refresh-reminder:${day}:`));
    return items;
  };
  const summary = (items: readonly OutboxItem[]) =>
    Object.fromEntries(
      items.map((i) => {
        const who = i.key.endsWith(PRIYA.aadObjectId) ? 'Priya' : 'Jo';
        const data = pressButton(i.message.card, 'Done').data;
        return [who, String(data.reminders).split(',').sort().join(' ')];
      }),
    );
  const press = async (who: Someone, item: OutboxItem, title: string, typed: Record<string, string> = {}) => {
    const { verb, data } = pressButton(item.message.card, title, typed);
    const { body } = await h.invoke(who, verb, data);
    return String(body.value);
  };

  it('when the weeks pass, then each working day brings the right bundle to the right person, and answers are kept', async () => {
    const seen: Record<string, Record<string, string>> = {};
    const said: string[] = [];
    for (let day = '2026-11-30'; day <= '2026-12-29'; day = addDays(day, 1)) {
      const items = await on(day);
      if (items.length) seen[day] = summary(items);
      const priya = items.find((i) => i.key.endsWith(PRIYA.aadObjectId));
      const jo = items.find((i) => i.key.endsWith(JO.aadObjectId));
      if (day === '2026-11-30') {
        // Posted in the channel, @mentioning Priya (no 1:1 chat); one card for both reminders.
        expect(priya?.target.kind).toBe('newThread');
        expect(priya?.message.mentions).toEqual([PRIYA]);
        const text = cardText(priya!.message.card);
        expect(text).toMatch(
          /\nRiverside Surgery: reminders for Monday 30 November\n<at>Priya Shah<\/at>, these are waiting for you\.\n/,
        );
        expect(text).toContain('Instagram (@riverside.surgery): "about" text last checked Tuesday 1 September (90 days).');
        expect(text).toContain(
          'Riverside Surgery has one quick check follow-up open from Q2 2026/27 (July to September 2026): Strategy.',
        );
        said.push(await press(PEOPLE.lead, priya!, 'Snooze 7 days'));
      }
      if (day === '2026-12-07') said.push(await press(PEOPLE.lead, priya!, 'Done'));
      if (day === '2026-12-11') {
        expect(jo?.target.kind).toBe('conversation');
        expect(jo?.message.mentions).toBeUndefined();
        said.push(await press(PEOPLE.newcomer, jo!, 'Not relevant'));
        said.push(await press(PEOPLE.newcomer, jo!, 'Not relevant', { reason: 'We post on the website instead.' }));
      }
    }

    const both = 'stale:fb stale:insta';
    expect(seen).toEqual({
      '2026-11-30': { Priya: 'about:insta actions:' + riverside },
      // Snoozed until Monday 7 December: only the Facebook reminder, newly due, comes before then.
      '2026-12-04': { Priya: 'stale:fb' },
      '2026-12-07': { Priya: `about:insta actions:${riverside} stale:fb` },
      '2026-12-11': { Jo: 'stale:hill' },
      '2026-12-14': { Priya: 'stale:insta' },
      '2026-12-15': { Priya: 'stale:insta' },
      '2026-12-16': { Priya: 'stale:insta' },
      '2026-12-17': { Priya: 'stale:insta' },
      '2026-12-18': { Priya: 'stale:insta' },
      '2026-12-21': { Priya: both },
      '2026-12-22': { Priya: both },
      '2026-12-23': { Priya: both },
      '2026-12-24': { Priya: both },
      '2026-12-29': { Priya: both },
    });
    // Weekdays only: none on a Saturday or Sunday.
    expect(Object.keys(seen).filter((day) => [0, 6].includes(weekdayOf(day)))).toEqual([]);
    expect(said).toEqual([
      'Snoozed until Monday 7 December. I will remind you again then if it is still due.',
      'Thanks: marked done today.',
      'Say why it is not relevant, so others know: type a reason, then press Not relevant.',
      'Noted as not relevant, with your reason. I will not remind you about it again unless it changes.',
    ]);
    const fb = await h.store.channels.get(PCN_ID, 'fb');
    expect(fb?.lastRefreshedAt).toBe('2026-12-07T10:00:00.000Z');
    expect((await h.store.channels.get(PCN_ID, 'insta'))?.aboutReviewedAt).toBe('2026-12-07T10:00:00.000Z');
    expect((await h.store.channels.getReminder(PCN_ID, 'stale', 'hill'))?.notRelevant?.reason).toBe(
      'We post on the website instead.',
    );
    // Each card was posted once, whatever the ticks.
    const sent = h.connector.activities().filter((a) => a.idempotencyKey?.startsWith('refresh-reminder:'));
    expect(sent).toHaveLength(Object.values(seen).reduce((n, s) => n + Object.keys(s).length, 0));
  });

  it('when the check runs twice on a day, then each person still gets one card', async () => {
    await on('2026-11-30');
    await h.app.deps.refreshCheck.queueDaily((await h.store.pcns.get(PCN_ID))!, '2026-11-30');
    expect(await reminders()).toHaveLength(1);
  });

  it('when someone who does not lead the practice presses a reminder button, then nothing is stored', async () => {
    const [item] = await on('2026-11-30');
    expect(await press(PEOPLE.member, item!, 'Snooze 7 days')).toMatch(/^Thanks, but only Riverside Surgery's practice leads/);
    expect(await h.store.channels.listReminders(PCN_ID)).toEqual([]);
    const { body } = await h.invoke(PEOPLE.lead, RefreshVerbs.done, { pcnId: PCN_ID, reminders: 'stale:../x' });
    expect(body.value).toBe('That reminder card is out of date, so I have not changed anything.');
  });
});
