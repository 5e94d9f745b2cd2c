import ICAL from 'ical.js';
import { CampaignVerbs } from '../../cards/campaigns';
import type { Plan } from '../../services/domain';
import { cardOf, cardText, type Harness, PCN_ID, PEOPLE, type Someone, startHarness } from '../support/bot-harness';
import { FakeClock } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';

// Tuesday 15 September 2026, 10:00 in London (BST).
const NOW = '2026-09-15T09:00:00Z';
const CARD = 'application/vnd.microsoft.card.adaptive';

const FAIR = {
  name: 'Riverside Health Fair',
  start: '2026-10-03',
  end: '2026-10-04',
  description: 'Stalls from every practice in the market square.',
  audience: 'Everyone in Riverside',
  aliases: 'health fair, the fair',
};

/** The buttons of a card (its actions and those in its body), as title and data. */
function buttons(card: unknown): { title: string; verb?: string; data: Record<string, unknown> }[] {
  const out: { title: string; verb?: string; data: Record<string, unknown> }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const node = n as Record<string, unknown>;
      if (node.type === 'Action.Execute')
        out.push({ title: String(node.title), verb: String(node.verb), data: node.data as Record<string, unknown> });
      for (const [key, value] of Object.entries(node)) if (key !== 'fallback') walk(value);
    }
  };
  walk(card);
  return out;
}

/** The invoke answer: its card's text, or the message. */
const answer = (body: { type: string; value: unknown }) => (body.type === CARD ? cardText(body.value) : String(body.value));

describe.each(STORE_KINDS)("a PCN's own campaigns (%s store)", (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  const invoke = (who: Someone, verb: string, data: Record<string, unknown> = {}) => h.invoke(who, verb, data);
  const stored = () => h.store.campaigns.list(PCN_ID);

  beforeEach(async () => {
    h = await startHarness({ clock: new FakeClock(NOW), env: storeEnv() });
    await h.install(PEOPLE.admin);
    h.connector.reset();
  });
  afterEach(() => h.close());

  it('when an admin adds, edits and removes a campaign through the cards, then each step is saved and the card says so', async () => {
    await h.say(PEOPLE.admin, 'campaigns');
    const list = cardOf((await h.connector.waitFor((a) => !!cardOf(a.activity))).activity);
    expect(cardText(list)).toMatch(/^Riverside PCN's own campaigns\n[^]*None on now or to come/);
    expect(buttons(list).map((b) => b.title)).toEqual(['Add a campaign', 'Get my calendar link']);

    const add = await invoke(PEOPLE.admin, CampaignVerbs.add);
    expect(answer(add.body)).toMatch(/^New campaign for Riverside PCN/);
    const saveButton = buttons(add.body.value).find((b) => b.verb === CampaignVerbs.save)!;

    const saved = await invoke(PEOPLE.admin, CampaignVerbs.save, { ...saveButton.data, ...FAIR });
    expect(answer(saved.body)).toContain('Saved Riverside Health Fair.');
    expect(answer(saved.body)).toContain(
      'Riverside Health Fair\nSaturday 3 October to Sunday 4 October 2026. Everyone in Riverside',
    );
    const [fair] = await stored();
    expect(fair).toMatchObject({
      name: 'Riverside Health Fair',
      start: '2026-10-03',
      end: '2026-10-04',
      aliases: ['health fair', 'the fair'],
      createdBy: { aadObjectId: PEOPLE.admin.aadObjectId, name: PEOPLE.admin.name },
    });

    const edit = await invoke(PEOPLE.admin, CampaignVerbs.edit, { campaignId: fair!.campaignId });
    expect(answer(edit.body)).toMatch(/^Riverside Health Fair\nRiverside Health Fair\nName\n2026-10-03\nFrom\n2026-10-04\nTo/);
    const save = buttons(edit.body.value).find((b) => b.verb === CampaignVerbs.save)!;
    const changed = await invoke(PEOPLE.admin, CampaignVerbs.save, {
      ...save.data,
      ...FAIR,
      name: 'Riverside Autumn Fair',
      end: '2026-10-03',
    });
    expect(answer(changed.body)).toContain('Saved Riverside Autumn Fair.');
    expect(await stored()).toEqual([
      expect.objectContaining({ campaignId: fair!.campaignId, name: 'Riverside Autumn Fair', end: '2026-10-03' }),
    ]);

    // The edit card opened before the change is out of date now: nothing it sends is saved.
    const stale = await invoke(PEOPLE.admin, CampaignVerbs.save, { ...save.data, ...FAIR, name: 'Lost change' });
    expect(answer(stale.body)).toMatch(/^Riverside Autumn Fair\nSomeone else changed this campaign while you were editing it/);
    const removeStale = await invoke(PEOPLE.admin, CampaignVerbs.remove, save.data);
    expect(answer(removeStale.body)).toContain('Someone else changed this campaign');
    expect(await stored()).toHaveLength(1);

    const fresh = buttons((await invoke(PEOPLE.admin, CampaignVerbs.edit, { campaignId: fair!.campaignId })).body.value);
    const removed = await invoke(PEOPLE.admin, CampaignVerbs.remove, fresh.find((b) => b.verb === CampaignVerbs.remove)!.data);
    expect(answer(removed.body)).toContain('Removed Riverside Autumn Fair.');
    expect(await stored()).toEqual([]);
  });

  it('when a submission is wrong, then the card comes back as typed naming the field, and nothing is saved', async () => {
    const add = (fields: Record<string, unknown>) =>
      invoke(PEOPLE.admin, CampaignVerbs.save, { campaignId: '', version: '', ...FAIR, ...fields });

    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'Name is required. Nothing was saved.'],
      [{ name: 'x'.repeat(81) }, 'Name must be at most 80 characters. Nothing was saved.'],
      [{ end: '2026-10-02' }, 'To must be on or after the From date. Nothing was saved.'],
      [{ end: '2027-10-03' }, 'To must be less than a year after From: a campaign runs for a year at most. Nothing was saved.'],
      [{ start: 'next week' }, 'From must be a date, such as 1 October 2026. Nothing was saved.'],
    ];
    for (const [fields, message] of cases) {
      const { body } = await add(fields);
      expect({ fields, text: answer(body) }).toEqual({ fields, text: expect.stringContaining(message) });
      // What was typed is still there to correct.
      expect(answer(body)).toContain('Stalls from every practice in the market square.');
    }
    expect(await stored()).toEqual([]);

    await add({});
    const again = await add({ name: 'riverside health-fair' });
    expect(answer(again.body)).toContain(
      'Name "riverside health-fair" is already used by another of your PCN\'s campaigns. Choose a different name, or edit that one. Nothing was saved.',
    );
    expect(await stored()).toHaveLength(1);
  });

  it('when members and leads ask, then they see the campaign with the national ones; only admins may change them', async () => {
    await invoke(PEOPLE.admin, CampaignVerbs.save, { campaignId: '', version: '', ...FAIR });

    const week = await h.app.deps.campaigns.between(PCN_ID, { start: '2026-10-01', end: '2026-10-07' });
    const found = await h.app.deps.campaigns.find(PCN_ID, 'riverside helth fair');

    expect(week.map((o) => o.name)).toEqual([
      'Flu vaccination season',
      'Breast Cancer Awareness Month',
      'Stoptober',
      'Stay Well This Winter',
      'Riverside Health Fair',
    ]);
    expect(found).toMatchObject({ name: 'Riverside Health Fair' });
    for (const who of [PEOPLE.member, PEOPLE.lead]) {
      h.connector.reset();
      await h.say(who, 'campaigns');
      const reply = await h.connector.waitFor((a) => a.activity.type === 'message');
      expect(reply.activity.text).toMatch(/^Only a PCN admin can change the PCN's own campaigns/);
      const { body } = await invoke(who, CampaignVerbs.remove, {
        campaignId: (await stored())[0]!.campaignId,
        version: (await stored())[0]!.etag,
      });
      expect(String(body.value)).toMatch(/^Only a PCN admin can change the PCN's own campaigns/);
    }
    expect(await stored()).toHaveLength(1);
  });
});

describe('the calendar feed', () => {
  let h: Harness;
  /** The link's path on this test's bot (the link itself names the configured public address). */
  const onThisBot = (url: string) => `${h.url}${new URL(url).pathname}`;

  async function linkFor(who: Someone): Promise<string> {
    const { body } = await h.invoke(who, CampaignVerbs.calendarLink);
    expect(body.type).toBe(CARD);
    const url = cardText(body.value).match(/https?:\/\/\S+\.ics/)?.[0];
    if (!url) throw new Error(`No link on the card: ${cardText(body.value)}`);
    return url;
  }

  beforeEach(async () => {
    h = await startHarness({ clock: new FakeClock(NOW) });
    await h.install(PEOPLE.admin);
    await h.invoke(PEOPLE.admin, 'setup.addPractice', {
      newName: 'Riverside Surgery',
      newOds: 'B82005',
      newLeads: PEOPLE.lead.aadObjectId,
    });
    await h.invoke(PEOPLE.admin, CampaignVerbs.save, { campaignId: '', version: '', ...FAIR });
    const [practice] = await h.store.practices.list(PCN_ID);
    const plan: Plan = {
      pcnId: PCN_ID,
      planId: 'plan-1',
      practiceId: practice!.practiceId,
      start: '2026-10-01',
      end: '2026-10-01',
      startMonth: '2026-10',
      platforms: ['facebook'],
      campaignId: 'national:stoptober',
      summary: 'Stoptober starts today: our stop smoking clinic times.',
      status: 'planned',
      createdBy: { aadObjectId: PEOPLE.lead.aadObjectId, name: PEOPLE.lead.name },
      createdAt: NOW,
      updatedAt: NOW,
    };
    await h.store.plans.create(plan);
    h.connector.reset();
  });
  afterEach(() => h.close());

  it('when a member asks in the channel, then the link is only on the card they alone see, and the feed has every event all-day', async () => {
    await h.say(PEOPLE.member, 'calendar link');
    const offer = await h.connector.waitFor((a) => !!cardOf(a.activity));
    expect(cardText(cardOf(offer.activity))).toMatch(/^Riverside PCN social media calendar/);
    expect(JSON.stringify(h.connector.activities())).not.toContain('/api/calendar');

    const url = await linkFor(PEOPLE.member);
    const res = await fetch(onThisBot(url));
    const ics = await res.text();

    expect({ status: res.status, ics: ics.slice(0, 80), url }).toEqual({
      status: 200,
      ics: expect.stringMatching(/^BEGIN:VCALENDAR/),
      url,
    });
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Riverside PCN social media calendar');
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/London');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.every((e) => e.startDate.isDate && e.endDate.isDate)).toBe(true);
    const on = (summary: string) =>
      events.filter((e) => e.summary === summary).map((e) => [e.startDate.toString(), e.endDate.toString()]);
    expect(on('Riverside Health Fair')).toEqual([['2026-10-03', '2026-10-05']]);
    expect(on('Riverside Surgery: Stoptober')).toEqual([['2026-10-01', '2026-10-02']]);
    expect(on('Stoptober')).toEqual([['2026-10-01', '2026-11-01']]);
    expect(on("Men's Health Week")).toEqual([['2027-06-14', '2027-06-21']]);
    expect(on('Time to Talk Day')).toEqual([['2027-02-04', '2027-02-05']]);
    expect(ics).toContain('DTSTART;VALUE=DATE:20261003\r\nDTEND;VALUE=DATE:20261005');
  });

  it('when a link is changed, then 404; when an admin resets the links, then old ones get 410 and a new one works', async () => {
    const old = await linkFor(PEOPLE.lead);
    const path = new URL(old).pathname;
    const forged = path.replace(
      /\.([A-Za-z0-9_-]{43})\.ics$/,
      (_m, sig: string) => `.${sig.slice(0, 10)}${sig[10] === 'x' ? 'y' : 'x'}${sig.slice(11)}.ics`,
    );

    expect((await fetch(`${h.url}${forged}`)).status).toBe(404);
    expect((await fetch(`${h.url}/api/calendar/nothing.ics`)).status).toBe(404);

    await h.say(PEOPLE.member, 'calendar link reset');
    const refused = await h.connector.waitFor((a) => a.activity.type === 'message');
    expect(refused.activity.text).toMatch(/^Only a PCN admin can reset the calendar link/);
    expect((await fetch(onThisBot(old))).status).toBe(200);

    h.connector.reset();
    await h.say(PEOPLE.admin, 'calendar link reset');
    const done = await h.connector.waitFor((a) => a.activity.type === 'message');
    expect(done.activity.text).toMatch(/^Done: every calendar link given out before has stopped working/);

    const gone = await fetch(onThisBot(old));
    expect(gone.status).toBe(410);
    expect(await gone.text()).toMatch(/replaced by a new one/);
    const fresh = await linkFor(PEOPLE.lead);
    expect(fresh).not.toBe(old);
    expect((await fetch(onThisBot(fresh))).status).toBe(200);
  });

  it('when the button is pressed on Teams mobile (Action.Submit), then no link is posted where others could see it', async () => {
    await h.submit(PEOPLE.member, { verb: CampaignVerbs.calendarLink });
    const reply = await h.connector.waitFor((a) => a.activity.type === 'message');

    expect(reply.activity.text).toMatch(/^To keep your calendar link private/);
    expect(JSON.stringify(h.connector.activities())).not.toContain('/api/calendar');
  });

  it('when someone asks in a 1:1 chat, then they are told to ask in the team', async () => {
    await h.say(PEOPLE.member, 'calendar link', 'personal');
    const reply = await h.connector.waitFor((a) => a.activity.type === 'message');

    expect(reply.activity.text).toMatch(/PCN's team/);
  });
});
