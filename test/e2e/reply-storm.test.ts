import { PEOPLE, startHarness, TEAM_ID, type Harness } from '../support/bot-harness';

/**
 * More people waiting for replies than Teams lets a bot send: with the app's
 * limit at 10 a second, 60 people @mention the bot in the same moment (the
 * national morning, scaled down). Each turn's reply waits its turn on the
 * rate, or is queued first in the outbox when more are waiting than go out
 * in a second, so Teams gets its answer to every turn at once, every reply
 * arrives exactly once, and Teams refuses almost none. Before, every reply
 * went at once: five in six came back 429 and were resent by botbuilder.
 */
const RATE = 10;
const PEOPLE_TYPING = 60;

describe('a storm of replies against Teams’ limit for the app', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { TEAMS_RATE_PER_SECOND: String(RATE), TEAMS_APP_RATE_PER_SECOND: String(RATE) } });
    await h.install();
    await h.connector.waitForCount(1);
    h.connector.setLimits({ globalPerSecond: RATE });
  });
  afterAll(() => h.close());

  it('when 60 people ask at once, then every turn is answered quickly, every reply arrives once, and Teams refuses almost none', async () => {
    const before = h.connector.activities().length;
    const requestsBefore = h.connector.requests().length;
    const startedAt = Date.now();

    const answers = await Promise.all(
      Array.from({ length: PEOPLE_TYPING }, async () => {
        const sentAt = Date.now();
        const res = await h.say(PEOPLE.member, 'help');
        return { status: res.status, ms: Date.now() - sentAt };
      }),
    );
    const replies = await h.connector.waitForCount(before + PEOPLE_TYPING, undefined, 30_000);
    const drainedMs = Date.now() - startedAt;

    const requests = h.connector.requests().slice(requestsBefore);
    const refused = requests.filter((r) => r.status === 429).length;
    const threads = new Set(replies.slice(before).map((a) => a.conversationId));

    expect(answers.every((a) => a.status === 200)).toBe(true);
    // A turn never waits out the queue: Teams has its answer within a couple of seconds.
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(3_000);
    // One reply in each asker's own thread, none twice.
    expect(threads.size).toBe(PEOPLE_TYPING);
    expect([...threads].every((id) => id.startsWith(`${TEAM_ID};messageid=`))).toBe(true);
    expect(h.connector.activities().length).toBe(before + PEOPLE_TYPING);
    // Paced: at 10 a second, 60 replies take about six seconds, and Teams refuses at most a stray one.
    expect(refused).toBeLessThanOrEqual(2);
    expect(drainedMs).toBeGreaterThanOrEqual(((PEOPLE_TYPING - 2 * RATE) / RATE) * 1000);
  });
});
