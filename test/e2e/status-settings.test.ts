import { Verbs } from '../../cards/verbs';
import type { ConversationAddress } from '../../services/domain';
import type { SendTarget } from '../../services/messenger';
import type { OutboxStatusReport } from '../../services/outbox/outbox';
import {
  BOT,
  cardOf,
  cardText,
  type Harness,
  PCN_ID,
  PEOPLE,
  type Someone,
  SOCIAL_CHANNEL_ID,
  startHarness,
  TEAM_ID,
  TENANT_ID,
} from '../support/bot-harness';
import { FakeClock } from '../support/fakes';
import { STORE_KINDS, useStore } from '../support/store-kinds';

// Monday 1 June 2026, 10:15 in London (BST). The clock stands still, so a retry set for later stays waiting.
const NOW = '2026-06-01T09:15:00Z';

/** What an untouched settings card sends back (the defaults), with `changes` on top. */
const settingsData = (changes: Record<string, unknown> = {}) => ({
  quickCheckEnabled: 'true',
  quickCheckTime: '09:30',
  reminderEnabled: 'true',
  reminderAfterDays: '7',
  digestWeekday: 'monday',
  digestTime: '09:00',
  refreshCheckTime: '10:00',
  quickCheckToLeads: 'false',
  staleAfterDays: '14',
  ...changes,
});

/** The input with this id anywhere in a card. */
function inputOf(card: unknown, id: string): Record<string, unknown> | undefined {
  if (Array.isArray(card)) return card.map((c) => inputOf(c, id)).find(Boolean);
  if (!card || typeof card !== 'object') return undefined;
  const node = card as Record<string, unknown>;
  if (node.id === id) return node;
  return Object.values(node)
    .map((v) => inputOf(v, id))
    .find(Boolean);
}

/** Every Action.Execute "Try again" button's data in a card. */
function retryButtons(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'Action.Execute' && n.verb === Verbs.statusRetry) out.push(n.data as Record<string, unknown>);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe.each(STORE_KINDS)('status and settings for PCN admins (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  let practiceId: string;

  const chatAddress = (who: Someone, conversationId = `a:personal-${who.aadObjectId}`): ConversationAddress => ({
    conversationId,
    serviceUrl: h.connector.url,
    tenantId: TENANT_ID,
    botId: BOT.id,
    botName: BOT.name,
    user: { aadObjectId: who.aadObjectId, name: who.name },
    isGroup: false,
    conversationType: 'personal',
  });
  const toChat = (who: Someone, conversationId?: string): SendTarget => ({
    kind: 'conversation',
    address: chatAddress(who, conversationId),
  });
  const newThreadIn = (channelId: string): SendTarget => ({
    kind: 'newThread',
    channelId,
    address: {
      ...chatAddress(PEOPLE.admin, TEAM_ID),
      user: undefined,
      isGroup: true,
      conversationType: 'channel',
      channelId: TEAM_ID,
    },
  });
  const enqueue = (key: string, target: SendTarget, pcnId = PCN_ID) =>
    h.app.deps.outbox.enqueue({ pcnId, key, target, message: { text: 'Hello from the quick check' } });

  /** Waits (real time, polling the store) until the outbox for a PCN looks as the test needs. */
  const outboxUntil = async (
    done: (report: OutboxStatusReport) => boolean,
    pcnId = PCN_ID,
    timeoutMs = 15_000,
  ): Promise<OutboxStatusReport> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const report = await h.app.deps.outbox.status(pcnId);
      if (done(report)) return report;
      if (Date.now() > deadline) throw new Error(`Outbox never got there: ${JSON.stringify(report.counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const statusCard = async () => {
    await h.say(PEOPLE.admin, 'status');
    const sent = await h.connector.waitFor((a) => cardText(cardOf(a.activity)).includes('Message delivery for'));
    return cardOf(sent.activity);
  };

  beforeEach(async () => {
    h = await startHarness({ clock: new FakeClock(NOW), env: storeEnv() });
    await h.install(PEOPLE.admin);
    await h.invoke(PEOPLE.admin, Verbs.addPractice, {
      newName: 'Riverside Surgery',
      newOds: 'B82005',
      newLeads: PEOPLE.lead.aadObjectId,
    });
    [{ practiceId }] = await h.store.practices.list(PCN_ID);
  });
  afterEach(() => h.close());

  describe('status', () => {
    it('when messages were parked, are waiting or were sent, then an admin sees each with its reason in plain English', async () => {
      const leadChat = `a:personal-${PEOPLE.lead.aadObjectId}`;
      h.connector.removeBotFrom(leadChat);
      h.connector.scriptFault({ conversationId: SOCIAL_CHANNEL_ID, status: 413 });
      h.connector.scriptFault({
        conversationId: `a:personal-${PEOPLE.member.aadObjectId}`,
        status: 429,
        retryAfterSeconds: 3600,
      });
      await enqueue(`quick-check:2026-Q2:${practiceId}:${PEOPLE.lead.aadObjectId}`, toChat(PEOPLE.lead));
      await enqueue(`quick-check:2026-Q2:${practiceId}`, newThreadIn(SOCIAL_CHANNEL_ID));
      await enqueue(`quick-check-reminder:2026-Q2:${practiceId}:1`, toChat(PEOPLE.member));
      await enqueue('welcome-note:1', toChat(PEOPLE.admin));
      await outboxUntil((r) => r.counts.parked === 2 && r.retrying.length === 1 && r.counts.sent === 1);

      const text = cardText(await statusCard());

      expect(text).toContain('Message delivery for Riverside PCN');
      expect(text).toMatch(/Waiting to send\n1\nSent\n1\nCould not be delivered\n2/);
      expect(text).toContain('Quick check card (Q1 2026/27 (April to June 2026)) for Riverside Surgery, sent 1:1 to Priya Shah');
      expect(text).toContain('Teams says the bot is no longer in that conversation.');
      expect(text).toContain(
        'Quick check card (Q1 2026/27 (April to June 2026)) for Riverside Surgery\nTeams refused it: the message is too large.',
      );
      expect(text).toContain('Stopped trying on Monday 1 June, 10:15, after 1 try.');
      expect(text).toContain('Reminder to answer the quick check (Q1 2026/27 (April to June 2026)) for Riverside Surgery');
      expect(text).toContain('Next try: Monday 1 June, 11:15 (tried 1 so far).');
      expect(text).toContain('Last problem: Teams asked the bot to slow down.');
    });

    it('when an admin chooses Try again once the cause is fixed, then the message is delivered once', async () => {
      const key = `quick-check:2026-Q2:${practiceId}:${PEOPLE.lead.aadObjectId}`;
      h.connector.removeBotFrom(`a:personal-${PEOPLE.lead.aadObjectId}`);
      await enqueue(key, toChat(PEOPLE.lead));
      await outboxUntil((r) => r.counts.parked === 1);
      expect(retryButtons(await statusCard())).toEqual([{ verb: Verbs.statusRetry, key }]);
      h.connector.clearFaults(); // the bot is back in the chat

      const { body } = await h.invoke(PEOPLE.admin, Verbs.statusRetry, { key });

      expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardText(body.value)).toContain('I will try sending that message again now.');
      await h.connector.waitFor((a) => a.idempotencyKey === key);
      await outboxUntil((r) => r.counts.sent === 1 && r.counts.parked === 0);
      expect(h.connector.deliveries(key)).toBe(1);
    });

    it("when the key on a Try again button is not one of this PCN's, then nothing is requeued anywhere", async () => {
      const otherPcn = `${TENANT_ID}:19:other-team@thread.tacv2`;
      const key = `quick-check:2026-Q2:${practiceId}`;
      h.connector.removeBotFrom('a:personal-someone-else');
      await enqueue(key, toChat(PEOPLE.newcomer, 'a:personal-someone-else'), otherPcn);
      await outboxUntil((r) => r.counts.parked === 1, otherPcn);

      const { body } = await h.invoke(PEOPLE.admin, Verbs.statusRetry, { key });

      expect(cardText(body.value)).toContain("That message is not one of this PCN's, so I have not changed anything.");
      expect((await h.app.deps.outbox.get(otherPcn, key))?.status).toBe('parked');
    });

    it('when someone who is not an admin asks for status or presses Try again, then they are politely refused', async () => {
      const key = `quick-check:2026-Q2:${practiceId}:${PEOPLE.lead.aadObjectId}`;
      h.connector.removeBotFrom(`a:personal-${PEOPLE.lead.aadObjectId}`);
      await enqueue(key, toChat(PEOPLE.lead));
      await outboxUntil((r) => r.counts.parked === 1);
      h.connector.clearFaults();

      await h.say(PEOPLE.member, 'status');
      const reply = await h.connector.waitFor(
        (a) => typeof a.activity.text === 'string' && a.activity.text.includes('PCN admin'),
      );
      const { body } = await h.invoke(PEOPLE.member, Verbs.statusRetry, { key });

      expect(reply.activity.text).toMatch(/^Only a PCN admin can see the delivery status/);
      expect(h.connector.activities().some((a) => cardText(cardOf(a.activity)).includes('Message delivery for'))).toBe(false);
      expect(String(body.value)).toMatch(/^Only a PCN admin can see the delivery status/);
      expect((await h.app.deps.outbox.get(PCN_ID, key))?.status).toBe('parked');
    });
  });

  describe('settings', () => {
    it('when an admin types settings, then the card shows the schedule in force', async () => {
      await h.say(PEOPLE.admin, 'settings');
      const sent = await h.connector.waitFor((a) => cardText(cardOf(a.activity)).includes('Settings for Riverside PCN'));
      const card = cardOf(sent.activity);

      expect(inputOf(card, 'quickCheckTime')?.value).toBe('09:30');
      expect(inputOf(card, 'staleAfterDays')?.value).toBe(14);
      expect(inputOf(card, 'digestWeekday')?.value).toBe('monday');
    });

    it('when an admin saves new times and settings, then they are stored and the card shows them', async () => {
      const { body } = await h.invoke(
        PEOPLE.admin,
        Verbs.settingsSave,
        settingsData({ quickCheckTime: '11:00', digestWeekday: 'friday', quickCheckToLeads: 'true', staleAfterDays: '21' }),
      );

      expect(cardText(body.value)).toContain('Saved. The new schedule takes effect within a few minutes.');
      expect(inputOf(body.value, 'quickCheckTime')?.value).toBe('11:00');
      const pcn = await h.store.pcns.get(PCN_ID);
      expect(pcn?.schedule).toEqual({ quickCheck: { time: '11:00' }, digest: { weekday: 'friday' } });
      expect(pcn?.settings).toEqual({ quickCheckToLeads: true, staleAfterDays: 21 });
    });

    it.each([
      [
        'a time that is not a time',
        { quickCheckTime: '9.30am' },
        'Quick check time must be a time such as 09:30 (24-hour clock).',
      ],
      ['too few stale days', { staleAfterDays: '2' }, 'Days without fresh content must be a whole number of days from 3 to 60.'],
    ])('when an admin submits %s, then the card names the field and nothing is saved', async (_label, bad, message) => {
      const before = await h.store.pcns.get(PCN_ID);

      const { body } = await h.invoke(PEOPLE.admin, Verbs.settingsSave, settingsData({ digestTime: '16:00', ...bad }));

      expect(cardText(body.value)).toContain(`${message} Nothing was saved.`);
      const after = await h.store.pcns.get(PCN_ID);
      expect(after?.etag).toBe(before?.etag);
      expect(after?.schedule).toBeUndefined();
    });

    it('when someone who is not an admin opens or saves settings, then they are refused and nothing changes', async () => {
      const before = await h.store.pcns.get(PCN_ID);

      await h.say(PEOPLE.member, 'settings');
      const reply = await h.connector.waitFor(
        (a) => typeof a.activity.text === 'string' && a.activity.text.includes('PCN admin'),
      );
      const { body } = await h.invoke(PEOPLE.member, Verbs.settingsSave, settingsData({ quickCheckEnabled: 'false' }));

      expect(reply.activity.text).toMatch(/^Only a PCN admin can change the settings/);
      expect(String(body.value)).toMatch(/^Only a PCN admin can change the settings/);
      expect((await h.store.pcns.get(PCN_ID))?.etag).toBe(before?.etag);
    });

    it('when an older Teams client saves through the Action.Submit fallback, then the card is updated in place', async () => {
      await h.submit(PEOPLE.admin, { verb: Verbs.settingsSave, ...settingsData({ reminderEnabled: 'false' }) }, '1700000000777');

      const update = await h.connector.waitFor((a) => a.kind === 'update');
      expect(update.activityId).toBe('1700000000777');
      expect(cardText(cardOf(update.activity))).toContain('Saved.');
      expect((await h.store.pcns.get(PCN_ID))?.schedule).toEqual({ reminder: { enabled: false } });
    });
  });
});
