import { ChannelVerbs } from '../../cards/channel';
import { Verbs } from '../../cards/verbs';
import type { ChannelRecord } from '../../services/domain/channels';
import { cardOf, cardText, type Harness, PCN_ID, PEOPLE, type Someone, startHarness } from '../support/bot-harness';
import { cardParts, pressButton } from '../support/card-text';
import { FakeClock } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';

// Monday 30 November 2026, 10:00 in London (GMT).
const NOW = '2026-11-30T10:00:00Z';
const CARD = 'application/vnd.microsoft.card.adaptive';
const answer = (body: { type: string; value: unknown }) => (body.type === CARD ? cardText(body.value) : String(body.value));

describe.each(STORE_KINDS)('practice channels over real HTTP (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  let clock: FakeClock;
  let riverside: string;
  let hillside: string;

  beforeEach(async () => {
    clock = new FakeClock(NOW);
    h = await startHarness({ clock, env: storeEnv() });
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
    hillside = practices.find((p) => p.name === 'Hillside Medical Centre')!.practiceId;
    h.connector.reset();
  });
  afterEach(() => h.close());

  const channels = async () => (await h.store.documents.query<ChannelRecord>(PCN_ID, 'channel', { limit: 1000 })).items;

  const cardFor = async (who: Someone, text: string) => {
    h.connector.reset();
    await h.say(who, text);
    return cardOf((await h.connector.waitFor((a) => a.kind !== 'newThread' && !!cardOf(a.activity))).activity);
  };
  const textFor = async (who: Someone, text: string) => {
    h.connector.reset();
    await h.say(who, text);
    return String((await h.connector.waitFor((a) => a.activity.type === 'message' && !cardOf(a.activity))).activity.text);
  };
  const press = async (who: Someone, card: unknown, title: string, typed: Record<string, string> = {}, nth = 0) => {
    const { verb, data } = pressButton(card, title, typed, nth);
    return (await h.invoke(who, verb, data)).body;
  };

  const addFacebook = async (who: Someone = PEOPLE.lead, address = '@RiversideSurgery') => {
    const list = await cardFor(who, 'channels');
    const form = (await press(who, list, 'Add a channel')).value;
    return press(who, form, 'Save', { platform: 'facebook', address });
  };

  it('when a lead adds a channel, then it is listed with its owner, never refreshed and never checked, and a bad address saves nothing', async () => {
    const list = await cardFor(PEOPLE.lead, 'channels');
    expect(cardText(list)).toMatch(/^Riverside Surgery: channels\nNo channels yet\./);

    const form = (await press(PEOPLE.lead, list, 'Add a channel')).value;
    expect(cardText(form)).toMatch(/^Add a channel\nRiverside Surgery\n/);
    const bad = await press(PEOPLE.lead, form, 'Save', { platform: 'facebook', address: 'facebook.com/riverside' });
    expect(answer(bad)).toContain(
      'Handle or web address must be an @handle (such as @RiversideSurgery) or a web address starting https://. Nothing was saved.',
    );
    expect(await channels()).toHaveLength(0);

    const saved = await press(PEOPLE.lead, bad.value, 'Save', { address: '@RiversideSurgery' });
    expect(answer(saved)).toMatch(
      /^Riverside Surgery: channels\nAdded the @RiversideSurgery channel\.\nFacebook: @RiversideSurgery\n/,
    );
    expect(answer(saved)).toContain('Refreshed never; "about" checked never. Owner Priya Shah.');
    const [stored] = await channels();
    expect(stored).toMatchObject({
      practiceId: riverside,
      platform: 'facebook',
      address: '@RiversideSurgery',
      owner: { name: 'Priya Shah' },
    });
  });

  it('when a lead says "refreshed Facebook" and presses About checked, then both dates move to today and the card says so', async () => {
    await addFacebook();
    clock.set('2026-12-02T11:00:00Z');

    expect(await textFor(PEOPLE.lead, 'refreshed Facebook')).toBe("Noted: Riverside Surgery's Facebook was refreshed today.");
    const list = await cardFor(PEOPLE.lead, 'channels');
    const checked = await press(PEOPLE.lead, list, 'About checked');

    expect(answer(checked)).toContain(`Noted: Riverside Surgery's Facebook "about" text was checked today.`);
    expect(answer(checked)).toContain('Refreshed Wednesday 2 December (today); "about" checked Wednesday 2 December (today).');
    const [stored] = await channels();
    expect(stored).toMatchObject({ lastRefreshedAt: '2026-12-02T11:00:00.000Z', aboutReviewedAt: '2026-12-02T11:00:00.000Z' });

    clock.set('2026-12-05T11:00:00Z');
    expect(cardText(await cardFor(PEOPLE.lead, 'channels'))).toContain('Refreshed Wednesday 2 December (3 days ago);');
    expect(await textFor(PEOPLE.lead, 'refreshed Instagram')).toBe(
      'I have no Instagram channel for Riverside Surgery. Add it with "channels", then I can keep track of it.',
    );
  });

  it('when a plan of the practice on that platform is marked posted, then the channel counts as refreshed then', async () => {
    await addFacebook();
    const owner = { aadObjectId: PEOPLE.lead.aadObjectId, name: PEOPLE.lead.name };
    await h.store.plans.create({
      pcnId: PCN_ID,
      planId: 'posted-plan',
      practiceId: riverside,
      start: '2026-11-30',
      end: '2026-11-30',
      startMonth: '2026-11',
      platforms: ['facebook'],
      summary: 'Flu clinics this week.',
      status: 'posted',
      owner,
      createdBy: owner,
      createdAt: NOW,
      updatedAt: '2026-11-30T15:00:00.000Z',
    });
    clock.set('2026-12-01T09:00:00Z');

    expect(cardText(await cardFor(PEOPLE.lead, 'channels'))).toContain('Refreshed Monday 30 November (yesterday);');
  });

  it('when a lead edits and then removes a channel, then the store follows, and an admin sees every practice', async () => {
    await addFacebook();
    const list = await cardFor(PEOPLE.lead, 'channels');
    const form = (await press(PEOPLE.lead, list, 'Edit')).value;
    expect(cardText(form)).toMatch(/^Change Riverside Surgery's Facebook channel\n/);
    const saved = await press(PEOPLE.lead, form, 'Save', { address: 'https://www.facebook.com/RiversideSurgery' });
    expect(answer(saved)).toContain('Facebook: https://www.facebook.com/RiversideSurgery');
    expect((await channels())[0]?.address).toBe('https://www.facebook.com/RiversideSurgery');

    const admin = await cardFor(PEOPLE.admin, 'channels');
    expect(cardText(admin)).toMatch(/^Practice channels\n/);
    expect(cardText(admin)).toContain('Hillside Medical Centre\nNo channels yet.');

    const again = (await press(PEOPLE.lead, saved.value, 'Edit')).value;
    const removed = await press(PEOPLE.lead, again, 'Remove this channel');
    expect(answer(removed)).toContain(
      "Removed Riverside Surgery's Facebook channel (https://www.facebook.com/RiversideSurgery).",
    );
    expect(await channels()).toHaveLength(0);
  });

  it("when someone who may not change a channel tries (a member, another practice's lead, a made-up id), then nothing changes", async () => {
    await addFacebook();
    const [before] = await channels();

    expect(await textFor(PEOPLE.member, 'channels')).toMatch(/^Only a practice lead or a PCN admin can keep practice channels\./);

    const other = await h.invoke(PEOPLE.newcomer, ChannelVerbs.remove, { channelId: before!.channelId });
    expect(answer(other.body)).toContain(
      "Thanks, but only Riverside Surgery's practice leads (Priya Shah) or a PCN admin can change its channels",
    );
    const moved = await h.invoke(PEOPLE.newcomer, ChannelVerbs.save, {
      channelId: before!.channelId,
      practiceId: hillside,
      platform: 'facebook',
      address: '@Hijacked',
      ownerId: PEOPLE.newcomer.aadObjectId,
    });
    expect(answer(moved.body)).toContain("Thanks, but only Riverside Surgery's practice leads");
    const made = await h.invoke(PEOPLE.lead, ChannelVerbs.refreshed, { channelId: '../../etc' });
    expect(answer(made.body)).toContain('That channel card is out of date.');
    const wrongOwner = await h.invoke(PEOPLE.lead, ChannelVerbs.save, {
      practiceId: riverside,
      platform: 'facebook',
      address: '@Second',
      ownerId: PEOPLE.newcomer.aadObjectId,
    });
    expect(answer(wrongOwner.body)).toContain("Owner must be one of Riverside Surgery's practice leads. Nothing was saved.");

    const after = await channels();
    expect(after).toHaveLength(1);
    expect(after[0]!.etag).toBe(before!.etag);
  });

  it("when an admin asks for refresh status, then every practice's channels are listed, the most overdue first", async () => {
    await addFacebook();
    await h.store.channels.create({
      pcnId: PCN_ID,
      channelId: 'hill-x',
      practiceId: hillside,
      platform: 'x',
      address: '@HillsideMC',
      owner: { aadObjectId: PEOPLE.newcomer.aadObjectId, name: PEOPLE.newcomer.name },
      lastRefreshedAt: '2026-10-01T12:00:00.000Z',
      aboutReviewedAt: '2026-11-01T12:00:00.000Z',
      createdAt: '2026-06-01T12:00:00.000Z',
      createdBy: { aadObjectId: PEOPLE.admin.aadObjectId, name: PEOPLE.admin.name },
      updatedAt: '2026-10-01T12:00:00.000Z',
    });
    await textFor(PEOPLE.lead, 'refreshed Facebook');

    const card = await cardFor(PEOPLE.admin, 'refresh status');
    const status = cardText(card);

    // Beside the title, a donut of the channels up to date and needing attention; its fallback says the same in words.
    const donut = cardParts(card).find((p) => p.type === 'Chart.Donut');
    expect(donut).toMatchObject({
      title: 'Channels',
      data: [
        { legend: 'Up to date (1)', value: 1 },
        { legend: 'Need attention (1)', value: 1 },
      ],
    });
    expect(status).toBe(
      [
        'Channels, most in need first',
        'Channels',
        '1 of 2 channels need attention.',
        'Hillside Medical Centre: X (@HillsideMC)',
        'Needs attention: refreshed Thursday 1 October (60 days ago); "about" checked Sunday 1 November. Owner: Jo Evans.',
        'Riverside Surgery: Facebook (@RiversideSurgery)',
        'refreshed Monday 30 November (today); "about" never checked. Owner: Priya Shah.',
      ].join('\n'),
    );
    expect(await textFor(PEOPLE.lead, 'refresh status')).toMatch(/^Only a PCN admin can see every practice's channels\./);
  });

  it('when an admin with two practices\' Facebook pages says "refreshed Facebook", then they are asked which, and a practice name picks one', async () => {
    await addFacebook();
    const list = await cardFor(PEOPLE.admin, 'channels');
    const form = (await press(PEOPLE.admin, list, 'Add a channel')).value;
    await press(PEOPLE.admin, form, 'Save', {
      practiceId: hillside,
      platform: 'facebook',
      address: '@HillsideMC',
      ownerId: PEOPLE.newcomer.aadObjectId,
    });

    expect(await textFor(PEOPLE.admin, 'refreshed Facebook')).toBe(
      'Which practice\'s Facebook? Say, for example, "refreshed Facebook Hillside Medical Centre". You may change Hillside Medical Centre, Riverside Surgery.',
    );
    expect((await channels()).every((c) => !c.lastRefreshedAt)).toBe(true);
    expect(await textFor(PEOPLE.admin, 'refreshed facebook hillside')).toBe(
      "Noted: Hillside Medical Centre's Facebook was refreshed today.",
    );
    const refreshed = (await channels()).filter((c) => c.lastRefreshedAt).map((c) => c.address);
    expect(refreshed).toEqual(['@HillsideMC']);
    expect(await textFor(PEOPLE.admin, 'refreshed Myspace')).toMatch(/^Which channel\? Say "refreshed" and the platform/);
  });
});
