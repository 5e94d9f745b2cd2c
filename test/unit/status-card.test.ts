import { renderStatusCard, type StatusView } from '../../cards/status';
import { Verbs } from '../../cards/verbs';
import type { OutboxError, OutboxStatusReport } from '../../services/domain';
import type { Stored } from '../../services/store/documents';
import type { NewOutboxItem, OutboxItem } from '../../services/store/outbox-repository';
import { cardItem } from '../../services/quick-check/messages';
import { parseQuarter } from '../../services/domain';
import { cardText } from '../support/card-text';
import { givePersonalChat, leadA, ONE_NO, type Fixture, quickCheckFixture, TEAM } from './quick-check-fixture';

const CHECKED = new Date('2027-01-04T10:00:00Z');
const gone: OutboxError = { at: '2027-01-04T09:31:00.000Z', kind: 'gone', status: 403, message: 'Gone', attempt: 1 };

const report = (parked: OutboxStatusReport['parked'], retrying: OutboxStatusReport['retrying'] = []): OutboxStatusReport => ({
  pcnId: 'tenant-1:team',
  counts: { pending: retrying.length, sending: 0, sent: 0, parked: parked.length },
  parked,
  retrying,
});

const render = (r: OutboxStatusReport, practices: StatusView['practices'] = []) =>
  renderStatusCard({ pcnName: 'Riverside PCN', report: r, practices, checkedAt: CHECKED });

/** Every Try again button's data, Action.Execute and its Action.Submit fallback alike. */
function retryData(card: unknown): unknown[] {
  const out: unknown[] = [];
  JSON.stringify(card, (_key, value: unknown) => {
    const node = value as { title?: unknown; data?: unknown } | null;
    if (node && typeof node === 'object' && node.title === 'Try again') out.push(node.data);
    return value;
  });
  return out;
}

describe('the status card names messages in words, never by key', () => {
  it('when items carry a description, then each reads as the message it is, with the practice and the quarter', () => {
    const card = render(
      report(
        [
          {
            key: 'quick-check-advice:2027-Q1:0b7e9a52-1d5c-4c1e-9f0e-4e6c2d9f1a11:v2',
            about: { what: 'quick check advice', practiceName: 'Riverside Medical Centre', quarterLabel: 'Q4 2026/27' },
            createdAt: '2027-01-04T09:30:00.000Z',
            attempts: 1,
            error: gone,
          },
        ],
        [
          {
            key: 'quick-check-reminder:2027-Q1:0b7e9a52-1d5c-4c1e-9f0e-4e6c2d9f1a11:2:aad-lead-a',
            about: {
              what: 'second quick check reminder',
              practiceName: 'Riverside Medical Centre',
              quarterLabel: 'Q4 2026/27',
              recipientName: 'Priya Shah',
            },
            createdAt: '2027-01-04T09:30:00.000Z',
            nextAttemptAt: '2027-01-04T10:30:00.000Z',
            attempts: 1,
          },
        ],
      ),
    );

    const text = cardText(card);
    expect(text).toContain('Quick check advice for Riverside Medical Centre, Q4 2026/27');
    expect(text).toContain('Second quick check reminder for Riverside Medical Centre, Q4 2026/27, sent 1:1 to Priya Shah');
    expect(text).not.toMatch(/quick-check|0b7e9a52|aad-lead|:v2/);
  });

  it('when an old item has no description and a key of no known shape, then a plain description, and Try again still works', () => {
    const key = 'quick-check-advice:2027-Q1:0b7e9a52-1d5c-4c1e-9f0e-4e6c2d9f1a11:v2';
    const card = render(report([{ key, createdAt: '2027-01-04T09:30:00.000Z', attempts: 1, error: gone }]));

    const text = cardText(card);
    expect(text).toContain('A message queued on Monday 4 January, 09:30');
    expect(text).not.toMatch(/quick-check|0b7e9a52|:v2|2027-Q1/);
    expect(retryData(card)).toEqual([
      { verb: Verbs.statusRetry, key },
      { verb: Verbs.statusRetry, key },
    ]);
  });
});

describe('what the quick check queues carries its description (through the services to the card)', () => {
  let f: Fixture;
  const Q = '2027-Q1';

  beforeEach(async () => {
    f = await quickCheckFixture();
  });
  afterEach(() => f.dispose());

  /** Queues the items and parks each, as the dispatcher would when Teams refuses them. */
  async function queueAndPark(items: readonly NewOutboxItem[]): Promise<void> {
    for (const item of items) await f.outbox.enqueue(item);
    for (const item of await f.store.outbox.listByStatus(f.pcnId, 'pending')) {
      const claimed = await f.store.outbox.claim(item, 'test', f.clock.now(), 60_000);
      await f.store.outbox.park(claimed, gone, f.clock.now());
    }
  }

  it('when cards, reminders, advice and closing updates cannot be delivered, then status describes each for people', async () => {
    const { messages } = await f.qc.rounds.openRound(f.pcnId, Q);
    let id = 1_700_000_000_000;
    for (const m of messages) {
      const activityId = String(id++);
      await f.qc.rounds.recordPosted({
        ...m,
        sent: { conversationId: `${TEAM};messageid=${activityId}`, activityId },
      } as unknown as Stored<OutboxItem>);
    }
    await givePersonalChat(f.store, leadA);
    const reminders = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 1);
    const riversideThread = messages.find((m) => m.key.includes(f.riverside.practiceId))!;
    await f.qc.answers.record({
      pcnId: f.pcnId,
      actor: leadA,
      roundId: Q,
      practiceId: f.riverside.practiceId,
      answers: ONE_NO,
      replyTo: { kind: 'conversation', address: { ...riversideThread.target.address, conversationId: `${TEAM};messageid=1` } },
    });
    const { updates } = await f.qc.reminders.closeRound(f.pcnId, Q);
    // At most ten, so the card lists every one.
    await queueAndPark([riversideThread, ...reminders, ...updates]);

    const report = await f.outbox.status(f.pcnId);
    const text = cardText(render(report, await f.store.practices.list(f.pcnId)));

    const quarter = 'Q4 2026/27 (January to March 2027)';
    expect(report.parked).toHaveLength(report.counts.parked);
    expect(text).toContain(`Quick check for Riverside Surgery, ${quarter}`);
    expect(text).toContain(`Quick check advice for Riverside Surgery, ${quarter}`);
    expect(text).toContain(`Quick check card updated with the answers for Riverside Surgery, ${quarter}`);
    expect(text).toContain(`Quick check card updated to say the round has closed for Hillside Medical Centre, ${quarter}`);
    expect(text).toContain(`Quick check reminder for Hillside Medical Centre, ${quarter}`);
    for (const practice of [f.riverside, f.hillside, f.valley]) expect(text).not.toContain(practice.practiceId);
    expect(text).not.toMatch(/quick-check|2027-Q1|:v\d|aad-/);
  });

  it('when a card or reminder goes 1:1 to a lead, then its description names the lead', async () => {
    // Reminders go 1:1 only where the PCN sends the quick check to leads.
    await f.store.pcns.update(f.pcnId, (p) => ({ ...p, settings: { ...p.settings, quickCheckToLeads: true } }));
    await givePersonalChat(f.store, leadA);
    const { messages } = await f.qc.rounds.openRound(f.pcnId, Q);
    const reminders = await f.qc.reminders.remindNonRespondents(f.pcnId, Q, 2);

    const toPriya = reminders.find((r) => r.key.endsWith(leadA.aadObjectId));
    const card = messages.find((m) => m.key === `quick-check:${Q}:${f.riverside.practiceId}`);

    expect(toPriya?.about).toEqual({
      what: 'second quick check reminder',
      practiceName: 'Riverside Surgery',
      quarterLabel: 'Q4 2026/27 (January to March 2027)',
      recipientName: 'Priya Shah',
    });
    expect(card?.about).toEqual({
      what: 'quick check',
      practiceName: 'Riverside Surgery',
      quarterLabel: 'Q4 2026/27 (January to March 2027)',
    });
    const oneToOne = cardItem(f.pcnId, parseQuarter(Q)!, f.riverside, card!.target, {}, leadA.aadObjectId);
    expect(oneToOne.about).toEqual({ ...card?.about, recipientName: 'Priya Shah' });
  });
});
