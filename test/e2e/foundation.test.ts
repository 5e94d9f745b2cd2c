import { Verbs } from '../../cards/verbs';
import { cardOf, cardText, type Harness, PCN_ID, PEOPLE, SOCIAL_CHANNEL_ID, startHarness, TEAM_ID } from '../support/bot-harness';
import { STORE_KINDS, useStore } from '../support/store-kinds';

describe.each(STORE_KINDS)('the bot over real HTTP with a loopback Teams connector (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ env: storeEnv() });
  });
  afterEach(() => h.close());

  const cardsSent = () =>
    h.connector
      .activities()
      .map((a) => cardOf(a.activity))
      .filter(Boolean);

  describe('health and the HTTP edge', () => {
    it('when /healthz is asked, then it answers 200 with status and store', async () => {
      const res = await fetch(`${h.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', store: kind });
    });

    it('when a body is over the limit, then it gets 413 and the bot does nothing', async () => {
      const res = await h.post({ type: 'message', text: 'x'.repeat(400_000) });
      expect(res.status).toBe(413);
      expect(h.connector.requests()).toHaveLength(0);
    });

    it('when the body is not JSON, then it is refused with 400 and nothing happens', async () => {
      const res = await h.post('{"type": "message", ', {});
      expect(res.status).toBe(400);
      expect(h.connector.requests()).toHaveLength(0);
    });

    it('when the activity is malformed (no type), then it is refused with 400 and nothing happens', async () => {
      const res = await h.post({ text: 'help', serviceUrl: h.connector.url });
      expect(res.status).toBe(400);
      expect(h.connector.requests()).toHaveLength(0);
    });
  });

  describe('installation', () => {
    it('when the bot is added to a team, then the PCN is recorded and one welcome card is posted in General', async () => {
      await h.install(PEOPLE.admin);

      const pcn = await h.store.pcns.get(PCN_ID);
      expect(pcn).toMatchObject({ name: 'Riverside PCN', admins: [{ aadObjectId: PEOPLE.admin.aadObjectId }], active: true });
      const welcomes = cardsSent().filter((c) => cardText(c).includes('What I am not for'));
      expect(welcomes).toHaveLength(1);
      expect(cardText(welcomes[0])).toMatch(/not for one-to-one private, medical, emergency/);
      expect(h.connector.activities()[0].conversationId).toBe(TEAM_ID);
    });

    it('when the install event carries no name (as Teams sends it), then the first admin is named from the roster', async () => {
      await h.post({
        type: 'installationUpdate',
        action: 'add',
        channelId: 'msteams',
        serviceUrl: h.connector.url,
        from: { id: PEOPLE.admin.id, aadObjectId: PEOPLE.admin.aadObjectId },
        recipient: { id: '28:e2e-bot' },
        conversation: { id: TEAM_ID, conversationType: 'channel', tenantId: 'e2e-tenant' },
        channelData: { tenant: { id: 'e2e-tenant' }, team: { id: TEAM_ID, name: 'Riverside PCN' } },
      });
      expect((await h.store.pcns.get(PCN_ID))?.admins).toEqual([{ aadObjectId: PEOPLE.admin.aadObjectId, name: 'Alex Morgan' }]);
    });

    it('when the bot is removed from the team, then its references are retired', async () => {
      await h.install();
      await h.post({
        type: 'installationUpdate',
        action: 'remove',
        channelId: 'msteams',
        serviceUrl: h.connector.url,
        from: { id: PEOPLE.admin.id, aadObjectId: PEOPLE.admin.aadObjectId },
        recipient: { id: '28:e2e-bot' },
        conversation: { id: TEAM_ID, conversationType: 'channel', tenantId: 'e2e-tenant' },
        channelData: { tenant: { id: 'e2e-tenant' }, team: { id: TEAM_ID, aadGroupId: 'e2e-group-0001' } },
      });
      expect((await h.store.pcns.get(PCN_ID))?.active).toBe(false);
      expect((await h.store.conversations.get(PCN_ID, TEAM_ID))?.active).toBe(false);
    });

    it('when a person messages the bot 1:1, then their chat is kept for reminders', async () => {
      await h.say(PEOPLE.lead, 'help', 'personal');
      expect(await h.store.users.get('e2e-tenant', PEOPLE.lead.aadObjectId)).toMatchObject({ active: true });
    });
  });

  describe('help and unknown text', () => {
    it('when someone types help in a channel with an @mention, then the help card lists the commands', async () => {
      await h.install();
      await h.say(PEOPLE.member, 'help');
      const help = await h.connector.waitFor((a) => cardText(cardOf(a.activity)).includes('What I can do'));
      expect(cardText(cardOf(help.activity))).toMatch(/setup/);
    });

    it('when someone types HELP in a personal chat, then they get the help card too', async () => {
      await h.say(PEOPLE.member, '  HELP ', 'personal');
      const help = await h.connector.waitFor((a) => cardText(cardOf(a.activity)).includes('What I can do'));
      expect(help.conversationId).toBe(`a:personal-${PEOPLE.member.aadObjectId}`);
    });

    it('when someone types something the bot does not know, then it replies with a short hint', async () => {
      await h.say(PEOPLE.member, 'bananas', 'personal');
      const reply = await h.connector.waitFor((a) => typeof a.activity.text === 'string');
      expect(reply.activity.text).toMatch(/Type \*\*help\*\*/);
    });
  });

  describe('setup', () => {
    beforeEach(() => h.install(PEOPLE.admin));

    it('when an admin types setup, then the setup card shows the channel, admins and practices', async () => {
      await h.say(PEOPLE.admin, 'setup');
      const setup = await h.connector.waitFor((a) => cardText(cardOf(a.activity)).includes('Set up Riverside PCN'));
      const text = cardText(cardOf(setup.activity));
      expect(text).toContain('Alex Morgan');
      expect(text).toContain('No practices yet');
    });

    it('when a non-admin types setup, then they get a polite refusal and no card', async () => {
      await h.say(PEOPLE.member, 'setup');
      const reply = await h.connector.waitFor((a) => typeof a.activity.text === 'string');
      expect(reply.activity.text).toMatch(/Only a PCN admin can change the set-up/);
      expect(cardsSent().filter((c) => cardText(c).includes('Set up Riverside PCN'))).toHaveLength(0);
    });

    it('when an admin adds a practice with a lead, then it is stored and the card updates in place', async () => {
      const { status, body } = await h.invoke(PEOPLE.admin, Verbs.addPractice, {
        newName: 'Riverside Surgery',
        newOds: 'b82005',
        newLeads: PEOPLE.lead.aadObjectId,
      });
      expect(status).toBe(200);
      expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardText(body.value)).toContain('Added Riverside Surgery (B82005).');
      const practices = await h.store.practices.list(PCN_ID);
      expect(practices).toEqual([
        expect.objectContaining({
          name: 'Riverside Surgery',
          odsCode: 'B82005',
          leads: [{ aadObjectId: PEOPLE.lead.aadObjectId, name: 'Priya Shah' }],
        }),
      ]);
    });

    it('when a non-admin submits the add-practice form, then they are refused and nothing changes', async () => {
      const { body } = await h.invoke(PEOPLE.member, Verbs.addPractice, { newName: 'Sneaky Surgery', newOds: 'B82006' });
      expect(body.type).toBe('application/vnd.microsoft.activity.message');
      expect(String(body.value)).toMatch(/Only a PCN admin/);
      expect(await h.store.practices.list(PCN_ID)).toHaveLength(0);
    });

    it.each([
      ['a short ODS code', { newName: 'Riverside Surgery', newOds: '123' }, 'ODS code must be a letter followed by five digits'],
      ['an empty name', { newName: '', newOds: 'B82005' }, 'Practice name must be at least 2 characters'],
      ['no name at all', { newOds: 'B82005' }, 'Practice name is required'],
      ['a 500-character name', { newName: 'R'.repeat(500), newOds: 'B82005' }, 'Practice name must be at most 100 characters'],
      [
        'a lead who is not in the team',
        { newName: 'Riverside', newOds: 'B82005', newLeads: 'aad-not-in-team' },
        'Practice leads: one of the people chosen is not a member of this team',
      ],
      [
        'a tampered lead id',
        { newName: 'Riverside', newOds: 'B82005', newLeads: 'bad id; drop table' },
        'Practice leads contains an unknown person',
      ],
    ])('when the form has %s, then the card explains it and nothing is stored', async (_label, data, message) => {
      const { body } = await h.invoke(PEOPLE.admin, Verbs.addPractice, data);
      expect(cardText(body.value)).toContain(message);
      expect(await h.store.practices.list(PCN_ID)).toHaveLength(0);
    });

    it('when an admin renames a practice and then removes it, then the store follows', async () => {
      await h.invoke(PEOPLE.admin, Verbs.addPractice, { newName: 'Riverside', newOds: 'B82005' });
      const [practice] = await h.store.practices.list(PCN_ID);
      const id = practice.practiceId;

      const saved = await h.invoke(PEOPLE.admin, Verbs.savePractice, {
        practiceId: id,
        [`name_${id}`]: 'Riverside Surgery',
        [`ods_${id}`]: 'B82005',
        [`leads_${id}`]: `${PEOPLE.lead.aadObjectId},${PEOPLE.admin.aadObjectId}`,
      });
      expect(cardText(saved.body.value)).toContain('Saved Riverside Surgery (B82005).');
      expect((await h.store.practices.get(PCN_ID, id))?.leads.map((l) => l.name)).toEqual(['Priya Shah', 'Alex Morgan']);

      const removed = await h.invoke(PEOPLE.admin, Verbs.removePractice, { practiceId: id });
      expect(cardText(removed.body.value)).toContain('Removed Riverside Surgery');
      expect(await h.store.practices.list(PCN_ID)).toHaveLength(0);
    });

    it('when an admin chooses the posting channel and adds an admin, then the new admin can open setup', async () => {
      const { body } = await h.invoke(PEOPLE.admin, Verbs.saveSettings, {
        postingChannel: SOCIAL_CHANNEL_ID,
        admins: `${PEOPLE.admin.aadObjectId},${PEOPLE.lead.aadObjectId}`,
      });
      expect(cardText(body.value)).toContain('I will post in Social media');
      expect((await h.store.pcns.get(PCN_ID))?.postingChannel).toEqual({ id: SOCIAL_CHANNEL_ID, name: 'Social media' });

      await h.say(PEOPLE.lead, 'setup');
      await h.connector.waitFor((a) => cardText(cardOf(a.activity)).includes('Set up Riverside PCN'));
    });

    it("when the chosen channel is not one of the team's, then it is refused naming the field", async () => {
      const { body } = await h.invoke(PEOPLE.admin, Verbs.saveSettings, {
        postingChannel: '19:elsewhere',
        admins: PEOPLE.admin.aadObjectId,
      });
      expect(cardText(body.value)).toContain("Channel: choose one of this team's channels.");
      expect((await h.store.pcns.get(PCN_ID))?.postingChannel.id).toBe(TEAM_ID);
    });

    it('when a card sends an unknown verb, then the reply says so and nothing changes', async () => {
      const before = await h.store.pcns.get(PCN_ID);
      const { body } = await h.invoke(PEOPLE.admin, 'setup.dropEverything', {});
      expect(String(body.value)).toMatch(/don't recognise that button/);
      expect((await h.store.pcns.get(PCN_ID))?.etag).toBe(before?.etag);
    });

    it('when an older Teams client uses the Action.Submit fallback, then the change is made and the card is updated in place', async () => {
      await h.submit(PEOPLE.admin, { verb: Verbs.addPractice, newName: 'Riverside Surgery', newOds: 'B82005' }, '1700000000999');
      const update = await h.connector.waitFor((a) => a.kind === 'update');
      expect(update.activityId).toBe('1700000000999');
      expect(cardText(cardOf(update.activity))).toContain('Added Riverside Surgery (B82005).');
      expect(await h.store.practices.list(PCN_ID)).toHaveLength(1);
    });

    it('when Teams fails while the bot fetches the roster, then the person gets a short apology, not a stack trace', async () => {
      // 400: a failure the connector client does not retry, so the test stays quick.
      h.connector.scriptFault({ conversationId: TEAM_ID, status: 400, operations: ['getConversationPagedMembers'] });
      await h.say(PEOPLE.admin, 'setup');
      const reply = await h.connector.waitFor((a) => typeof a.activity.text === 'string');
      expect(reply.activity.text).toMatch(/^Sorry, something went wrong on my side/);
      expect(reply.activity.text).not.toMatch(/at .*\.js|Error:/);
    });
  });
});
