import type { SendTarget } from '../../services/messenger';
import { Dispatcher } from '../../services/outbox/dispatcher';
import type { OutboxItem } from '../../services/store/outbox-repository';
import type { Stored } from '../../services/store/documents';
import { silentLogger } from '../support/fakes';
import { quickCheckFixture, type Fixture, TEAM } from './quick-check-fixture';

/**
 * Sent means recorded: where a card landed is known from its outbox item
 * (marked sent with the activity id in one write), so a card the round
 * record missed (the bot was killed between the two writes, or the note lost
 * every race for the round) is still replied to and updated, never reposted.
 * And the catch-up rule: a reminder never follows its card within a day.
 */
const Q = '2027-Q1';
const DAY = 86_400_000;

describe('Quick check cards sent but not noted on their round, and reminders caught up late', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await quickCheckFixture();
  });
  afterEach(() => f.dispose());

  /** Opens the round, queues its cards and marks each sent on the outbox only, as a dispatcher killed before its hook would. */
  async function sendWithoutNoting(): Promise<Map<string, string>> {
    const { messages } = await f.qc.rounds.openRound(f.pcnId, Q);
    await f.qc.rounds.queue(messages);
    const threads = new Map<string, string>();
    let id = 1_700_000_000_000;
    for (const m of messages) {
      const item = (await f.store.outbox.get(f.pcnId, m.key)) as Stored<OutboxItem>;
      const claimed = await f.store.outbox.claim(item, 'killed-instance', f.clock.now(), 60_000);
      const activityId = String(id++);
      await f.store.outbox.markSent(claimed, { conversationId: `${TEAM};messageid=${activityId}`, activityId }, f.clock.now());
      threads.set(m.key.split(':').at(-1) as string, `${TEAM};messageid=${activityId}`);
    }
    return threads;
  }

  it('when a card was sent but never noted on the round, then its reminder replies in its thread instead of posting the card again', async () => {
    const threads = await sendWithoutNoting();
    expect((await f.repo.getRound(f.pcnId, Q))?.cards).toEqual({});
    f.clock.advance(7 * DAY);

    const reminders = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1, { openFor: 7 * DAY });

    expect(reminders).toHaveLength(3);
    for (const r of reminders) {
      const practiceId = r.key.split(':')[2] as string;
      expect(r.target).toMatchObject({ kind: 'conversation', address: { conversationId: threads.get(practiceId) } });
      expect(r.message.card).toBeUndefined();
    }
    expect(Object.keys((await f.repo.getRound(f.pcnId, Q))?.cards ?? {}).sort()).toEqual([...threads.keys()].sort());
  });

  it('when a card was sent but never noted on the round, then closing the quarter still updates it', async () => {
    const threads = await sendWithoutNoting();
    f.clock.set('2027-04-01T00:00:00Z');

    const closed = await f.qc.reminders.closeRound(f.pcnId, Q);

    expect(closed.updates.map((u) => u.target.kind === 'conversation' && u.target.address.conversationId).sort()).toEqual(
      [...threads.values()].sort(),
    );
    expect(closed.updates.every((u) => u.replaceActivityId !== undefined)).toBe(true);
  });

  it('when every card of a round notes itself on the round at once, then every note holds (conflicts are retried, not dropped)', async () => {
    const { messages } = await f.qc.rounds.openRound(f.pcnId, Q);
    const many = Array.from({ length: 12 }, (_, i) => ({
      ...messages[0],
      source: { type: 'quickCheckCard', id: `${Q}|p-${i}` },
    }));

    await Promise.all(
      many.map((m, i) =>
        f.qc.rounds.recordPosted({
          ...m,
          sent: { conversationId: `${TEAM};messageid=${i}`, activityId: String(i) },
        } as unknown as Stored<OutboxItem>),
      ),
    );

    expect(Object.keys((await f.repo.getRound(f.pcnId, Q))?.cards ?? {})).toHaveLength(12);
  });

  it('when the opening was caught up late and its reminders are due too, then no practice is reminded within a day of its card', async () => {
    // The bot was down from before the opening until eight days later: the card goes out now, and both reminders are owed.
    f.clock.set('2027-01-12T10:00:00Z');
    await sendWithoutNoting();

    const first = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1, { openFor: 7 * DAY });
    const second = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 2, { openFor: 14 * DAY });
    f.clock.advance(DAY - 20 * 60_000);
    const nextMorning = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1, { openFor: DAY });
    f.clock.advance(20 * 60_000);
    const aDayOn = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1, { openFor: DAY });
    const aDayOnSecond = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 2, { openFor: 14 * DAY });

    expect(first).toEqual([]);
    expect(second).toEqual([]);
    expect(nextMorning).toEqual([]);
    expect(aDayOn).toHaveLength(3);
    expect(aDayOnSecond).toEqual([]);
  });

  it('when a reminder is on time, then the card has been open its interval (less the minutes the opening takes to go out) and it is sent', async () => {
    await sendWithoutNoting();
    f.clock.advance(7 * DAY - 5 * 60_000);

    await expect(f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1, { openFor: 7 * DAY })).resolves.toHaveLength(3);
  });

  it('when the dispatcher sends the cards, then each is noted on its round in the same write as "sent", a conflicting note retried', async () => {
    const { messages } = await f.qc.rounds.openRound(f.pcnId, Q);
    await f.qc.rounds.queue(messages);
    let id = 1;
    let interfered = false;
    const dispatcher = new Dispatcher(
      {
        outbox: f.store.outbox,
        clock: f.clock,
        logger: silentLogger(),
        messenger: {
          send: async (target: SendTarget) => ({
            conversationId: `${target.address.conversationId};messageid=${id}`,
            activityId: String(id++),
          }),
          update: async () => undefined,
        },
        sentWith: async (item, sent) => {
          const steps = await f.qc.rounds.postedSteps(item, sent);
          // Another card's note lands between this read of the round and the batch: the batch must fail whole, and be retried.
          if (!interfered) {
            interfered = true;
            await f.repo.updateRound(f.pcnId, Q, (r) => ({ ...r, closesAt: r.closesAt }));
          }
          return steps;
        },
      },
      { instanceId: 'a', random: () => 0.5 },
    );

    await dispatcher.runOnce();
    await dispatcher.settle();

    const round = await f.repo.getRound(f.pcnId, Q);
    const sent = await f.store.outbox.listByStatus(f.pcnId, 'sent');
    expect(sent).toHaveLength(messages.length);
    expect(
      Object.values(round?.cards ?? {})
        .map((c) => c.activityId)
        .sort(),
    ).toEqual(sent.map((i) => i.sent?.activityId).sort());
    expect(interfered).toBe(true);
  });
});
