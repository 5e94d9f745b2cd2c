import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Verbs } from '../../cards/verbs';
import { loadConfig } from '../../services/config';
import { createStore, Store } from '../../services/store';
import { SqliteDocumentStore } from '../../services/store/sqlite/sqlite-store';
import { type LocalCosmos, startCosmosServer } from '../support/cosmos-server';
import {
  BOT,
  type Harness,
  PCN_ID,
  PEOPLE,
  SOCIAL_CHANNEL_ID,
  type Someone,
  startHarness,
  TEAM_ID,
  teamActivity,
  TENANT_ID,
} from '../support/bot-harness';

const BUSY = /^The bot is very busy just now\. Nothing was saved/;

/**
 * The whole turn is inside the bot's error boundary, including the first
 * thing every turn does: refreshing the stored address of the conversation.
 * When the store is busy there, a person still gets the bot's own words and
 * Teams never gets an HTTP 500.
 */
describe('a turn whose first write finds the store busy', () => {
  describe('on SQLite, when another process holds the write lock', () => {
    let h: Harness;
    let dir: string;
    let locker: Database.Database;

    beforeEach(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bot-boundary-'));
      const file = path.join(dir, 'bot.sqlite');
      // A short busy timeout: the bot gives up on the lock after 100 ms instead of 5 s.
      const store = new Store(new SqliteDocumentStore(file, undefined, 100));
      h = await startHarness({ store });
      await h.install(PEOPLE.admin);
      locker = new Database(file);
    });
    afterEach(async () => {
      if (locker.inTransaction) locker.exec('ROLLBACK');
      locker.close();
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    /**
     * A post in a channel the bot has no address for yet: the turn's first act is to write one. (A new thread in a
     * channel it knows writes nothing: addresses are kept per channel.)
     */
    const inNewChannel = (from: Someone, extra: Record<string, unknown>) =>
      h.post(
        teamActivity(h.connector.url, from, {
          ...extra,
          conversation: {
            id: `${SOCIAL_CHANNEL_ID};messageid=4242`,
            conversationType: 'channel',
            isGroup: true,
            tenantId: TENANT_ID,
          },
          channelData: {
            tenant: { id: TENANT_ID },
            team: { id: TEAM_ID, name: 'Riverside PCN' },
            channel: { id: SOCIAL_CHANNEL_ID, name: 'Social media' },
          },
        }),
      );

    it('when someone types a command in a channel the bot has not seen, then they get the busy apology and the HTTP answer is not a 500', async () => {
      locker.exec('BEGIN IMMEDIATE');

      const res = await inNewChannel(PEOPLE.member, {
        type: 'message',
        text: `<at>${BOT.name}</at> help`,
        entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
      });
      const reply = await h.connector.waitFor((a) => typeof a.activity.text === 'string');

      expect(res.status).toBeLessThan(500);
      expect(reply.activity.text).toMatch(BUSY);
    });

    it('when someone presses a card button in a channel the bot has not seen, then the card shows the busy apology with a 200', async () => {
      locker.exec('BEGIN IMMEDIATE');

      const res = await inNewChannel(PEOPLE.admin, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: Verbs.showSetup, data: {} }, trigger: 'manual' },
      });
      const status = res.status;
      const body = (await res.json()) as { type: string; value: unknown };

      expect(status).toBe(200);
      expect(body.type).toBe('application/vnd.microsoft.activity.message');
      expect(String(body.value)).toMatch(BUSY);
    });

    it('when the lock is released, then the same command works again', async () => {
      locker.exec('BEGIN IMMEDIATE');
      await h.say(PEOPLE.member, 'help');
      locker.exec('ROLLBACK');
      h.connector.reset();

      await h.say(PEOPLE.member, 'help');
      const reply = await h.connector.waitFor(() => true);

      expect(JSON.stringify(reply.activity)).toContain('What I can do');
    });
  });

  describe('on Cosmos DB, when it keeps answering 429 to writes', () => {
    let cosmos: LocalCosmos;
    let h: Harness;
    beforeAll(async () => {
      cosmos = await startCosmosServer();
    });
    afterAll(() => cosmos.stop());
    beforeEach(async () => {
      const config = loadConfig({
        PLAYGROUND: '0',
        DEMO: '0',
        STORE: 'cosmos',
        COSMOS_ENDPOINT: cosmos.endpoint,
        COSMOS_KEY: 'local-test-key',
        COSMOS_DATABASE: `boundary-${process.pid}-${Date.now()}`,
        COSMOS_CREATE_CONTAINERS: '1',
        COSMOS_ALLOW_SELF_SIGNED: '1',
      });
      h = await startHarness({ store: createStore(config) });
      await h.install(PEOPLE.admin);
    });
    afterEach(async () => {
      cosmos.clearFaults();
      await h.close();
    });

    it('when a card button is pressed in a new thread, then the card shows the busy apology with a 200', async () => {
      cosmos.injectFault({ status: 429, match: (r) => r.method === 'POST' && /\/docs\/?$/.test(r.url) });

      const { status, body } = await h.invoke(PEOPLE.admin, Verbs.showSetup);

      expect(status).toBe(200);
      expect(String(body.value)).toMatch(BUSY);
    });
  });
});

describe('an invoke the bot cannot act on', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.install(PEOPLE.admin);
  });
  afterEach(() => h.close());

  const cardInvoke = (value: unknown) => ({
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: 'act-bad-invoke',
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    from: { id: PEOPLE.admin.id, name: PEOPLE.admin.name, aadObjectId: PEOPLE.admin.aadObjectId },
    recipient: BOT,
    conversation: { id: TEAM_ID, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID, name: 'Riverside PCN' }, channel: { id: TEAM_ID } },
    value,
  });

  it.each([
    ['no action at all', {}],
    ['an action that is not Action.Execute', { action: { type: 'Action.Submit', data: {} } }],
  ])('when a card action invoke has %s, then it is answered 400 and nothing changes', async (_label, value) => {
    const before = await h.store.pcns.get(PCN_ID);

    const res = await h.post(cardInvoke(value));
    const body = (await res.json()) as { statusCode: number; type: string };

    expect(res.status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect((await h.store.pcns.get(PCN_ID))?.etag).toBe(before?.etag);
  });
});
