import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TeamsInfo,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials, TeamsConnectorClient } from 'botframework-connector';
import {
  startTeamsConnector,
  type RosterMember,
  type TeamsConnector,
  type TeamsConnectorOptions,
} from '../support/teams-connector';

const GENERAL = '19:riverside-general@thread.tacv2';
const PLANS = '19:riverside-plans@thread.tacv2';
const OTHER_TEAM_CHANNEL = '19:elsewhere@thread.tacv2';
const people: RosterMember[] = ['Asha', 'Ben', 'Cara', 'Dev', 'Erin'].map((name, i) => ({
  id: `29:user-${i}`,
  aadObjectId: `aad-${i}`,
  name,
  email: `${name.toLowerCase()}@nhs.net`,
}));
const card = (title: string) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: title }] });
const cardActivity = (title: string, idempotencyKey?: string) => ({
  type: 'message',
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card(title) }],
  channelData: idempotencyKey ? { idempotencyKey } : undefined,
});

let clock = 1_000_000;
let connector: TeamsConnector;
let client: ConnectorClient;

async function start(options: TeamsConnectorOptions = {}): Promise<void> {
  connector = await startTeamsConnector({
    now: () => clock,
    members: people,
    teams: [
      {
        id: GENERAL,
        aadGroupId: 'group-riverside',
        name: 'Riverside PCN',
        channels: [{ id: PLANS, name: 'Plans' }],
        members: people.slice(0, 4),
      },
    ],
    ...options,
  });
  client = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connector.url });
}

/** Plain HTTP, so throttling and faults are seen as sent (ConnectorClient would retry some of them). */
async function send(
  conversationId: string,
  body: unknown = { type: 'message', text: 'hi' },
  headers: Record<string, string> = {},
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${connector.url}/v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: raw,
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as { id?: string; error?: { code: string; message: string } },
  };
}

async function sendMany(conversationId: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await send(conversationId)).status);
  return statuses;
}

beforeEach(() => {
  clock = 1_000_000;
});
afterEach(async () => {
  await connector.stop();
});

describe('wire compatibility with botframework-connector 4.23.3', () => {
  beforeEach(() => start());

  test('when the bot starts a channel thread, then the id is <channelId>;messageid=<activityId> and the card is recorded', async () => {
    const created = await client.conversations.createConversation({
      isGroup: true,
      channelData: { channel: { id: PLANS } },
      activity: cardActivity('Quick check', 'qc:2027-Q1:riverside'),
    } as never);

    expect(created.activityId).toMatch(/^\d+$/);
    expect(created.id).toBe(`${PLANS};messageid=${created.activityId}`);
    expect(connector.cardsIn(PLANS)).toEqual([card('Quick check')]);
    expect(connector.deliveries('qc:2027-Q1:riverside')).toBe(1);
  });

  test('when a CloudAdapter bot in local mode posts proactively and starts a thread, then both arrive', async () => {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id: GENERAL, isGroup: true, conversationType: 'channel', name: '' },
      bot: { id: '28:bot', name: 'PCN bot' },
    };
    let threadId = '';

    await adapter.continueConversationAsync('', reference, async (context) => {
      await context.sendActivity('Hello, Riverside');
      [, threadId] = await TeamsInfo.sendMessageToTeamsChannel(
        context,
        MessageFactory.text('New plan') as Activity,
        PLANS,
        'local-bot',
      );
    });

    const hello = await connector.waitFor((a) => a.activity.text === 'Hello, Riverside');
    expect(hello.conversationId).toBe(GENERAL);
    expect(threadId).toMatch(new RegExp(`^${PLANS};messageid=\\d+$`));
    expect(connector.messagesIn(PLANS).map((m) => m.activity.text)).toEqual(['New plan']);
  });

  test('when the bot replies in a thread and updates its reply, then the thread shows the updated card', async () => {
    const root = await client.conversations.createConversation({
      isGroup: true,
      channelData: { channel: { id: PLANS } },
      activity: cardActivity('Root'),
    } as never);
    const thread = root.id as string;

    const reply = await client.conversations.replyToActivity(
      thread,
      root.activityId as string,
      cardActivity('Answers: 1 of 4') as never,
    );
    const updated = await client.conversations.updateActivity(
      thread,
      reply.id as string,
      cardActivity('Answers: 2 of 4') as never,
    );

    expect(updated.id).toBe(reply.id);
    expect(connector.cardsIn(thread)).toEqual([card('Root'), card('Answers: 2 of 4')]);
    expect(connector.messagesIn(thread).map((m) => m.versions)).toEqual([1, 2]);
    expect(connector.activities().map((a) => a.kind)).toEqual(['newThread', 'reply', 'update']);
  });

  test('when the bot opens a 1:1 chat twice with the same user, then Teams gives the same chat both times', async () => {
    const first = await client.conversations.createConversation({
      isGroup: false,
      members: [{ id: people[1]!.id, name: '' }],
      tenantId: 't',
    } as never);
    const second = await client.conversations.createConversation({
      isGroup: false,
      members: [{ id: people[1]!.id, name: '' }],
      tenantId: 't',
      activity: { type: 'message', text: 'Your quick check' },
    } as never);

    expect(first.id).toMatch(/^a:/);
    expect(second.id).toBe(first.id);
    expect(connector.activities()).toMatchObject([{ kind: 'newChat', conversationId: first.id, activityId: second.activityId }]);
  });

  test('when the bot pages through the team two at a time, then it sees each member once and the last page has no token', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;

    do {
      // The first page has no token; the typings insist on one, the wire leaves it out.
      const page = await client.conversations.getConversationPagedMembers(PLANS, {
        pageSize: 2,
        continuationToken: token as string,
      });
      names.push(...(page.members ?? []).map((m) => m.name));
      token = page.continuationToken;
      pages += 1;
    } while (token);

    expect(names).toEqual(['Asha', 'Ben', 'Cara', 'Dev']);
    expect(pages).toBe(2);
  });

  test('when the bot asks for one member by AAD object id, then it gets their Teams id and email; an unknown one is 404', async () => {
    const member = (await client.conversations.getConversationMember(GENERAL, 'aad-2')) as unknown as Record<string, unknown>;
    const all = await client.conversations.getConversationMembers(GENERAL);
    const missing = client.conversations.getConversationMember(GENERAL, 'aad-4');

    expect(member).toMatchObject({ id: '29:user-2', name: 'Cara', email: 'cara@nhs.net', aadObjectId: 'aad-2' });
    expect(all).toHaveLength(4);
    await expect(missing).rejects.toMatchObject({ statusCode: 404 });
  });

  test('when the bot asks for team details and channels, then it gets the AAD group id and General first', async () => {
    const teams = new TeamsConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connector.url });

    const details = await teams.teams.fetchTeamDetails(GENERAL);
    const channels = await teams.teams.fetchChannelList(GENERAL);

    expect(details).toMatchObject({ id: GENERAL, name: 'Riverside PCN', aadGroupId: 'group-riverside' });
    expect(channels.conversations).toEqual([{ id: GENERAL }, { id: PLANS, name: 'Plans' }]);
  });

  test('when the bot deletes a message, then it gets 501 as from the Playground', async () => {
    const sent = await client.conversations.sendToConversation(GENERAL, { type: 'message', text: 'oops' } as never);

    await expect(client.conversations.deleteActivity(GENERAL, sent.id as string)).rejects.toMatchObject({ statusCode: 501 });
  });

  test('when delete is supported, then a deleted card is no longer shown', async () => {
    await connector.stop();
    await start({ supportDelete: true });
    const sent = await client.conversations.sendToConversation(GENERAL, cardActivity('Gone soon') as never);

    await client.conversations.deleteActivity(GENERAL, sent.id as string);

    expect(connector.cardsIn(GENERAL)).toEqual([]);
  });

  test('when Teams answers 503 once, then ConnectorClient retries by itself and the message is delivered once', async () => {
    connector.scriptFault({ conversationId: GENERAL, status: 503, times: 1 });

    await client.conversations.sendToConversation(GENERAL, cardActivity('Digest', 'digest:1') as never);

    expect(connector.requests().map((r) => r.status)).toEqual([503, 201]);
    expect(connector.deliveries('digest:1')).toBe(1);
  });

  test('when the bot has been removed from the team, then calls about its channels and threads get 403 BotNotInConversationRoster', async () => {
    connector.removeBotFromTeam(GENERAL);

    const toThread = await client.conversations
      .sendToConversation(`${PLANS};messageid=17`, { type: 'message', text: 'hi' } as never)
      .catch((e: unknown) => e);
    const toOtherTeam = await client.conversations.sendToConversation(OTHER_TEAM_CHANNEL, {
      type: 'message',
      text: 'hi',
    } as never);

    expect(toThread).toMatchObject({ statusCode: 403, code: 'BotNotInConversationRoster' });
    expect(toOtherTeam.id).toMatch(/^\d+$/);
  });

  test('when a request carries an Authorization header, then it is recorded; without one it is still served', async () => {
    await send(GENERAL, undefined, { Authorization: 'Bearer test-token' });
    await send(GENERAL);

    expect(connector.requests().map((r) => [r.status, r.authorization])).toEqual([
      [201, 'Bearer test-token'],
      [201, undefined],
    ]);
  });
});

describe('throttling at Teams limits', () => {
  beforeEach(() => start());

  test('when an 8th message reaches one thread within one second, then it gets 429 with Retry-After and a Throttled body', async () => {
    await sendMany(GENERAL, 7);

    const eighth = await send(GENERAL);

    expect(eighth.status).toBe(429);
    expect(eighth.retryAfter).toBe('1');
    expect(eighth.body.error?.code).toBe('Throttled');
    expect(connector.activities()).toHaveLength(7);
  });

  test('when one thread is throttled, then another thread is still served', async () => {
    await sendMany(GENERAL, 8);

    expect((await send(PLANS)).status).toBe(201);
  });

  test('when a second has passed, then the thread is served again until it has 8 in two seconds', async () => {
    await sendMany(GENERAL, 7);
    clock += 1_000;

    const statuses = await sendMany(GENERAL, 2);

    expect(statuses).toEqual([201, 429]);
  });

  test('when a thread has had 60 messages in 30 seconds, then the 61st waits even at a gentle pace', async () => {
    for (let i = 0; i < 60; i++) {
      clock = 1_000_000 + i * 500;
      expect((await send(GENERAL)).status).toBe(201);
    }
    clock = 1_000_000 + 29_600;

    const next = await send(GENERAL);

    expect(next.status).toBe(429);
    expect(next.body.error?.message).toContain('60 in 30 s');
  });

  test('when more than 50 requests arrive in one second across threads, then the 51st gets 429 even on a fresh thread', async () => {
    for (let i = 0; i < 50; i++) await send(`19:thread-${i}@thread.tacv2`);

    const fresh = await send('19:fresh@thread.tacv2');

    expect(fresh.status).toBe(429);
    expect(fresh.body.error?.message).toContain('for this bot');
  });

  test('when limits are doubled, then 14 get through in a second; when turned off, then none are refused', async () => {
    connector.setLimits({ scale: 2 });
    const doubled = await sendMany(GENERAL, 15);
    connector.setLimits(false);
    const unlimited = await sendMany(PLANS, 60);

    expect(doubled.filter((s) => s === 201)).toHaveLength(14);
    expect(doubled[14]).toBe(429);
    expect(unlimited.every((s) => s === 201)).toBe(true);
  });
});

describe('fault injection', () => {
  const probabilities = {
    throttledWithRetryAfter: 0.1,
    throttledWithoutRetryAfter: 0.1,
    serviceUnavailable503: 0.1,
    badGateway502: 0.1,
    preconditionFailed412: 0.1,
  };

  async function outcomes(seed: number): Promise<string[]> {
    await start({ limits: false, faults: { seed, probabilities, retryAfterSeconds: 2 } });
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await send(`19:thread-${i % 3}@thread.tacv2`);
      seen.push(`${res.status}${res.retryAfter ? `/${res.retryAfter}` : ''}`);
    }
    await connector.stop();
    return seen;
  }

  test('when two runs share a seed, then the same requests fail in the same ways; another seed differs', async () => {
    const first = await outcomes(42);
    const again = await outcomes(42);
    const other = await outcomes(7);
    await start();

    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set(['201', '429/2', '429', '503', '502', '412']));
  });

  test('when a 404 is scripted once for a thread, then the first send gets ConversationNotFound and the next gets through', async () => {
    await start({ scriptedFaults: [{ conversationId: GENERAL, status: 404, times: 1 }] });

    const first = await send(`${GENERAL};messageid=5`);
    const second = await send(`${GENERAL};messageid=5`);

    expect([first.status, first.body.error?.code]).toEqual([404, 'ConversationNotFound']);
    expect(second.status).toBe(201);
  });

  test('when a send fails, then its key is not delivered; when a key is delivered twice, then it is a duplicate', async () => {
    await start({ scriptedFaults: [{ conversationId: PLANS, status: 503, times: 1 }] });

    await send(PLANS, cardActivity('Reminder', 'reminder:1'));
    const afterFailure = connector.deliveries('reminder:1');
    await send(PLANS, cardActivity('Reminder', 'reminder:1'));
    await send(PLANS, cardActivity('Reminder', 'reminder:1'));

    expect(afterFailure).toBe(0);
    expect(connector.deliveries('reminder:1')).toBe(2);
    expect(connector.duplicateKeys()).toEqual(['reminder:1']);
  });
});

describe('request bodies', () => {
  beforeEach(() => start());

  test('when a message is over 100 KB, then Teams answers 413 MessageSizeTooBig; just under, it is accepted', async () => {
    const big = await send(GENERAL, { type: 'message', text: 'x'.repeat(101 * 1024) });
    const fits = await send(GENERAL, { type: 'message', text: 'x'.repeat(99 * 1024) });

    expect([big.status, big.body.error?.code]).toEqual([413, 'MessageSizeTooBig']);
    expect(fits.status).toBe(201);
    expect(connector.activities()).toHaveLength(1);
  });

  test('when a body is not JSON, then it gets 400 BadArgument', async () => {
    const res = await send(GENERAL, 'not json');

    expect([res.status, res.body.error?.code]).toEqual([400, 'BadArgument']);
  });
});

describe('waiting and resetting', () => {
  beforeEach(() => start());

  test('when an activity arrives after waitFor is called, then waitFor resolves with it', async () => {
    const waiting = connector.waitFor((a) => a.activity.text === 'later');

    await send(GENERAL, { type: 'message', text: 'later' });

    await expect(waiting).resolves.toMatchObject({ conversationId: GENERAL, kind: 'send' });
  });

  test('when nothing matching arrives, then waitFor rejects and says what it saw', async () => {
    await send(GENERAL, { type: 'message', text: 'something else' });

    await expect(connector.waitFor((a) => a.activity.text === 'never', 20)).rejects.toThrow(
      /0 of 1 .*send message to 19:riverside-general/,
    );
  });

  test('when reset, then records and rate windows are cleared', async () => {
    await sendMany(GENERAL, 8);

    connector.reset();

    expect(connector.requests()).toEqual([]);
    expect((await send(GENERAL)).status).toBe(201);
  });
});
