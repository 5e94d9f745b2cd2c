import { ForbiddenError } from '../../services/errors';
import type { OutboxItem } from '../../services/store/outbox-repository';
import type { Stored } from '../../services/store/documents';
import { admin, cardText, type Fixture, givePersonalChat, leadA, member, quickCheckFixture, TEAM } from './quick-check-fixture';

describe('RoundService: opening a round and posting its cards', () => {
  let f: Fixture;
  const Q = '2027-Q1';

  beforeEach(async () => {
    f = await quickCheckFixture();
  });
  afterEach(() => f.dispose());

  const outboxItems = async () => (await f.store.documents.query<OutboxItem>(f.pcnId, 'outbox')).items;

  it('when a round opens, then it closes at the quarter end and there is one new-thread card per practice', async () => {
    const { round, created, messages } = await f.qc.rounds.openRound(f.pcnId, Q);

    expect(created).toBe(true);
    // Midnight on 1 April in London is 23:00 UTC on 31 March (BST has begun).
    expect(round).toMatchObject({ status: 'open', quarter: Q, closesAt: '2027-03-31T23:00:00.000Z', cards: {} });
    expect(messages.map((m) => m.key).sort()).toEqual(
      [f.riverside, f.hillside, f.valley].map((p) => `quick-check:${Q}:${p.practiceId}`).sort(),
    );
    for (const m of messages) {
      expect(m.target).toMatchObject({
        kind: 'newThread',
        channelId: TEAM,
        address: { conversationId: TEAM, conversationType: 'channel' },
      });
    }
    const riverside = messages.find((m) => m.key.endsWith(f.riverside.practiceId));
    const text = cardText(riverside?.message.card);
    expect(text).toContain('Riverside Surgery');
    expect(text).toContain('Q4 2026/27 (January to March 2027) · closes Wednesday 31 March');
  });

  it("when a round opens, then each practice's channel card @mentions its leads, and a practice without one mentions nobody", async () => {
    const { messages } = await f.qc.rounds.openRound(f.pcnId, Q);
    const card = (practiceId: string) =>
      messages.find((m) => m.key.endsWith(practiceId))?.message.card as Record<string, unknown>;

    expect(cardText(card(f.riverside.practiceId))).toContain('<at>Priya Shah</at>: please answer for your practice.');
    expect(card(f.riverside.practiceId).msteams).toEqual({
      entities: [{ type: 'mention', text: '<at>Priya Shah</at>', mentioned: { id: leadA.aadObjectId, name: 'Priya Shah' } }],
    });
    expect(card(f.valley.practiceId).msteams).toBeUndefined();
    expect(cardText(card(f.valley.practiceId))).toContain('No practice lead yet: a PCN admin can add one with setup.');
  });

  it('when the round is opened twice, then the second call returns the same round and the same keys', async () => {
    const first = await f.qc.rounds.openRound(f.pcnId, Q);
    const second = await f.qc.rounds.openRound(f.pcnId, Q);

    expect(second.created).toBe(false);
    expect(second.round.etag).toBe(first.round.etag);
    expect(second.messages.map((m) => m.key)).toEqual(first.messages.map((m) => m.key));
  });

  it('when two schedulers open the round at the same moment, then exactly one creates it', async () => {
    const results = await Promise.all([f.qc.rounds.openRound(f.pcnId, Q), f.qc.rounds.openRound(f.pcnId, Q)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('when a card has been posted, then reopening leaves it out and the round remembers its thread', async () => {
    const { messages } = await f.qc.rounds.openRound(f.pcnId, Q);
    const item = messages.find((m) => m.key.endsWith(f.riverside.practiceId))!;
    const sent = { conversationId: `${TEAM};messageid=1700000000001`, activityId: '1700000000001' };

    await f.qc.rounds.recordPosted({ ...item, sent, sentAt: '2027-01-04T09:31:00.000Z' } as unknown as Stored<OutboxItem>);
    await f.qc.rounds.recordPosted({ ...item, sent } as unknown as Stored<OutboxItem>);

    const again = await f.qc.rounds.openRound(f.pcnId, Q);
    expect(again.messages.map((m) => m.key)).not.toContain(item.key);
    expect(again.messages).toHaveLength(2);
    expect(again.round.cards[f.riverside.practiceId]).toMatchObject({
      audience: 'channel',
      activityId: '1700000000001',
      address: { conversationId: `${TEAM};messageid=1700000000001` },
    });
  });

  it('when the PCN sends the check to leads too, then leads with a chat with the bot get a 1:1 copy', async () => {
    await f.store.pcns.update(f.pcnId, (p) => ({ ...p, settings: { ...p.settings, quickCheckToLeads: true } }));
    const address = await givePersonalChat(f.store, leadA);

    const { messages } = await f.qc.rounds.openRound(f.pcnId, Q);

    const direct = messages.filter((m) => m.target.kind === 'conversation');
    expect(direct).toEqual([
      expect.objectContaining({
        key: `quick-check:${Q}:${f.riverside.practiceId}:${leadA.aadObjectId}`,
        target: { kind: 'conversation', address },
      }),
    ]);
    // Her own chat notifies her already: the copy mentions nobody.
    expect(JSON.stringify(direct[0].message.card)).not.toContain('<at>');
  });

  it('when an admin types start quick check, then the cards are queued in the outbox once', async () => {
    const first = await f.qc.rounds.start(f.pcnId, admin);
    const second = await f.qc.rounds.start(f.pcnId, admin);

    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    const items = await outboxItems();
    expect(items).toHaveLength(3);
    expect(items.every((i) => i.status === 'pending' && i.source?.type === 'quickCheckCard')).toBe(true);
  });

  it('when someone who is not an admin types start quick check, then it is refused and nothing is opened', async () => {
    await expect(f.qc.rounds.start(f.pcnId, member)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await f.repo.getRound(f.pcnId, Q)).toBeUndefined();
    expect(await outboxItems()).toHaveLength(0);
  });

  it('when an earlier round left an action open, then the new card lists it', async () => {
    await f.qc.rounds.openRound(f.pcnId, Q);
    await f.qc.answers.record({
      pcnId: f.pcnId,
      actor: leadA,
      roundId: Q,
      practiceId: f.riverside.practiceId,
      answers: { strategy: 'no', managed: 'yes', impact: 'yes', value: 'yes' },
    });
    f.clock.set('2027-04-01T08:30:00Z');

    const { messages } = await f.qc.rounds.openRound(f.pcnId, '2027-Q2');

    const riverside = messages.find((m) => m.key.endsWith(f.riverside.practiceId));
    expect(cardText(riverside?.message.card)).toContain('1. Strategy (No in Q4 2026/27)');
    const hillside = messages.find((m) => m.key.endsWith(f.hillside.practiceId));
    expect(cardText(hillside?.message.card)).not.toContain('Still open');
  });
});
