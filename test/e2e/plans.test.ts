import { PlanVerbs } from '../../cards/plan';
import { Verbs } from '../../cards/verbs';
import type { OutboxItem, Plan } from '../../services/domain';
import { cardOf, cardText, type Harness, PCN_ID, PEOPLE, type Someone, startHarness, TEAM_ID } from '../support/bot-harness';
import { pressButton } from '../support/card-text';
import { FakeClock } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';

// Monday 30 November 2026, 10:00 in London (GMT).
const NOW = '2026-11-30T10:00:00Z';
const CARD = 'application/vnd.microsoft.card.adaptive';
const CLEAN = 'Our flu clinic dates for December are on the website.';
const WITH_NHS_NUMBER = 'Flu clinic dates for December. Patient 943 476 5919 was first in line.';

/** The invoke answer: its card's text, or the message. */
const answer = (body: { type: string; value: unknown }) => (body.type === CARD ? cardText(body.value) : String(body.value));

/** The buttons of a card (actions and those in its body), as title, verb and data. */
function buttons(card: unknown): { title: string; verb: string; data: Record<string, unknown> }[] {
  const out: { title: string; verb: string; data: Record<string, unknown> }[] = [];
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

/** The pre-filled value of the input with this id. */
function inputValue(card: unknown, id: string): unknown {
  if (Array.isArray(card)) return card.map((c) => inputValue(c, id)).find((v) => v !== undefined);
  if (!card || typeof card !== 'object') return undefined;
  const node = card as Record<string, unknown>;
  if (node.id === id && typeof node.type === 'string' && node.type.startsWith('Input.')) return node.value;
  return Object.values(node)
    .map((v) => inputValue(v, id))
    .find((v) => v !== undefined);
}

describe.each(STORE_KINDS)('planning posts over real HTTP (%s store)', (kind) => {
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

  const plans = async () => (await h.store.documents.query<Plan>(PCN_ID, 'plan', { limit: 1000 })).items;
  const outbox = async () => (await h.store.documents.query<OutboxItem>(PCN_ID, 'outbox', { limit: 1000 })).items;
  const announcements = async () => (await outbox()).filter((i) => i.key.startsWith('plan-announcement:'));

  /** Types a command in the channel and returns the card the bot answers with. */
  const cardFor = async (who: Someone, text: string) => {
    h.connector.reset();
    await h.say(who, text);
    // The answer to what was typed, not an announcement the dispatcher posts meanwhile (a new thread).
    return cardOf((await h.connector.waitFor((a) => a.kind !== 'newThread' && !!cardOf(a.activity))).activity);
  };

  /** Presses a card's button as Teams would send it, with `typed` over its inputs. */
  const press = async (who: Someone, card: unknown, title: string, typed: Record<string, string> = {}) => {
    const { verb, data } = pressButton(card, title, typed);
    return (await h.invoke(who, verb, data)).body;
  };

  /** Waits until the dispatcher has sent the announcement of this key, and returns the card posted in the channel. */
  const announced = async (key: string) => {
    const sent = await h.connector.waitFor((a) => a.kind === 'newThread' && a.idempotencyKey === key);
    return cardOf(sent.activity);
  };

  const plan = async (who: Someone, fields: Record<string, string>) => {
    const form = await cardFor(who, 'plan');
    return press(who, form, 'Save', { start: '2026-12-03', end: '2026-12-03', platforms: 'facebook', summary: CLEAN, ...fields });
  };

  it('when a lead plans a post, then the card names their practice and them as owner, Save lists it, and the channel is told once', async () => {
    const form = await cardFor(PEOPLE.lead, 'plan');
    expect(cardText(form)).toMatch(/^Plan a post for Riverside Surgery\n/);
    expect(inputValue(form, 'practiceId')).toBeUndefined();
    expect(inputValue(form, 'ownerId')).toBe(PEOPLE.lead.aadObjectId);
    expect(inputValue(form, 'start')).toBe('2026-11-30');
    expect(cardText(form)).toContain('Flu vaccination season, on now');
    expect(cardText(form)).toContain('Dry January, from Friday 1 January');

    const saved = await press(PEOPLE.lead, form, 'Save', {
      start: '2026-12-03',
      end: '2026-12-03',
      platforms: 'facebook,instagram',
      campaign: 'national:flu-vaccination-season',
      summary: CLEAN,
    });

    expect(answer(saved)).toMatch(
      /^Riverside Surgery: coming plans\nSaved the plan for Thursday 3 December\. I am telling the PCN in General\./,
    );
    // The list gives each plan one line (Edit shows all of it).
    expect(answer(saved)).toContain(
      'Thursday 3 December: Facebook and Instagram\nFlu vaccination season: Our flu clinic dates for December…',
    );
    expect(buttons(saved.value).map((b) => b.title)).toEqual(['Edit', 'Cancel', 'Mark posted', 'Plan a post']);
    const [stored] = await plans();
    expect(stored).toMatchObject({
      practiceId: riverside,
      start: '2026-12-03',
      end: '2026-12-03',
      startMonth: '2026-12',
      platforms: ['facebook', 'instagram'],
      campaignId: 'national:flu-vaccination-season',
      campaignName: 'Flu vaccination season',
      summary: CLEAN,
      owner: { aadObjectId: PEOPLE.lead.aadObjectId, name: PEOPLE.lead.name },
      status: 'planned',
      version: 1,
      createdBy: { aadObjectId: PEOPLE.lead.aadObjectId, name: PEOPLE.lead.name },
    });
    expect(stored!.warnings).toBeUndefined();

    const card = await announced(`plan-announcement:${stored!.planId}:v1`);
    expect(cardText(card)).toMatch(
      /^Riverside Surgery plans a post\nWhen\nThursday 3 December 2026\nWhere\nFacebook and Instagram\nCampaign\nFlu vaccination season\nOwner\nPriya Shah\n/,
    );
    expect(cardText(card)).toContain(CLEAN);
    expect(buttons(card).map((b) => b.title)).toEqual(['See all plans', 'Plan a post']);
    const sent = h.connector.activities().filter((a) => a.kind === 'newThread');
    expect(sent.map((a) => a.conversationId.split(';')[0])).toEqual([TEAM_ID]);
    expect((await announcements()).map((i) => i.about)).toEqual([
      { what: 'plan announcement', practiceName: 'Riverside Surgery', daysLabel: 'Thursday 3 December 2026' },
    ]);

    // Reading the plans tells nobody anything.
    await cardFor(PEOPLE.member, 'plans');
    expect(await announcements()).toHaveLength(1);
  });

  it('when a lead types a sentence after plan, then the card comes pre-filled for them to check', async () => {
    const card = await cardFor(PEOPLE.lead, 'plan a Facebook post about flu clinics on 3 Dec');

    expect(cardText(card)).toContain('I have filled this in from what you typed. Check it, then press Save.');
    expect(inputValue(card, 'platforms')).toBe('facebook');
    expect(inputValue(card, 'start')).toBe('2026-12-03');
    expect(inputValue(card, 'end')).toBe('2026-12-03');
    expect(inputValue(card, 'campaign')).toBe('national:flu-vaccination-season');
    expect(inputValue(card, 'summary')).toBe('flu clinics');
    expect(await plans()).toEqual([]);

    const stoptober = await cardFor(PEOPLE.lead, 'plan Instagram for Stoptober next Tuesday');
    expect(inputValue(stoptober, 'platforms')).toBe('instagram');
    expect(inputValue(stoptober, 'start')).toBe('2026-12-08');
    expect(inputValue(stoptober, 'campaign')).toBe('national:stoptober');
    // Stoptober is next October, beyond the list's months: it is offered all the same.
    expect(cardText(stoptober)).toContain('Stoptober');
  });

  it('when the text has an NHS number, then Save shows why and what to do, saves nothing, and Change it then Save without it saves', async () => {
    const form = await cardFor(PEOPLE.lead, 'plan');
    const check = await press(PEOPLE.lead, form, 'Save', {
      start: '2026-12-03',
      end: '2026-12-03',
      platforms: 'facebook',
      summary: WITH_NHS_NUMBER,
    });

    const text = answer(check);
    expect(text).toMatch(
      /^One thing to check before saving\nRiverside Surgery: Facebook, Thursday 3 December\. Nothing is saved yet\./,
    );
    expect(text).toContain('943 476 5919');
    expect(text).toMatch(/NHS number/);
    expect(text).toContain(`Your text\n${WITH_NHS_NUMBER}`);
    expect(buttons(check.value).map((b) => b.title)).toEqual(['Change it', 'Go ahead anyway']);
    expect(await plans()).toEqual([]);
    expect(await announcements()).toEqual([]);

    const again = await press(PEOPLE.lead, check.value, 'Change it');
    expect(answer(again)).toContain('Change what you need to, then press Save: I will check it again.');
    expect(inputValue(again.value, 'summary')).toBe(WITH_NHS_NUMBER);
    expect(inputValue(again.value, 'platforms')).toBe('facebook');
    expect(inputValue(again.value, 'start')).toBe('2026-12-03');

    const saved = await press(PEOPLE.lead, again.value, 'Save', { summary: 'Flu clinic dates for December.' });
    expect(answer(saved)).toContain('Saved the plan for Thursday 3 December.');
    const [stored] = await plans();
    expect(stored).toMatchObject({ summary: 'Flu clinic dates for December.', version: 1 });
    expect(stored!.warnings).toBeUndefined();
    expect(stored!.goAhead).toBeUndefined();
  });

  it('when the lead goes ahead anyway, then the plan is saved with the warning and who went ahead, and the announcement says so', async () => {
    const form = await cardFor(PEOPLE.lead, 'plan');
    const check = await press(PEOPLE.lead, form, 'Save', {
      start: '2026-12-03',
      end: '2026-12-03',
      platforms: 'facebook',
      summary: WITH_NHS_NUMBER,
    });
    clock.advance(60_000);

    const saved = await press(PEOPLE.lead, check.value, 'Go ahead anyway');

    expect(answer(saved)).toContain('Saved the plan for Thursday 3 December.');
    const [stored] = await plans();
    expect(stored!.warnings).toEqual([expect.objectContaining({ code: 'patient_id', words: ['943 476 5919'] })]);
    expect(stored!.goAhead).toEqual({
      by: { aadObjectId: PEOPLE.lead.aadObjectId, name: PEOPLE.lead.name },
      at: '2026-11-30T10:01:00.000Z',
    });
    const card = cardText(await announced(`plan-announcement:${stored!.planId}:v1`));
    expect(card).toContain('Priya Shah went ahead despite a warning:');
    expect(card).toContain(`- ${stored!.warnings![0]!.reason}`);
  });

  it('when the text changes between the warning and going ahead, then the new text is checked and nothing is saved on the old answer', async () => {
    const form = await cardFor(PEOPLE.lead, 'plan');
    const check = await press(PEOPLE.lead, form, 'Save', {
      start: '2026-12-03',
      platforms: 'facebook',
      summary: WITH_NHS_NUMBER,
      end: '2026-12-03',
    });
    const goAhead = buttons(check.value).find((b) => b.title === 'Go ahead anyway')!;

    // The same button, with a different number in the text: the warning it acknowledged is not this one.
    const other = WITH_NHS_NUMBER.replace('943 476 5919', '401 023 2137');
    const again = await h.invoke(PEOPLE.lead, goAhead.verb, { ...goAhead.data, summary: other });

    expect(answer(again.body)).toMatch(/^One thing to check before saving/);
    expect(answer(again.body)).toContain('401 023 2137');
    expect(await plans()).toEqual([]);
    // Forged acknowledgements are no better.
    const forged = await h.invoke(PEOPLE.lead, goAhead.verb, { ...goAhead.data, ack: 'not-a-hash' });
    expect(answer(forged.body)).toMatch(/^One thing to check before saving/);
    expect(await plans()).toEqual([]);
  });

  it('when another practice plans the same campaign in the same week, then the warning suggests one joint PCN post', async () => {
    await plan(PEOPLE.lead, { campaign: 'national:flu-vaccination-season', start: '2026-12-01', end: '2026-12-01' });

    const form = await cardFor(PEOPLE.newcomer, 'plan');
    const check = await press(PEOPLE.newcomer, form, 'Save', {
      start: '2026-12-04',
      end: '2026-12-04',
      platforms: 'instagram',
      campaign: 'national:flu-vaccination-season',
      summary: CLEAN,
    });

    expect(answer(check)).toContain(
      'Riverside Surgery also plans a post for Flu vaccination season in the week of Monday 30 November.',
    );
    expect(answer(check)).toContain('Suggest one joint PCN post instead');
    expect((await plans()).map((p) => p.practiceId)).toEqual([riverside]);

    // The week after is no overlap.
    const later = await press(PEOPLE.newcomer, form, 'Save', {
      start: '2026-12-07',
      end: '2026-12-07',
      platforms: 'instagram',
      campaign: 'national:flu-vaccination-season',
      summary: CLEAN,
    });
    expect(answer(later)).toContain('Saved the plan for Monday 7 December.');
  });

  it('when a lead edits a plan, then the change is saved and announced as version 2, and an edit card opened before it is refused', async () => {
    await plan(PEOPLE.lead, {});
    const list = await cardFor(PEOPLE.lead, 'plans');
    const edit = await press(PEOPLE.lead, list, 'Edit');
    expect(answer(edit)).toMatch(/^Change a plan\n/);
    expect(inputValue(edit.value, 'summary')).toBe(CLEAN);

    const saved = await press(PEOPLE.lead, edit.value, 'Save', { start: '2026-12-10', end: '2026-12-11', platforms: 'website' });
    expect(answer(saved)).toContain('Saved the plan for Thursday 10 December.');
    const [stored] = await plans();
    expect(stored).toMatchObject({ start: '2026-12-10', end: '2026-12-11', platforms: ['website'], version: 2 });
    const card = cardText(await announced(`plan-announcement:${stored!.planId}:v2`));
    expect(card).toMatch(
      /^Riverside Surgery changed a plan\nWhen\nThursday 10 December to Friday 11 December 2026\nWhere\nWebsite/,
    );

    // The edit card from before the change: its Save is refused and the plan shown as it is now.
    const stale = await press(PEOPLE.lead, edit.value, 'Save', { summary: 'Lost change' });
    expect(answer(stale)).toContain('Someone else changed this plan while you were editing it');
    expect(inputValue(stale.value, 'start')).toBe('2026-12-10');
    expect((await plans())[0]!.summary).toBe(CLEAN);

    // Saving it unchanged changes nothing and tells nobody.
    const fresh = await press(PEOPLE.lead, await cardFor(PEOPLE.lead, 'plans'), 'Edit');
    const same = await press(PEOPLE.lead, fresh.value, 'Save');
    expect(answer(same)).toContain('Nothing had changed, so there was nothing to save.');
    expect(await announcements()).toHaveLength(2);
  });

  it('when a lead cancels one plan and marks another posted, then both are recorded, the cancel is announced, and the list shows what is left', async () => {
    await plan(PEOPLE.lead, { start: '2026-12-03', end: '2026-12-03' });
    await plan(PEOPLE.lead, {
      start: '2026-12-05',
      end: '2026-12-05',
      summary: 'Saturday flu clinic reminder at this practice.',
    });
    const [first, second] = (await plans()).sort((a, b) => a.start.localeCompare(b.start));

    const list = await cardFor(PEOPLE.lead, 'plans');
    const cancelled = await press(PEOPLE.lead, list, 'Cancel');
    expect(answer(cancelled)).toContain('Cancelled the plan for Thursday 3 December. I am telling the PCN.');
    const posted = await press(PEOPLE.lead, cancelled.value, 'Mark posted');
    expect(answer(posted)).toContain('Marked the plan for Saturday 5 December as posted.');

    expect(await h.store.plans.get(PCN_ID, first!.planId)).toMatchObject({ status: 'cancelled', version: 2 });
    expect(await h.store.plans.get(PCN_ID, second!.planId)).toMatchObject({ status: 'posted', version: 2 });
    const card = cardText(await announced(`plan-announcement:${first!.planId}:v2`));
    expect(card).toMatch(/^Riverside Surgery cancelled a plan\n/);
    expect((await announcements()).map((i) => i.key).sort()).toEqual(
      [
        `plan-announcement:${first!.planId}:v1`,
        `plan-announcement:${first!.planId}:v2`,
        `plan-announcement:${second!.planId}:v1`,
      ].sort(),
    );
    // What is left: the posted plan, without buttons.
    expect(answer(posted)).toContain('Saturday 5 December: Facebook');
    expect(answer(posted)).toContain('Posted');
    expect(answer(posted)).not.toContain('Thursday 3 December: Facebook');
    expect(buttons(posted.value).map((b) => b.title)).toEqual(['Plan a post']);

    const again = await h.invoke(PEOPLE.lead, PlanVerbs.cancel, { planId: first!.planId });
    expect(answer(again.body)).toContain('That plan was already cancelled.');
  });

  it('when people read the plans, then everyone sees them and only the practice leads and admins get the buttons', async () => {
    await plan(PEOPLE.lead, {});
    await plan(PEOPLE.newcomer, { start: '2026-12-04', end: '2026-12-04', summary: 'Hillside winter opening hours.' });

    const member = await cardFor(PEOPLE.member, 'plans');
    expect(cardText(member)).toMatch(/^Riverside PCN: coming plans\n/);
    expect(cardText(member)).toContain(
      'Thursday 3 December: Facebook\nRiverside Surgery: Our flu clinic dates for December are…',
    );
    expect(cardText(member)).toContain('Hillside Medical Centre: Hillside winter opening hours.');
    expect(buttons(member).map((b) => b.title)).toEqual([]);

    const lead = await cardFor(PEOPLE.lead, 'plans');
    expect(
      buttons(lead).map((b) => `${b.title}${b.data.planId ? ` ${(b.data.planId as string).slice(0, 4)}` : ''}`),
    ).toHaveLength(4);
    const riversidePlan = (await plans()).find((p) => p.practiceId === riverside)!;
    expect(
      buttons(lead)
        .filter((b) => b.data.planId)
        .every((b) => b.data.planId === riversidePlan.planId),
    ).toBe(true);

    const admin = await cardFor(PEOPLE.admin, 'plans');
    expect(buttons(admin).filter((b) => b.title === 'Edit')).toHaveLength(2);

    const one = await cardFor(PEOPLE.member, 'plans Hillside');
    expect(cardText(one)).toMatch(/^Hillside Medical Centre: coming plans\n/);
    expect(cardText(one)).not.toContain('Our flu clinic dates');
    const unknown = await cardFor(PEOPLE.member, 'plans Bananas');
    expect(cardText(unknown)).toContain('I could not find a practice called “Bananas”, so here are the whole PCN’s plans.');
  });

  it('when an admin plans, then they choose the practice and the owner from its leads', async () => {
    const form = await cardFor(PEOPLE.admin, 'plan');
    expect(cardText(form)).toMatch(/^Plan a post\n/);
    expect(inputValue(form, 'practiceId')).toBe('');
    expect(cardText(form)).toContain('Riverside Surgery');
    expect(cardText(form)).toContain('Hillside Medical Centre');

    const saved = await press(PEOPLE.admin, form, 'Save', {
      practiceId: hillside,
      ownerId: PEOPLE.newcomer.aadObjectId,
      start: '2026-12-03',
      end: '2026-12-03',
      platforms: 'facebook',
      summary: CLEAN,
    });
    expect(answer(saved)).toMatch(/^Hillside Medical Centre: coming plans\nSaved the plan/);
    expect((await plans())[0]).toMatchObject({
      practiceId: hillside,
      owner: { aadObjectId: PEOPLE.newcomer.aadObjectId, name: PEOPLE.newcomer.name },
      createdBy: { aadObjectId: PEOPLE.admin.aadObjectId },
    });

    // The owner must be the planner or one of the practice's leads.
    const wrongOwner = await press(PEOPLE.admin, form, 'Save', {
      practiceId: hillside,
      ownerId: PEOPLE.lead.aadObjectId,
      start: '2026-12-03',
      end: '2026-12-03',
      platforms: 'facebook',
      summary: CLEAN,
    });
    expect(answer(wrongOwner)).toContain('Owner: choose yourself or one of Hillside Medical Centre’s leads. Nothing was saved.');
    expect(await plans()).toHaveLength(1);
  });

  it('when a member types plan, then they are told who can, and no card is offered', async () => {
    await h.say(PEOPLE.member, 'plan a Facebook post about flu clinics on 3 Dec');
    const reply = await h.connector.waitFor((a) => a.activity.type === 'message');
    expect(reply.activity.text).toMatch(/^Only a practice lead or a PCN admin can plan a post\./);
  });

  it('when the other practices have said which services they offer, then a promise they all keep raises no warning, and one they do not does', async () => {
    const edit = await h.invoke(PEOPLE.admin, Verbs.editPractice, { practiceId: hillside });
    expect(cardText(edit.body.value)).toContain('Services offered');
    const { verb, data } = pressButton(edit.body.value, 'Save practice', {
      [`services_${hillside}`]: 'onlineBooking,sameDay',
      [`otherServices_${hillside}`]: 'Travel clinic',
    });
    const saved = await h.invoke(PEOPLE.admin, verb, data);
    expect(answer(saved.body)).toContain('Saved Hillside Medical Centre');
    expect(await h.store.practices.get(PCN_ID, hillside)).toMatchObject({
      services: ['onlineBooking', 'sameDay'],
      otherServices: 'Travel clinic',
    });
    const reopened = await h.invoke(PEOPLE.admin, Verbs.editPractice, { practiceId: hillside });
    expect(inputValue(reopened.body.value, `services_${hillside}`)).toBe('onlineBooking,sameDay');

    const offered = await plan(PEOPLE.lead, { summary: 'Flu clinic dates for December: book online.' });
    expect(answer(offered)).toContain('Saved the plan');

    const promised = await plan(PEOPLE.lead, {
      summary: 'Flu clinic dates for December: walk-in appointments, no need to book.',
    });
    expect(answer(promised)).toMatch(/^One thing to check before saving/);
    expect(answer(promised)).toMatch(/walk-in/i);
  });
});
