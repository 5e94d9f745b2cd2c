import { PcnBot } from '../../bot/pcn-bot';
import { cardOf, cardText, type Harness, PEOPLE, startHarness } from '../support/bot-harness';

/**
 * Flooding: one noisy chat gets its allowance and then 429s with Retry-After
 * that do no work (no turn, no reply, no store write), so a quiet chat's
 * request is never queued behind the flood's work and is answered as usual.
 */
describe('inbound limits over real HTTP', () => {
  let h: Harness;
  const LIMIT = 5;
  const FLOOD = 40;

  beforeEach(async () => {
    h = await startHarness({ env: { INBOUND_PER_CONVERSATION: String(LIMIT), JOBS: '0' } });
  });
  afterEach(() => h.close());

  const noisyChat = `a:personal-${PEOPLE.member.aadObjectId}`;
  const quietChat = `a:personal-${PEOPLE.lead.aadObjectId}`;

  it('when one chat floods the bot, then it is answered only up to its limit and another chat is still answered', async () => {
    const flood = Array.from({ length: FLOOD }, () => h.say(PEOPLE.member, 'help', 'personal'));
    const quiet = h.say(PEOPLE.lead, 'help', 'personal');
    const [floodAnswers, quietAnswer] = await Promise.all([Promise.all(flood), quiet]);

    expect(quietAnswer.status).toBe(200);
    const help = await h.connector.waitFor((a) => a.conversationId === quietChat);
    expect(cardText(cardOf(help.activity))).toMatch(/What I can do/);

    const statuses = floodAnswers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(FLOOD - LIMIT);
    for (const refused of floodAnswers.filter((r) => r.status === 429)) {
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    }
    // The flood did only its allowance of work: the quiet chat waited behind at most LIMIT turns, never FLOOD.
    await h.connector.waitForCount(LIMIT, (a) => a.conversationId === noisyChat);
    expect(h.connector.activities().filter((a) => a.conversationId === noisyChat)).toHaveLength(LIMIT);
  });

  it('when a chat has been refused, then it is told when to come back and nothing is written for the refused requests', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await h.say(PEOPLE.member, 'help', 'personal')).status).toBe(200);
    const before = await h.store.users.get('e2e-tenant', PEOPLE.member.aadObjectId);
    const turns = jest.spyOn(PcnBot.prototype, 'run');
    const refused = await h.say(PEOPLE.member, 'help', 'personal');
    expect(turns).not.toHaveBeenCalled();
    turns.mockRestore();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toEqual({ error: 'Too many requests.' });
    expect(await h.store.users.get('e2e-tenant', PEOPLE.member.aadObjectId)).toEqual(before);
  });
});
