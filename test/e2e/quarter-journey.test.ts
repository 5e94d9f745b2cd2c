import { Verbs } from '../../cards/verbs';
import { cardOf, cardText, type Harness, PCN_ID, PEOPLE, startHarness, TEAM_ID } from '../support/bot-harness';
import { FakeClock } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';

const ONE_NO = { strategy: 'yes', managed: 'no', impact: 'yes', value: 'yes' };
const ALL_YES = { strategy: 'yes', managed: 'yes', impact: 'yes', value: 'yes' };

/**
 * A whole quarter as the scheduler drives it, with a fake clock: the round
 * opens on the first weekday, a lead answers and changes an answer, the other
 * practice is reminded after 7 and 14 days, the round closes at quarter end,
 * and the next quarter opens. Real HTTP, real store, the real dispatcher.
 */
describe.each(STORE_KINDS)('a whole quarter driven by the scheduler (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock('2026-12-14T10:00:00Z');
    // JOBS=0: the test ticks the scheduler itself; the dispatcher is started by hand below.
    h = await startHarness({ clock, env: { ...storeEnv(), JOBS: '0' }, connectorOnClock: true });
    h.app.deps.dispatcher.start();
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
  });
  afterEach(() => h.close());

  /** Moves the clock, runs the scheduler once, and waits until the dispatcher has sent what it queued. */
  const at = async (iso: string) => {
    clock.set(iso);
    const { runs } = await h.app.deps.scheduler.tick();
    const waiting = async () => {
      const { counts } = await h.app.deps.outbox.status(PCN_ID);
      return counts.pending + counts.sending;
    };
    for (let i = 0; i < 250 && (await waiting()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    await h.app.deps.dispatcher.settle();
    return runs.map((r) => `${r.job}:${r.period}:${r.outcome}`);
  };
  const quickCheckCards = (quarterLabel: string) =>
    h.connector.activities().filter((a) => a.kind === 'newThread' && cardText(cardOf(a.activity)).includes(quarterLabel));

  it('when the quarter runs its course, then open, answer, change, remind twice, close and the next quarter all happen once', async () => {
    // Before the quarter starts nothing of the quick check is due; the weekly digest (Monday 28 December) is, once,
    // and the day's refresh check (10:00; no channels, so it sends nothing).
    expect(await at('2026-12-31T12:00:00Z')).toEqual(['weekly-digest:2026-W53:ran', 'refresh-check:2026-12-31:ran']);

    // Friday 1 January 2027 (the first weekday), 09:30 London (GMT): the round opens, each practice gets its card once.
    expect(await at('2027-01-01T09:30:00Z')).toContain('quick-check:2027-Q1:ran');
    expect(quickCheckCards('Q4 2026/27 (January to March 2027)')).toHaveLength(2);
    expect(await at('2027-01-01T09:31:00Z')).not.toContain('quick-check:2027-Q1:ran');
    expect(quickCheckCards('Q4 2026/27 (January to March 2027)')).toHaveLength(2);

    // Riverside's lead answers with one No, then changes it to Yes.
    const [riverside] = (await h.store.practices.list(PCN_ID)).filter((p) => p.name === 'Riverside Surgery');
    const data = { roundId: '2027-Q1', practiceId: riverside.practiceId, pcnId: PCN_ID };
    clock.set('2027-01-05T11:00:00Z');
    const first = await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, { ...data, ...ONE_NO });
    expect(cardText(first.body.value)).toMatch(/Priya Shah/);
    await h.connector.waitFor((a) => /Consider making some changes/.test(String(a.activity.text)));
    await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, { ...data, ...ALL_YES });

    // 7 and 14 days on, only Hillside (no answer) is reminded, each time once.
    await at('2027-01-08T09:30:00Z');
    await at('2027-01-15T09:30:00Z');
    const reminders = h.connector
      .activities()
      .filter(
        (a) =>
          /Hillside Medical Centre/.test(String(a.activity.text)) && /reminder|not answered|still/i.test(String(a.activity.text)),
      );
    expect(reminders).toHaveLength(2);
    // Each reminder @mentions Hillside's lead, so Teams notifies her.
    for (const reminder of reminders) {
      expect(reminder.activity.text).toMatch(/^<at>Jo Evans<\/at>: a reminder/);
      expect(reminder.activity.entities).toEqual([
        expect.objectContaining({
          type: 'mention',
          text: '<at>Jo Evans</at>',
          mentioned: expect.objectContaining({ id: PEOPLE.newcomer.aadObjectId }),
        }),
      ]);
    }
    expect(
      h.connector
        .activities()
        .some((a) => /Riverside Surgery/.test(String(a.activity.text)) && /reminder/i.test(String(a.activity.text))),
    ).toBe(false);

    // Midnight at the end of March (BST has not started): the round closes and both cards say so.
    expect(await at('2027-04-01T00:00:00+01:00')).toContain('round-close:2027-Q1:ran');
    const round = await h.store.documents.get<{ status: string }>(PCN_ID, 'round', 'round:2027-Q1');
    expect(round?.status).toBe('closed');
    const closedCards = h.connector
      .activities()
      .filter((a) => a.kind === 'update' && /closed/i.test(cardText(cardOf(a.activity))));
    expect(closedCards.length).toBeGreaterThanOrEqual(2);

    // Thursday 1 April 2027, 09:30 BST (08:30 UTC): the next quarter opens.
    expect(await at('2027-04-01T08:30:00Z')).toContain('quick-check:2027-Q2:ran');
    expect(quickCheckCards('Q1 2027/28 (April to June 2027)')).toHaveLength(2);

    // Nothing was sent twice: four quick check cards, and one digest for each week the clock reached.
    expect(h.connector.duplicateKeys()).toEqual([]);
    const threads = h.connector
      .activities()
      .filter((a) => a.kind === 'newThread' && a.conversationId.startsWith(`${TEAM_ID};messageid=`));
    const digests = threads.filter((a) => a.idempotencyKey?.startsWith('plan-digest:'));
    expect(threads.length - digests.length).toBe(4);
    expect(digests.map((a) => a.idempotencyKey)).toEqual([
      'plan-digest:2026-W53',
      'plan-digest:2027-W01',
      'plan-digest:2027-W02',
      'plan-digest:2027-W13',
    ]);
  });
});
