import { quickCheckCards } from '../../cards/quick-check-renderer';
import { Verbs } from '../../cards/verbs';
import { loadConfig } from '../../services/config';
import { Outbox } from '../../services/outbox/outbox';
import { QuickCheck } from '../../services/quick-check';
import { EXPORT_PATH } from '../../services/quick-check/export';
import { createStore, type Store } from '../../services/store';
import type { OutboxItem } from '../../services/store/outbox-repository';
import {
  BOT,
  cardOf,
  cardText,
  GROUP_ID,
  type Harness,
  PCN_ID,
  PEOPLE,
  type Someone,
  startHarness,
  TEAM_ID,
  TENANT_ID,
} from '../support/bot-harness';
import { FakeClock, silentLogger } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';
import { pressButton } from '../support/card-text';
import { snapshot } from '../unit/quick-check-fixture';

const Q = '2027-Q1';

/** The pre-filled value of the input with this id, wherever it sits in the card. */
function inputValue(card: unknown, id: string): unknown {
  if (Array.isArray(card)) return card.map((c) => inputValue(c, id)).find((v) => v !== undefined);
  if (!card || typeof card !== 'object') return undefined;
  const node = card as Record<string, unknown>;
  if (node.id === id) return node.value;
  return Object.values(node)
    .map((v) => inputValue(v, id))
    .find((v) => v !== undefined);
}
const ONE_NO = { strategy: 'yes', managed: 'no', impact: 'yes', value: 'yes' };
const ALL_YES = { strategy: 'yes', managed: 'yes', impact: 'yes', value: 'yes' };

describe.each(STORE_KINDS)('the quick check over real HTTP (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  let clock: FakeClock;
  let practiceId: string;
  let otherPracticeId: string;

  beforeEach(async () => {
    clock = new FakeClock('2027-01-04T09:30:00Z');
    const config = loadConfig({ PLAYGROUND: '0', DEMO: '0', SQLITE_PATH: ':memory:', ...storeEnv() });
    const store: Store = createStore(config);
    h = await startHarness({ clock, store });
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
    practiceId = practices.find((p) => p.name === 'Riverside Surgery')!.practiceId;
    otherPracticeId = practices.find((p) => p.name === 'Hillside Medical Centre')!.practiceId;
  });
  afterEach(() => h.close());

  const textReplies = () =>
    h.connector
      .activities()
      .filter((a) => typeof a.activity.text === 'string')
      .map((a) => a.activity.text as string);
  const lastText = async (pattern: RegExp) =>
    (await h.connector.waitFor((a) => pattern.test(String(a.activity.text ?? '')))).activity.text as string;
  const submitData = (answers: Record<string, string> = ONE_NO, over: Record<string, unknown> = {}) => ({
    verb: Verbs.quickCheckSubmit,
    roundId: Q,
    practiceId,
    pcnId: PCN_ID,
    ...answers,
    ...over,
  });
  /** Opens the round and waits until the dispatcher has posted both practices' cards and recorded them. */
  const startRound = async () => {
    await h.say(PEOPLE.admin, 'start quick check');
    await lastText(/quick check for Q4 2026\/27 \(January to March 2027\)/);
    await h.connector.waitForCount(2, (a) => a.kind === 'newThread');
    await h.app.deps.dispatcher.settle();
  };
  /** An invoke with a chosen activity id, as Teams sends it again when it redelivers. */
  const invokeWithId = (id: string, from: Someone, data: Record<string, unknown>) =>
    h.post({
      id,
      type: 'invoke',
      name: 'adaptiveCard/action',
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: BOT,
      conversation: { id: `${TEAM_ID};messageid=4242`, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
      channelData: {
        tenant: { id: TENANT_ID },
        team: { id: TEAM_ID, name: 'Riverside PCN', aadGroupId: GROUP_ID },
        channel: { id: TEAM_ID, name: 'General' },
      },
      value: { action: { type: 'Action.Execute', verb: Verbs.quickCheckSubmit, data }, trigger: 'manual' },
    });

  it('when an admin types start quick check, then the round opens once and a card per practice is queued', async () => {
    await h.say(PEOPLE.admin, 'start quick check');
    expect(await lastText(/I have opened/)).toMatch(/a card for each of 2 practices/);

    await h.say(PEOPLE.admin, 'Start Quick Check');
    expect(await lastText(/already open/)).toContain('The quick check for Q4 2026/27 (January to March 2027) is already open');

    const items = (await h.store.documents.query<OutboxItem>(PCN_ID, 'outbox')).items.filter((i) =>
      i.key.startsWith('quick-check:'),
    );
    expect(items.map((i) => i.key).sort()).toEqual(
      [`quick-check:${Q}:${otherPracticeId}`, `quick-check:${Q}:${practiceId}`].sort(),
    );
    const riverside = items.find((i) => i.key.endsWith(practiceId));
    expect(riverside?.target).toMatchObject({ kind: 'newThread', channelId: TEAM_ID });
    expect(cardText(riverside?.message.card)).toContain('Q4 2026/27 (January to March 2027) · closes Wednesday 31 March');
  });

  it("when the cards are posted, then Teams gets each practice's card @mentioning its leads with a mention entity", async () => {
    await startRound();

    const posted = h.connector.activities().filter((a) => a.kind === 'newThread');
    const card = (practice: string) =>
      cardOf(posted.find((a) => cardText(cardOf(a.activity)).startsWith(`${practice}\n`))!.activity) as {
        body: { type: string; text?: string }[];
        msteams?: { entities: unknown[] };
      };
    for (const [practice, lead] of [
      ['Riverside Surgery', PEOPLE.lead],
      ['Hillside Medical Centre', PEOPLE.newcomer],
    ] as const) {
      const sent = card(practice);
      expect(sent.msteams?.entities).toEqual([
        { type: 'mention', text: `<at>${lead.name}</at>`, mentioned: { id: lead.aadObjectId, name: lead.name } },
      ]);
      expect(sent.body.filter((b) => b.type === 'TextBlock' && b.text?.includes(`<at>${lead.name}</at>`))).toHaveLength(1);
    }
  });

  it('when a member types start quick check, then they are told only an admin can, and nothing opens', async () => {
    await h.say(PEOPLE.member, 'start quick check');
    expect(await lastText(/Only a PCN admin/)).toContain('Only a PCN admin can start the quick check');
    expect(await h.store.documents.query(PCN_ID, 'round')).toMatchObject({ items: [] });
  });

  it('when the lead answers with one No, then the card updates in place, the advice arrives in the thread and results show it', async () => {
    await startRound();

    const { status, body } = await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, submitData());

    expect(status).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = cardText(body.value);
    expect(card).toContain('Answered by Priya Shah on Monday 4 January, 09:30.');
    expect(card).toMatch(/2\. Is social media constantly managed, monitored, and kept up to date\?\nNo/);
    expect(card).toContain('Change answers');
    // Teams shows the returned card to the lead alone; everyone else in the channel sees the posted card updated.
    const posted = h.connector
      .activities()
      .find((a) => a.kind === 'newThread' && cardText(cardOf(a.activity)).includes('Riverside Surgery'));
    expect(posted?.activityId).toBeDefined();
    const shared = await h.connector.waitFor((a) => a.kind === 'update' && a.activityId === posted?.activityId);
    expect(cardText(cardOf(shared.activity))).toContain('Answered by Priya Shah on Monday 4 January, 09:30.');
    const advice = await lastText(/Consider making some changes/);
    expect(advice).toContain('Riverside Surgery answered No to one question.');
    expect(advice).toContain('Moderate and remove inappropriate content, and make regular checks.');
    expect(advice).not.toContain('Have a content plan');

    await h.say(PEOPLE.member, 'results');
    const results = await h.connector.waitFor((a) =>
      cardText(cardOf(a.activity)).includes('Social media quick check: Q4 2026/27 (January to March 2027)'),
    );
    const grid = cardText(cardOf(results.activity));
    expect(grid).toContain('1 of 2 practices answered');
    expect(grid).toContain('Open follow-up actions (1)');
    expect(grid).toContain('Riverside Surgery: 2. Managed (No in Q4 2026/27)');
  });

  it('when Teams fails as the advice is sent, then the answers stand and the advice still arrives, once', async () => {
    await startRound();
    h.connector.scriptFault({
      conversationId: TEAM_ID,
      status: 503,
      operations: ['sendToConversation', 'replyToActivity'],
      times: 1,
    });

    const { body } = await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, submitData());

    expect(cardText(body.value)).toContain('Answered by Priya Shah');
    // The first attempt meets the 503 and is rescheduled on the test's clock; move it on and the retry goes.
    const key = `quick-check-advice:${Q}:${practiceId}:v1`;
    const failedOnce = async () => {
      const item = await h.app.deps.outbox.get(PCN_ID, key);
      return item?.status === 'pending' && item.errors.length === 1;
    };
    for (let i = 0; i < 100 && !(await failedOnce()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await h.app.deps.outbox.get(PCN_ID, key)).toMatchObject({
      status: 'pending',
      attempts: 1,
      errors: [expect.objectContaining({ status: 503 })],
    });
    clock.advance(60_000);
    h.app.deps.dispatcher.wake();
    expect(await lastText(/Consider making some changes/)).toContain('Riverside Surgery answered No to one question.');
    await h.app.deps.dispatcher.settle();
    expect(textReplies().filter((t) => /Consider making some changes/.test(t))).toHaveLength(1);
    expect(h.connector.duplicateKeys()).toEqual([]);
  });

  it('when the lead changes the No to Yes, then the form comes back pre-filled, history keeps both and the action closes', async () => {
    await startRound();
    await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, submitData());

    const form = await h.invoke(PEOPLE.lead, Verbs.quickCheckChange, {
      verb: Verbs.quickCheckChange,
      roundId: Q,
      practiceId,
      pcnId: PCN_ID,
    });
    const answered = await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, submitData(ALL_YES));

    expect(inputValue(form.body.value, 'managed')).toBe('no');
    expect(inputValue(form.body.value, 'strategy')).toBe('yes');
    expect(cardText(answered.body.value)).toContain('(changed once)');
    expect(await lastText(/Well done/)).toContain('2. Managed');
    expect((await h.store.documents.query(PCN_ID, 'answerHistory')).items).toHaveLength(2);
    expect((await h.store.documents.query<{ status: string }>(PCN_ID, 'action')).items.map((a) => a.status)).toEqual(['done']);
  });

  it('when a lead on Teams mobile presses Change answers, then the form comes as a new message and the shared card keeps the answers', async () => {
    await startRound();
    await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, submitData());
    const lastSeq = Math.max(0, ...h.connector.activities().map((a) => a.seq));

    await h.submit(PEOPLE.lead, { verb: Verbs.quickCheckChange, roundId: Q, practiceId, pcnId: PCN_ID }, '1700000000888');

    const form = await h.connector.waitFor(
      (a) => a.seq > lastSeq && a.kind !== 'update' && inputValue(cardOf(a.activity), 'managed') === 'no',
    );
    expect(form.kind).not.toBe('update');
    expect(h.connector.activities().some((a) => a.kind === 'update' && a.activityId === '1700000000888')).toBe(false);
  });

  type Tamper = (data: Record<string, unknown>) => void;
  it.each<[string, Tamper, RegExp]>([
    ['a value other than yes or no', (d) => (d.managed = 'maybe'), /Question 2: the answer must be Yes or No/],
    ['a missing answer', (d) => delete d.value, /Question 4: please choose Yes or No/],
    ['an extra field', (d) => (d.isAdmin = 'yes'), /fields this card never sends/],
    ['a huge comment', (d) => (d.comment = 'x'.repeat(5000)), /keep it to 1000 characters/],
    ['a practice id that is not in this PCN', (d) => (d.practiceId = 'otherPractice'), /not part of this PCN/],
    [
      'a practice the person does not lead',
      (d) => (d.practiceId = otherPracticeId),
      /only Hillside Medical Centre's practice leads/,
    ],
    ['a past quarter', (d) => (d.roundId = '2026-Q4'), /not open/],
    ["another team's PCN", (d) => (d.pcnId = `${TENANT_ID}:another-group`), /belongs to another team/],
  ])('when a submission has %s, then the reply says so and nothing is written', async (_label, tamper, message) => {
    await startRound();
    const before = await snapshot(h.store, PCN_ID);
    const data: Record<string, unknown> = submitData();
    tamper(data);

    const { body } = await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, data);

    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(body.value)).toMatch(message);
    expect(await snapshot(h.store, PCN_ID)).toBe(before);
    expect(textReplies().some((t) => /Consider making some changes/.test(t))).toBe(false);
  });

  it('when the round has closed, then a late answer is refused and nothing is written', async () => {
    await startRound();
    const quickCheck = new QuickCheck({
      cards: quickCheckCards,
      store: h.store,
      clock,
      logger: silentLogger(),
      outbox: new Outbox(h.store, clock),
      export: { baseUrl: 'http://unused' },
    });
    await quickCheck.reminders.closeRound(PCN_ID, Q);
    const before = await snapshot(h.store, PCN_ID);

    const { body } = await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, submitData());

    expect(String(body.value)).toContain('closed at the end of Wednesday 31 March 2027');
    expect(await snapshot(h.store, PCN_ID)).toBe(before);
  });

  it('when a team member who is not a lead answers, then they get a polite explanation and nothing changes', async () => {
    await startRound();
    const before = await snapshot(h.store, PCN_ID);

    const { body } = await h.invoke(PEOPLE.member, Verbs.quickCheckSubmit, submitData());

    expect(String(body.value)).toMatch(
      /^Thanks, but only Riverside Surgery's practice leads \(Priya Shah\) or a PCN admin can answer/,
    );
    expect(await snapshot(h.store, PCN_ID)).toBe(before);
  });

  it('when Teams delivers the same submission twice, even after a later change, then it is recorded and advised once', async () => {
    await startRound();

    await invokeWithId('teams-activity-77', PEOPLE.lead, submitData(ONE_NO));
    await invokeWithId('teams-activity-78', PEOPLE.lead, submitData(ALL_YES));
    // The first delivery again, late: recording it would undo the change the lead made since.
    await invokeWithId('teams-activity-77', PEOPLE.lead, submitData(ONE_NO));

    expect((await h.store.documents.query(PCN_ID, 'answerHistory')).items).toHaveLength(2);
    const [answer] = (await h.store.documents.query<{ answers: unknown }>(PCN_ID, 'answer')).items;
    expect(answer?.answers).toEqual(ALL_YES);
    expect(textReplies().filter((t) => /Consider making some changes/.test(t))).toHaveLength(1);
  });

  it('when an older Teams client uses the Action.Submit fallback, then the answers are recorded and the card is updated in place', async () => {
    await startRound();

    await h.submit(PEOPLE.lead, submitData(), '1700000000555');

    const update = await h.connector.waitFor((a) => a.kind === 'update');
    expect(update.activityId).toBe('1700000000555');
    expect(cardText(cardOf(update.activity))).toContain('Answered by Priya Shah');
    expect((await h.store.documents.query(PCN_ID, 'answer')).items).toHaveLength(1);
  });

  it('when results are asked for a past, future or unknown quarter, or the trend, then each gets a clear answer', async () => {
    await startRound();

    await h.say(PEOPLE.member, 'results 2026-Q3');
    expect(await lastText(/no quick check for Q2/)).toBe('There was no quick check for Q2 2026/27 (July to September 2026).');
    await h.say(PEOPLE.member, 'results Q2 2027/28');
    expect(await lastText(/hasn't started/)).toContain("Q2 2027/28 (July to September 2027) hasn't started yet");
    await h.say(PEOPLE.member, 'results soon');
    expect(await lastText(/didn't understand/)).toContain('**results trend**');
    await h.say(PEOPLE.member, 'results trend');
    const trend = await h.connector.waitFor((a) => cardText(cardOf(a.activity)).includes('the last four quarters'));
    expect(cardText(cardOf(trend.activity))).toContain('Q4 2026/27');
  });

  it('when a PCN admin presses Remind now beside a practice that has not answered, then its lead is @mentioned in its card thread, once that day', async () => {
    await startRound();
    await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, submitData());
    const resultsFor = async (who: Someone) => {
      const after = Math.max(0, ...h.connector.activities().map((a) => a.seq));
      await h.say(who, 'results');
      const sent = await h.connector.waitFor(
        (a) => a.seq > after && cardText(cardOf(a.activity)).includes('Social media quick check:'),
      );
      return cardOf(sent.activity);
    };
    const reminders = () => h.connector.activities().filter((a) => /asked me to remind you/.test(String(a.activity.text ?? '')));

    expect(cardText(await resultsFor(PEOPLE.member))).not.toContain('Remind now');
    const press = pressButton(await resultsFor(PEOPLE.admin), 'Remind now');
    expect(press).toEqual({
      verb: Verbs.resultsRemind,
      data: { verb: Verbs.resultsRemind, quarter: Q, practiceId: otherPracticeId },
    });

    const first = await h.invoke(PEOPLE.admin, press.verb, press.data);

    expect(first.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(first.body.value)).toContain("I am reminding Hillside Medical Centre's practice lead (Jo Evans) now.");
    const reminder = await h.connector.waitFor((a) => /asked me to remind you/.test(String(a.activity.text ?? '')));
    const thread = (await h.store.quickCheck.getRound(PCN_ID, Q))?.cards[otherPracticeId]?.address.conversationId;
    expect(reminder.conversationId).toBe(thread);
    expect(reminder.activity.text).toMatch(
      /^<at>Jo Evans<\/at>: Alex Morgan asked me to remind you that Hillside Medical Centre/,
    );
    expect(reminder.activity.entities).toEqual([
      expect.objectContaining({
        type: 'mention',
        text: '<at>Jo Evans</at>',
        mentioned: expect.objectContaining({ id: PEOPLE.newcomer.aadObjectId, name: 'Jo Evans' }),
      }),
    ]);

    const second = await h.invoke(PEOPLE.admin, press.verb, press.data);
    const fromMember = await h.invoke(PEOPLE.member, press.verb, press.data);
    await h.app.deps.dispatcher.settle();

    expect(cardText(second.body.value)).toContain('I reminded them today already');
    expect(String(fromMember.body.value)).toMatch(/^Only a PCN admin can remind a practice/);
    expect(reminders()).toHaveLength(1);
    expect(h.connector.duplicateKeys()).toEqual([]);
  });

  it('when an admin exports, then a signed link serves the CSV for 15 minutes; tampered or member requests get nothing', async () => {
    await startRound();
    await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, submitData(ONE_NO, { comment: '=cmd|calc' }));

    await h.say(PEOPLE.admin, 'export');
    // In the channel: an offer, with no link anyone in the team could use.
    const offer = await h.connector.waitFor((a) => cardText(cardOf(a.activity)).includes('Quick check export (every quarter)'));
    expect(JSON.stringify(cardOf(offer.activity))).not.toContain(EXPORT_PATH);
    const { body } = await h.invoke(PEOPLE.admin, Verbs.exportLink, { quarter: 'all' });
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).toContain('Only you can see this link.');
    const actions = (body.value as { actions: { type: string; url: string }[] }).actions;
    expect(actions[0]?.type).toBe('Action.OpenUrl');
    const link = new URL(actions[0]!.url);
    const download = await fetch(`${h.url}${link.pathname}${link.search}`);
    const tampered = await fetch(`${h.url}${link.pathname}${link.search.replace('quarter=all', `quarter=${Q}`)}`);
    clock.advance(15 * 60 * 1000 + 1);
    const expired = await fetch(`${h.url}${link.pathname}${link.search}`);
    await h.say(PEOPLE.member, 'export');
    const memberPress = await h.invoke(PEOPLE.member, Verbs.exportLink, { quarter: 'all' });
    const forged = await h.invoke(PEOPLE.admin, Verbs.exportLink, { quarter: 'everything' });

    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(download.headers.get('cache-control')).toBe('no-store');
    const csv = await download.text();
    expect(csv).toContain(
      'Riverside Surgery,B82005,1,Yes,"Monday 4 January 2027, 09:30",Priya Shah,Yes,No,Yes,Yes,\'=cmd|calc,First answer',
    );
    expect(tampered.status).toBe(403);
    expect(expired.status).toBe(410);
    expect(await lastText(/export the quick check answers/)).toMatch(/^Only a PCN admin/);
    expect(memberPress.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(memberPress.body.value)).toMatch(/^Only a PCN admin/);
    expect(String(forged.body.value)).toContain('not one I recognise');
  });

  it('when an admin presses the export button on a Teams client without Universal Actions, then no link is shown to the team', async () => {
    await startRound();
    const before = h.connector.activities().length;

    await h.submit(PEOPLE.admin, { verb: Verbs.exportLink, quarter: 'all' }, '1700000000777');

    const reply = await lastText(/keep the download link private/);
    expect(reply).toContain('Teams on a computer or in a web browser');
    const sent = h.connector.activities().slice(before);
    expect(sent.some((a) => a.kind === 'update')).toBe(false);
    expect(sent.some((a) => JSON.stringify(a.activity).includes(EXPORT_PATH))).toBe(false);
  });

  it('when the lead submits repeatedly, then each updated card comes back promptly (median reported)', async () => {
    await startRound();
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      const { body } = await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, submitData(i % 2 ? ALL_YES : ONE_NO));
      times.push(performance.now() - started);
      expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    // For the closing note: Submit to updated card, real HTTP through the bot to the store and back.
    process.stdout.write(
      `quick check e2e (${kind}): median Submit to updated card ${median.toFixed(1)} ms over ${times.length}\n`,
    );
    expect((await h.store.documents.query(PCN_ID, 'answerHistory')).items).toHaveLength(15);
  });
});
