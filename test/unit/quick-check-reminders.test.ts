import type { NewOutboxItem, OutboxItem } from '../../services/store/outbox-repository';
import type { Stored } from '../../services/store/documents';
import { ForbiddenError } from '../../services/errors';
import {
  admin,
  ALL_YES,
  cardText,
  type Fixture,
  givePersonalChat,
  leadA,
  leadB,
  ONE_NO,
  quickCheckFixture,
  TEAM,
} from './quick-check-fixture';

describe('ReminderService: reminders to non-respondents and closing the round', () => {
  let f: Fixture;
  const Q = '2027-Q1';

  beforeEach(async () => {
    f = await quickCheckFixture();
  });
  afterEach(() => f.dispose());

  /** Opens the round and records every channel card as posted, as the dispatcher's onSent would. */
  async function openAndPost(quarter = Q): Promise<void> {
    const { messages } = await f.qc.rounds.openRound(f.pcnId, quarter);
    let id = 1_700_000_000_000;
    for (const m of messages) {
      const activityId = String(id++);
      await f.qc.rounds.recordPosted({
        ...m,
        sent: { conversationId: `${TEAM};messageid=${activityId}`, activityId },
      } as unknown as Stored<OutboxItem>);
    }
  }

  const answer = (practiceId: string, actor = leadA, answers = ONE_NO, roundId = Q) =>
    f.qc.answers.record({ pcnId: f.pcnId, actor, roundId, practiceId, answers });
  const byKey = (items: readonly NewOutboxItem[], key: string) => items.find((i) => i.key === key);

  const sendToLeads = () => f.store.pcns.update(f.pcnId, (p) => ({ ...p, settings: { ...p.settings, quickCheckToLeads: true } }));

  it('when the PCN sends the check to leads and a lead has a chat with the bot, then their reminder comes 1:1 with the card to answer there', async () => {
    await sendToLeads();
    await openAndPost();
    const address = await givePersonalChat(f.store, leadA);

    const items = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1);

    const direct = byKey(items, `quick-check-reminder:${Q}:${f.riverside.practiceId}:1:${leadA.aadObjectId}`);
    expect(direct?.target).toEqual({ kind: 'conversation', address });
    expect(direct?.message.text).toMatch(
      /Riverside Surgery has not answered the social media quick check for Q4 2026\/27 \(January to March 2027\)/,
    );
    expect(cardText(direct?.message.card)).toContain('Is there a content and campaign strategy for social media channels?');
    expect(JSON.stringify(direct?.message.card)).not.toContain('<at>');
    expect(byKey(items, `quick-check-reminder:${Q}:${f.riverside.practiceId}:1`)).toBeUndefined();
  });

  it('when the PCN keeps the check in the channel, then a lead with a chat is still @mentioned in the card thread, not sent a 1:1', async () => {
    await openAndPost();
    await givePersonalChat(f.store, leadA);

    const items = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1);

    expect(items.some((i) => i.key.endsWith(leadA.aadObjectId))).toBe(false);
    const thread = byKey(items, `quick-check-reminder:${Q}:${f.riverside.practiceId}:1`);
    expect(thread?.message.text).toMatch(/^<at>Priya Shah<\/at>: a reminder that Riverside Surgery has not answered/);
    expect(thread?.message.mentions).toEqual([leadA]);
  });

  it("when a lead has no chat with the bot, then they are @mentioned in a reply in the practice's card thread", async () => {
    await openAndPost();

    const items = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 2);

    const thread = byKey(items, `quick-check-reminder:${Q}:${f.hillside.practiceId}:2`);
    const posted = (await f.repo.getRound(f.pcnId, Q))?.cards[f.hillside.practiceId];
    expect(thread?.target).toEqual({ kind: 'conversation', address: posted?.address });
    expect(thread?.message.text).toContain('<at>Tom Hughes</at>');
    expect(thread?.message.mentions).toEqual([leadB]);
    expect(thread?.message.card).toBeUndefined();
  });

  it('when a practice has no lead, then the thread reminder says an admin can answer or add one', async () => {
    await openAndPost();
    const items = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1);
    const valley = byKey(items, `quick-check-reminder:${Q}:${f.valley.practiceId}:1`);
    expect(valley?.message.text).toMatch(/^A reminder that Valley Practice .* has no practice lead yet/);
    expect(valley?.message.mentions).toEqual([]);
  });

  it('when a practice has answered, then it gets no reminder', async () => {
    await openAndPost();
    await answer(f.riverside.practiceId);

    const items = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1);

    expect(items.some((i) => i.key.includes(f.riverside.practiceId))).toBe(false);
    expect(items).toHaveLength(2);
  });

  it('when the channel card was never recorded as posted, then the reminder starts a thread carrying the card', async () => {
    await f.qc.rounds.openRound(f.pcnId, Q);
    const items = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1);
    const thread = byKey(items, `quick-check-reminder:${Q}:${f.hillside.practiceId}:1`);
    expect(thread?.target).toMatchObject({ kind: 'newThread', channelId: TEAM });
    expect(thread?.message.card).toMatchObject({
      msteams: {
        entities: [{ type: 'mention', text: '<at>Tom Hughes</at>', mentioned: { id: leadB.aadObjectId, name: 'Tom Hughes' } }],
      },
    });
  });

  it('when the round is closed, then the cards are updated in place and a second close changes nothing', async () => {
    await openAndPost();
    await answer(f.riverside.practiceId);
    f.clock.set('2027-03-31T23:00:00Z');

    const first = await f.qc.reminders.closeRound(f.pcnId, Q);
    const second = await f.qc.reminders.closeRound(f.pcnId, Q);

    expect(first.closedNow).toBe(true);
    expect(second.closedNow).toBe(false);
    expect(first.round).toMatchObject({ status: 'closed', closedAt: '2027-03-31T23:00:00.000Z' });
    expect(first.updates).toHaveLength(3);
    const riverside = byKey(first.updates, `quick-check-close:${Q}:${f.riverside.practiceId}`);
    expect(riverside?.replaceActivityId).toBe(first.round?.cards[f.riverside.practiceId].activityId);
    const text = cardText(riverside?.message.card);
    expect(text).toContain('This quick check closed at the end of Wednesday 31 March 2027');
    expect(text).toContain('Answered by Priya Shah on Monday 4 January, 09:30');
    expect(text).not.toContain('Change answers');
    expect(cardText(byKey(first.updates, `quick-check-close:${Q}:${f.valley.practiceId}`)?.message.card)).toContain(
      'Valley Practice did not answer this quick check.',
    );
    expect(second.updates.map((u) => u.key)).toEqual(first.updates.map((u) => u.key));
    expect(await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 2)).toEqual([]);
  });

  it('when a whole quarter runs (open, answer, change, remind, close, next opens), then each step leaves the right record', async () => {
    // 09:30 on the first weekday of January: the round opens and the cards are posted.
    await openAndPost();
    await answer(f.riverside.practiceId, leadA, ONE_NO);
    f.clock.advance(2 * 24 * 3600 * 1000);
    await answer(f.riverside.practiceId, leadA, ALL_YES);
    // A week on: one reminder per practice still missing.
    f.clock.set('2027-01-11T09:30:00Z');
    const reminders = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1);
    expect(reminders.map((r) => r.key).sort()).toEqual(
      [f.hillside, f.valley].map((p) => `quick-check-reminder:${Q}:${p.practiceId}:1`).sort(),
    );
    await answer(f.hillside.practiceId, leadB, ONE_NO);
    // Quarter end (midnight in London, BST): closed; answers refused from then on.
    f.clock.set('2027-03-31T23:00:00Z');
    await f.qc.reminders.closeRound(f.pcnId, Q);
    await expect(answer(f.hillside.practiceId, leadB, ALL_YES)).rejects.toThrow(/closed/);
    // The next quarter opens with Hillside's open action on its card.
    f.clock.set('2027-04-01T08:30:00Z');
    const next = await f.qc.rounds.openRound(f.pcnId, f.qc.rounds.currentQuarter().id);

    expect(next.round.quarter).toBe('2027-Q2');
    expect(cardText(next.messages.find((m) => m.key.endsWith(f.hillside.practiceId))?.message.card)).toContain('2. Managed');
    const history = await f.repo.listHistory(f.pcnId, Q);
    expect(history.filter((h) => h.practiceId === f.riverside.practiceId).map((h) => h.version)).toEqual([1, 2]);
    expect(history.filter((h) => h.practiceId === f.hillside.practiceId).map((h) => h.version)).toEqual([1]);
    expect((await f.repo.listActions(f.pcnId, { status: 'open' })).map((a) => a.practiceId)).toEqual([f.hillside.practiceId]);
  });

  describe('Remind now, from the results card', () => {
    const remindNow = (practiceId: string, actor = admin) => f.qc.reminders.remindNow(f.pcnId, actor, Q, practiceId);
    const remindNowItems = async () =>
      (await f.store.documents.query<OutboxItem>(f.pcnId, 'outbox', { limit: 100 })).items.filter((i) =>
        i.key.startsWith('quick-check-remind-now:'),
      );

    it("when a PCN admin presses it, then one reminder is queued that @mentions the practice's leads in its card thread", async () => {
      await openAndPost();

      const result = await remindNow(f.hillside.practiceId);

      expect(result).toEqual({
        queued: true,
        notice: "I am reminding Hillside Medical Centre's practice lead (Tom Hughes) now.",
      });
      const [item] = await remindNowItems();
      const posted = (await f.repo.getRound(f.pcnId, Q))?.cards[f.hillside.practiceId];
      expect(item).toMatchObject({
        key: `quick-check-remind-now:${Q}:${f.hillside.practiceId}:2027-01-04`,
        target: { kind: 'conversation', address: posted?.address },
        status: 'pending',
        about: { what: 'quick check reminder', practiceName: 'Hillside Medical Centre' },
      });
      expect(item.message.text).toMatch(/^<at>Tom Hughes<\/at>: Alex Morgan asked me to remind you that Hillside Medical Centre/);
      expect(item.message.mentions).toEqual([leadB]);
    });

    it('when it is pressed again the same day, then nothing more is queued and it says so; the next day it reminds again', async () => {
      await openAndPost();
      await remindNow(f.hillside.practiceId);

      const again = await remindNow(f.hillside.practiceId);
      f.clock.set('2027-01-05T08:00:00Z');
      const tomorrow = await remindNow(f.hillside.practiceId);

      expect(again.queued).toBe(false);
      expect(again.notice).toMatch(/^I reminded them today already/);
      expect(tomorrow.queued).toBe(true);
      expect((await remindNowItems()).map((i) => i.key).sort()).toEqual([
        `quick-check-remind-now:${Q}:${f.hillside.practiceId}:2027-01-04`,
        `quick-check-remind-now:${Q}:${f.hillside.practiceId}:2027-01-05`,
      ]);
    });

    it('when the PCN sends the check to leads, then a lead with a chat is reminded 1:1, and a second press still queues nothing', async () => {
      await sendToLeads();
      await openAndPost();
      const address = await givePersonalChat(f.store, leadB);

      await remindNow(f.hillside.practiceId);
      const again = await remindNow(f.hillside.practiceId);

      const items = await remindNowItems();
      expect(items).toEqual([
        expect.objectContaining({
          key: `quick-check-remind-now:${Q}:${f.hillside.practiceId}:2027-01-04`,
          target: { kind: 'conversation', address },
          about: expect.objectContaining({ recipientName: 'Tom Hughes' }),
        }),
      ]);
      expect(items[0].message.text).toMatch(/^Alex Morgan asked me to remind you: Hillside Medical Centre has not answered/);
      expect(again.queued).toBe(false);
    });

    it('when the practice has answered or has no lead, then nothing is queued and the notice says why', async () => {
      await openAndPost();
      await answer(f.riverside.practiceId);

      expect(await remindNow(f.riverside.practiceId)).toEqual({
        queued: false,
        notice: 'Riverside Surgery has answered, so there is no need to remind them.',
      });
      expect((await remindNow(f.valley.practiceId)).notice).toMatch(/Valley Practice has no practice lead yet/);
      expect(await remindNowItems()).toEqual([]);
    });

    it('when someone who is not a PCN admin tries, or the round has closed, then it is refused and nothing is queued', async () => {
      await openAndPost();

      await expect(remindNow(f.hillside.practiceId, leadA)).rejects.toBeInstanceOf(ForbiddenError);
      f.clock.set('2027-04-01T08:30:00Z');
      await expect(remindNow(f.hillside.practiceId)).rejects.toMatchObject({
        userMessage: expect.stringContaining('is not open'),
      });
      expect(await remindNowItems()).toEqual([]);
    });
  });
});
