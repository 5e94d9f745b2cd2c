import ICAL from 'ical.js';
import { CalendarFeedService, CampaignCalendarService, signFeedPath, verifyFeedFile } from '../../services/campaigns';
import { DEFAULT_PCN_SETTINGS, type Pcn, type Plan } from '../../services/domain';
import { ForbiddenError } from '../../services/errors';
import type { Store } from '../../services/store';
import { FakeClock, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const PCN_ID = 'tenant-1:19:riverside@thread.tacv2';
const ADMIN = { aadObjectId: 'admin-1', name: 'Alex Morgan' };
const MEMBER = { aadObjectId: 'member-1', name: 'Sam Jones' };
const SECRET = Buffer.from('a test secret that is long enough to sign with', 'utf8');
const BASE = 'https://bot.example.nhs.uk';

function pcn(): Pcn {
  return {
    pcnId: PCN_ID,
    tenantId: 'tenant-1',
    teamId: '19:riverside@thread.tacv2',
    name: 'Riverside PCN',
    admins: [ADMIN],
    postingChannel: { id: '19:riverside@thread.tacv2', name: 'General' },
    serviceUrl: 'https://smba.example/uk/',
    botId: 'bot-1',
    installedAt: '2026-09-01T09:00:00.000Z',
    active: true,
    settings: DEFAULT_PCN_SETTINGS,
    odsCodes: {},
  };
}

function plan(planId: string, start: string, over: Partial<Plan> = {}): Plan {
  return {
    pcnId: PCN_ID,
    planId,
    practiceId: 'p-1',
    start,
    end: start,
    startMonth: start.slice(0, 7),
    platforms: ['facebook', 'instagram'],
    campaignId: 'national:stoptober',
    summary: 'Stoptober: our stop smoking clinic dates',
    owner: { aadObjectId: 'lead-1', name: 'Priya Shah' },
    status: 'planned',
    createdBy: { aadObjectId: 'lead-1', name: 'Priya Shah' },
    createdAt: '2026-09-01T09:00:00.000Z',
    updatedAt: '2026-09-01T09:00:00.000Z',
    ...over,
  };
}

/** The feed's events as a calendar app reads them (ical.js). */
function read(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      allDay: event.startDate.isDate && event.endDate.isDate,
      category: String(v.getFirstPropertyValue('categories') ?? ''),
    };
  });
  return {
    name: calendar.getFirstPropertyValue('x-wr-calname'),
    zone: calendar.getFirstPropertyValue('x-wr-timezone'),
    events,
  };
}

const fileOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('calendar feed links', () => {
  it('when a link is signed, then it verifies to its PCN and version, and any change to it does not', () => {
    const path = signFeedPath({ pcnId: PCN_ID, version: 3 }, SECRET);
    const file = fileOf(path);
    const [feed, sig] = file.split('.');

    expect(path).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}\.ics$/);
    expect(verifyFeedFile(file, SECRET)).toEqual({ pcnId: PCN_ID, version: 3 });
    const other = fileOf(signFeedPath({ pcnId: 'tenant-1:19:other@thread.tacv2', version: 3 }, SECRET)).split('.')[0];
    expect(verifyFeedFile(`${other}.${sig}.ics`, SECRET)).toBeUndefined();
    expect(verifyFeedFile(`${feed}.${sig!.slice(0, -1)}${sig!.endsWith('A') ? 'B' : 'A'}.ics`, SECRET)).toBeUndefined();
    expect(verifyFeedFile(file, Buffer.from('another secret altogether, also long'))).toBeUndefined();
    expect(verifyFeedFile(file.replace('.ics', '.csv'), SECRET)).toBeUndefined();
    for (const junk of [
      '',
      '.ics',
      'x.y.ics',
      `${Buffer.from('not json').toString('base64url')}.${sig}.ics`,
      `${Buffer.from('["a",0]').toString('base64url')}.${sig}.ics`,
    ]) {
      expect(verifyFeedFile(junk, SECRET)).toBeUndefined();
    }
  });
});

describe('the calendar feed', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  const clock = new FakeClock('2026-09-15T09:00:00Z');
  let feed: CalendarFeedService;

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
    await store.pcns.create(pcn());
    await store.practices.create({
      pcnId: PCN_ID,
      practiceId: 'p-1',
      name: 'Riverside Surgery',
      odsCode: 'B82005',
      leads: [],
      createdAt: '2026-09-01T09:00:00.000Z',
    });
    feed = new CalendarFeedService(
      { store, calendar: new CampaignCalendarService(store.campaigns), clock, logger: silentLogger() },
      { secret: SECRET, baseUrl: BASE },
    );
  });
  afterEach(() => dispose());

  it('when the feed is read, then it is all-day events for the next 12 months, named for the PCN, in London time', async () => {
    const { url } = await feed.link(PCN_ID);
    const result = await feed.download(fileOf(url));
    if (result.status !== 200) throw new Error(result.message);

    const cal = read(result.ics);

    expect(result.ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(cal.name).toBe('Riverside PCN social media calendar');
    expect(cal.zone).toBe('Europe/London');
    expect(cal.events.every((e) => e.allDay)).toBe(true);
    expect(result.ics).toContain('DTSTART;VALUE=DATE:20261001');
    const stoptober = cal.events.find((e) => e.summary === 'Stoptober');
    expect(stoptober).toMatchObject({ start: '2026-10-01', end: '2026-11-01', category: 'Health awareness campaign' });
    expect(stoptober!.description).toMatch(
      /^The national 28-day stop smoking challenge.*\nWho it suits: Adults who smoke\nSource: /s,
    );
    // One-day events end the next day: iCalendar's end is exclusive.
    expect(cal.events.find((e) => e.summary === 'World Mental Health Day')).toMatchObject({
      start: '2026-10-10',
      end: '2026-10-11',
    });
    // On now (started 1 September), and next year's, which starts within the 12 months; nothing later.
    expect(cal.events.filter((e) => e.summary === 'Flu vaccination season').map((e) => e.start)).toEqual([
      '2026-09-01',
      '2027-09-01',
    ]);
    expect(cal.events.map((e) => e.summary)).toContain('Time to Talk Day');
    expect(cal.events.every((e) => e.end > '2026-09-15' && e.start <= '2027-09-15')).toBe(true);
    expect(new Set(cal.events.map((e) => e.uid)).size).toBe(cal.events.length);
  });

  it('when the PCN has its own campaigns and plans, then they are in the feed too; a cancelled plan is not', async () => {
    await store.batch(PCN_ID, [
      store.campaigns.createStep({
        pcnId: PCN_ID,
        campaignId: 'pcn:fair',
        name: 'Riverside Health Fair',
        aliases: [],
        description: 'Stalls from every practice.',
        audience: 'Everyone in Riverside',
        start: '2026-10-03',
        end: '2026-10-04',
        createdBy: ADMIN,
        createdAt: '2026-09-01T09:00:00.000Z',
        updatedAt: '2026-09-01T09:00:00.000Z',
      }),
    ]);
    await store.plans.create(plan('one', '2026-10-05'));
    await store.plans.create(plan('gone', '2026-10-06', { status: 'cancelled' }));

    const cal = read(await feed.feed(PCN_ID, 'Riverside PCN'));

    expect(cal.events.find((e) => e.summary === 'Riverside Health Fair')).toMatchObject({
      start: '2026-10-03',
      end: '2026-10-05',
      category: 'Riverside PCN campaign',
      description: 'Stalls from every practice.\nWho it suits: Everyone in Riverside\nSource: Added by Alex Morgan for the PCN',
    });
    const posts = cal.events.filter((e) => e.category === 'Planned post');
    expect(posts).toEqual([
      expect.objectContaining({
        summary: 'Riverside Surgery: Stoptober',
        start: '2026-10-05',
        end: '2026-10-06',
        description: 'Stoptober: our stop smoking clinic dates\nWhere: Facebook, Instagram\nOwner: Priya Shah\nPlanned',
      }),
    ]);
  });

  it('when there are no plans or own campaigns, then the feed is the national calendar alone', async () => {
    const cal = read(await feed.feed(PCN_ID, 'Riverside PCN'));

    expect(cal.events.map((e) => e.category)).toEqual(cal.events.map(() => 'Health awareness campaign'));
  });

  it('when an admin resets the links, then the old link gets 410 and a new one works; a member may not reset', async () => {
    const old = await feed.link(PCN_ID);

    await expect(feed.reset(PCN_ID, MEMBER)).rejects.toBeInstanceOf(ForbiddenError);
    await feed.reset(PCN_ID, ADMIN);
    const fresh = await feed.link(PCN_ID);
    await feed.reset(PCN_ID, ADMIN);
    const newest = await feed.link(PCN_ID);

    expect(fresh.url).not.toBe(old.url);
    await expect(feed.download(fileOf(old.url))).resolves.toMatchObject({ status: 410 });
    await expect(feed.download(fileOf(fresh.url))).resolves.toMatchObject({ status: 410 });
    await expect(feed.download(fileOf(newest.url))).resolves.toMatchObject({ status: 200 });
  });

  it('when a link is not genuine, names an unknown PCN, or links are switched off, then 404 and nothing about why', async () => {
    const { url } = await feed.link(PCN_ID);
    const forged = fileOf(signFeedPath({ pcnId: PCN_ID, version: 1 }, Buffer.from('a guessed secret, not the real one')));
    const unknown = fileOf(signFeedPath({ pcnId: 'tenant-1:19:nobody@thread.tacv2', version: 1 }, SECRET));
    const off = new CalendarFeedService(
      { store, calendar: new CampaignCalendarService(store.campaigns), clock, logger: silentLogger() },
      { baseUrl: BASE },
    );

    await expect(feed.download(forged)).resolves.toEqual({ status: 404, message: 'This calendar link is not valid.' });
    await expect(feed.download(unknown)).resolves.toEqual({ status: 404, message: 'This calendar link is not valid.' });
    await expect(off.download(fileOf(url))).resolves.toMatchObject({ status: 404 });
    await expect(off.link(PCN_ID)).rejects.toThrow(/switched off/);
  });
});
