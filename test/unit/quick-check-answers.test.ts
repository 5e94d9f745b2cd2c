import { ConflictError, ForbiddenError, ValidationError } from '../../services/errors';
import type { AnswerRequest } from '../../services/quick-check/answers';
import type { Answers } from '../../services/domain/quick-check';
import { admin, ALL_YES, type Fixture, leadA, leadB, member, ONE_NO, quickCheckFixture, snapshot } from './quick-check-fixture';

describe('AnswerService: recording a practice quick check', () => {
  let f: Fixture;
  const Q = '2027-Q1';

  beforeEach(async () => {
    f = await quickCheckFixture();
    await f.qc.rounds.openRound(f.pcnId, Q);
  });
  afterEach(() => f.dispose());

  const request = (over: Partial<AnswerRequest> = {}): AnswerRequest => ({
    pcnId: f.pcnId,
    actor: leadA,
    roundId: Q,
    practiceId: f.riverside.practiceId,
    answers: ONE_NO,
    ...over,
  });
  const history = () => f.repo.listHistory(f.pcnId, Q);
  const actions = () => f.store.documents.query<{ questionId: string; status: string; quarter: string }>(f.pcnId, 'action');

  describe('the advice for each No', () => {
    const thread: AnswerRequest['replyTo'] = {
      kind: 'conversation',
      address: {
        conversationId: '19:social@thread.tacv2;messageid=1700000000001',
        serviceUrl: 'https://smba.example/uk/',
        tenantId: 'tenant-1',
        botId: '28:bot',
        isGroup: true,
        conversationType: 'channel',
      },
    };

    it('when a lead answers with a No, then the advice is queued in the outbox with the answers, for the card thread, once per version', async () => {
      const first = await f.qc.answers.record(request({ replyTo: thread }));
      const unchanged = await f.qc.answers.record(request({ replyTo: thread }));

      const key = `quick-check-advice:${Q}:${f.riverside.practiceId}:v1`;
      expect(first.adviceKey).toBe(key);
      expect(unchanged).toMatchObject({ kind: 'unchanged' });
      const item = await f.outbox.get(f.pcnId, key);
      expect(item).toMatchObject({ status: 'pending', target: thread });
      expect(item?.message.text).toMatch(/answered No to one question/);
      const advice = (await f.store.documents.query(f.pcnId, 'outbox')).items.filter((i) =>
        String((i as { key?: string }).key).startsWith('quick-check-advice:'),
      );
      expect(advice).toHaveLength(1);
    });

    it('when a practice answers, then every posted copy of its card is queued to show the answers to everyone, once per version', async () => {
      const { messages } = await f.qc.rounds.openRound(f.pcnId, Q);
      let id = 1_700_000_000_100;
      for (const m of messages) {
        const activityId = String(id++);
        await f.qc.rounds.recordPosted({ ...m, sent: { conversationId: `19:social;messageid=${activityId}`, activityId } });
      }
      const posted = (await f.repo.getRound(f.pcnId, Q))!.cards[f.riverside.practiceId]!;

      await f.qc.answers.record(request({ replyTo: thread }));
      await f.qc.answers.record(request({ replyTo: thread }));
      await f.qc.answers.record(request({ answers: ALL_YES, replyTo: thread }));

      const updates = (
        await f.store.documents.query<{ key: string; replaceActivityId?: string; message: { card?: unknown } }>(f.pcnId, 'outbox')
      ).items
        .filter((i) => i.key.startsWith('quick-check-answered:'))
        .sort((a, b) => a.key.localeCompare(b.key));
      expect(updates.map((u) => u.key)).toEqual([
        `quick-check-answered:${Q}:${f.riverside.practiceId}:v1`,
        `quick-check-answered:${Q}:${f.riverside.practiceId}:v2`,
      ]);
      expect(updates.map((u) => u.replaceActivityId)).toEqual([posted.activityId, posted.activityId]);
      expect(JSON.stringify(updates[1]?.message.card)).toContain('Answered by Priya Shah');
    });

    it('when every answer is Yes and nothing closes, then no advice is queued', async () => {
      const outcome = await f.qc.answers.record(request({ answers: ALL_YES, replyTo: thread }));

      expect(outcome.adviceKey).toBeUndefined();
      expect(await f.outbox.get(f.pcnId, `quick-check-advice:${Q}:${f.riverside.practiceId}:v1`)).toBeUndefined();
    });
  });

  it('when a lead answers with one No, then the answers, one history entry and one open action are stored', async () => {
    const outcome = await f.qc.answers.record(request({ comment: 'We post most weeks.' }));

    expect(outcome).toMatchObject({ kind: 'recorded', noes: ['managed'] });
    const stored = await f.qc.answers.current(f.pcnId, Q, f.riverside.practiceId);
    expect(stored).toMatchObject({ answers: ONE_NO, comment: 'We post most weeks.', answeredBy: leadA, version: 1 });
    expect(stored?.answeredAt).toBe('2027-01-04T09:30:00.000Z');
    const entries = await history();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ by: leadA, after: { answers: ONE_NO }, version: 1 });
    expect(entries[0].before).toBeUndefined();
    expect((await actions()).items).toEqual([expect.objectContaining({ questionId: 'managed', status: 'open', quarter: Q })]);
  });

  it('when the lead changes the No to Yes later, then history keeps both versions and the action is done', async () => {
    await f.qc.answers.record(request());
    f.clock.advance(60 * 60 * 1000);

    const outcome = await f.qc.answers.record(request({ answers: ALL_YES }));

    expect(outcome.kind).toBe('recorded');
    expect(outcome.closed.map((a) => a.questionId)).toEqual(['managed']);
    const entries = await history();
    expect(entries.map((e) => e.version)).toEqual([1, 2]);
    expect(entries[1]).toMatchObject({
      before: { answers: ONE_NO },
      after: { answers: ALL_YES },
      at: '2027-01-04T10:30:00.000Z',
    });
    expect((await actions()).items).toEqual([
      expect.objectContaining({ questionId: 'managed', status: 'done', closedNote: `Answered Yes in ${Q}` }),
    ]);
    expect((await f.qc.answers.current(f.pcnId, Q, f.riverside.practiceId))?.firstAnsweredAt).toBe('2027-01-04T09:30:00.000Z');
  });

  it('when it changes back to No, then the same action reopens rather than a second one appearing', async () => {
    await f.qc.answers.record(request());
    await f.qc.answers.record(request({ answers: ALL_YES }));
    await f.qc.answers.record(request({ answers: ONE_NO }));

    const list = (await actions()).items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'open' });
    expect(list[0]).not.toHaveProperty('closedAt');
  });

  it('when the same person submits the same answers again (a double click), then nothing new is written', async () => {
    await f.qc.answers.record(request({ activityId: 'click-1' }));
    const before = await snapshot(f.store, f.pcnId);

    const outcome = await f.qc.answers.record(request({ activityId: 'click-2' }));

    expect(outcome.kind).toBe('unchanged');
    expect(await snapshot(f.store, f.pcnId)).toBe(before);
  });

  it('when both halves of a double click arrive at the same moment, then exactly one history entry is written', async () => {
    const outcomes = await Promise.all([
      f.qc.answers.record(request({ activityId: 'click-1' })),
      f.qc.answers.record(request({ activityId: 'click-2' })),
    ]);

    expect(outcomes.map((o) => o.kind).sort()).toEqual(['recorded', 'unchanged']);
    expect(await history()).toHaveLength(1);
    expect((await actions()).items).toHaveLength(1);
  });

  it('when Teams redelivers an activity after someone else changed the answers, then it is not applied twice', async () => {
    await f.qc.answers.record(request({ activityId: 'act-1' }));
    await f.qc.answers.record(request({ actor: admin, answers: ALL_YES, activityId: 'act-2' }));

    const outcome = await f.qc.answers.record(request({ activityId: 'act-1' }));

    expect(outcome.kind).toBe('duplicate');
    expect(outcome.answer.answers).toEqual(ALL_YES);
    expect(await history()).toHaveLength(2);
  });

  it('when a lead and an admin submit different answers at the same moment, then both are kept in order and none is lost', async () => {
    const mine: Answers = { strategy: 'no', managed: 'no', impact: 'yes', value: 'yes' };
    const theirs: Answers = { strategy: 'yes', managed: 'yes', impact: 'no', value: 'yes' };

    await Promise.all([
      f.qc.answers.record(request({ answers: mine })),
      f.qc.answers.record(request({ actor: admin, answers: theirs })),
    ]);

    const entries = await history();
    expect(entries.map((e) => e.version)).toEqual([1, 2]);
    expect(entries[1].before?.answers).toEqual(entries[0].after.answers);
    const current = await f.qc.answers.current(f.pcnId, Q, f.riverside.practiceId);
    expect(current?.answers).toEqual(entries[1].after.answers);
    expect(current?.version).toBe(2);
    const open = (await actions()).items
      .filter((a) => a.status === 'open')
      .map((a) => a.questionId)
      .sort();
    const lastNoes = Object.entries(entries[1].after.answers)
      .filter(([, v]) => v === 'no')
      .map(([k]) => k)
      .sort();
    expect(open).toEqual(lastNoes);
  });

  it('when five submissions race, then five versions are recorded with an unbroken chain of before and after', async () => {
    const sets: Answers[] = [
      ONE_NO,
      ALL_YES,
      { ...ALL_YES, value: 'no' },
      { ...ALL_YES, impact: 'no' },
      { ...ALL_YES, strategy: 'no' },
    ];
    const people = [leadA, admin, leadA, admin, leadA];

    const results = await Promise.allSettled(
      sets.map((answers, i) => f.qc.answers.record(request({ answers, actor: people[i] }))),
    );

    const recorded = results.filter((r) => r.status === 'fulfilled' && r.value.kind === 'recorded').length;
    const conflicts = results.filter((r) => r.status === 'rejected' && r.reason instanceof ConflictError).length;
    expect(recorded).toBe(5);
    expect(conflicts).toBe(0);
    const entries = await history();
    expect(entries).toHaveLength(recorded);
    for (let i = 1; i < entries.length; i++) expect(entries[i].before).toEqual(entries[i - 1].after);
  });

  it('when someone who is not a lead or admin answers, then they are told politely and nothing is written', async () => {
    const before = await snapshot(f.store, f.pcnId);

    const attempt = f.qc.answers.record(request({ actor: member }));

    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    await expect(attempt).rejects.toMatchObject({
      userMessage: expect.stringMatching(/only Riverside Surgery's practice leads \(Priya Shah\) or a PCN admin/),
    });
    expect(await snapshot(f.store, f.pcnId)).toBe(before);
  });

  it('when a lead answers for another practice, then it is refused and nothing is written', async () => {
    const before = await snapshot(f.store, f.pcnId);
    await expect(f.qc.answers.record(request({ actor: leadB }))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await snapshot(f.store, f.pcnId)).toBe(before);
  });

  it.each([
    ['a practice of another PCN', { practiceId: 'not-a-practice-here' }, /not part of this PCN/],
    ['a quarter with no round', { roundId: '2026-Q4' }, /not open/],
    ['a future quarter', { roundId: '2027-Q2' }, /not open/],
  ])('when the card names %s, then it is refused and nothing is written', async (_label, over, message) => {
    const before = await snapshot(f.store, f.pcnId);
    const attempt = f.qc.answers.record(request(over));
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ userMessage: expect.stringMatching(message) });
    expect(await snapshot(f.store, f.pcnId)).toBe(before);
  });

  it('when the round has closed, then answers are refused and nothing is written', async () => {
    await f.qc.reminders.closeRound(f.pcnId, Q);
    const before = await snapshot(f.store, f.pcnId);

    const attempt = f.qc.answers.record(request());

    await expect(attempt).rejects.toMatchObject({
      userMessage: expect.stringMatching(/closed at the end of Wednesday 31 March 2027/),
    });
    expect(await snapshot(f.store, f.pcnId)).toBe(before);
  });

  it('when the quarter has ended but the close job has not run yet, then answers are refused all the same', async () => {
    f.clock.set('2027-04-01T00:00:00Z');
    await expect(f.qc.answers.record(request())).rejects.toBeInstanceOf(ValidationError);
    expect(await history()).toHaveLength(0);
  });

  it("when a lead answers Yes next quarter, then last quarter's open action for that question closes", async () => {
    await f.qc.answers.record(request());
    await f.qc.reminders.closeRound(f.pcnId, Q);
    f.clock.set('2027-04-01T08:30:00Z');
    await f.qc.rounds.openRound(f.pcnId, '2027-Q2');

    const outcome = await f.qc.answers.record(request({ roundId: '2027-Q2', answers: ALL_YES }));

    expect(outcome.closed).toEqual([
      expect.objectContaining({ quarter: Q, questionId: 'managed', closedNote: 'Answered Yes in 2027-Q2' }),
    ]);
    expect((await actions()).items.every((a) => a.status === 'done')).toBe(true);
  });
});
