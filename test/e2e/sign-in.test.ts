import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PcnBot } from '../../bot/pcn-bot';
import { type Harness, PEOPLE, startHarness, teamActivity } from '../support/bot-harness';
import { captureLogs } from '../support/log-capture';
import { type OpenIdServer, startOpenIdServer, type TokenClaims } from '../support/openid-server';

/**
 * Sign-in proven: the bot registered (MicrosoftAppId set) checks every
 * request's Bot Connector token against a loopback OpenID metadata and JWKS
 * server, with tokens signed by that server's keys. A refused request gets
 * 401 (403 for a tenant not allowed), runs no turn and writes nothing.
 */
const APP_ID = '6a2f3b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c';
const TENANT_GUID = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const ALLOWED_TENANT = 'e2e-tenant';

function registeredEnv(keys: { metadataUrl: string; issuer: string }, dir: string): Record<string, string> {
  return {
    SQLITE_PATH: path.join(dir, 'bot.sqlite'),
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'app-password-for-tests-only',
    MicrosoftAppTenantId: TENANT_GUID,
    ALLOWED_TENANTS: ALLOWED_TENANT,
    PUBLIC_URL: 'https://pcn-bot.example.net',
    EXPORT_SECRET: 'e'.repeat(40),
    BOT_OPENID_METADATA_URL: keys.metadataUrl,
    BOT_TOKEN_ISSUER: keys.issuer,
    JOBS: '0',
    ODS_LOOKUP: '0',
  };
}

/** Every row in the bot's SQLite file, to show a refused request changed nothing. */
function storeContents(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

describe('sign-in with a registered bot (loopback OpenID metadata and keys)', () => {
  let keys: OpenIdServer;
  let h: Harness;
  let dir: string;
  let turns: jest.SpyInstance;
  const logs = captureLogs('info');

  beforeAll(async () => {
    keys = await startOpenIdServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bot-sign-in-'));
    h = await startHarness({ env: registeredEnv(keys, dir), logger: logs.logger });
  });
  afterAll(async () => {
    if (process.env.SHOW_REASONS)
      console.log(
        logs
          .lines()
          .map((l) => l.reason)
          .join('\n'),
      );
    await h.close();
    await keys.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    turns = jest.spyOn(PcnBot.prototype, 'run');
    // botframework-connector prints refused tokens' errors and the public keys to the console itself.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  /** A card action (answered in the HTTP response, so no outbound sign-in is needed). */
  const cardAction = (extra: Record<string, unknown> = {}) =>
    teamActivity(h.connector.url, PEOPLE.member, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'no.such.verb', data: {} }, trigger: 'manual' },
      ...extra,
    });
  const valid = () => keys.sign({ aud: APP_ID, serviceurl: h.connector.url });
  const dbFile = () => path.join(dir, 'bot.sqlite');

  it('when the token is valid, then the turn runs and the card action is answered with 200', async () => {
    const res = await h.post(cardAction(), { authorization: `Bearer ${await valid()}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ statusCode: 200, value: expect.stringMatching(/don't recognise that button/) });
    expect(turns).toHaveBeenCalledTimes(1);
  });

  const bearer = async (claims: TokenClaims) => ({ authorization: `Bearer ${await keys.sign(claims)}` });
  const rightClaims = () => ({ aud: APP_ID, serviceurl: h.connector.url });

  /** Each refusal with the reason botframework-connector gives (logged), so a case cannot pass for another reason. */
  const refused: [string, () => Promise<Record<string, string>>, RegExp][] = [
    ['no Authorization header', async () => ({}), /not authorized/],
    ['an empty Authorization header', async () => ({ authorization: '' }), /not authorized/],
    ['a malformed header (no scheme)', async () => ({ authorization: await valid() }), /No valid identity/],
    ['a malformed header (Basic)', async () => ({ authorization: 'Basic dXNlcjpwYXNz' }), /No valid identity/],
    ['a malformed header (not a JWT)', async () => ({ authorization: 'Bearer not.a.token' }), /No valid identity/],
    ['a malformed header (Bearer alone)', async () => ({ authorization: 'Bearer' }), /No valid identity/],
    [
      'a key the server does not publish',
      () => bearer({ ...rightClaims(), unpublishedKey: true }),
      /Signing Key could not be retrieved/,
    ],
    ['a wrong issuer', () => bearer({ ...rightClaims(), iss: 'https://issuer.example.org' }), /No valid identity/],
    ['a wrong audience', () => bearer({ ...rightClaims(), aud: 'another-bot' }), /Invalid AppId passed on token: another-bot/],
    ['no audience', () => bearer({ serviceurl: h.connector.url }), /Invalid AppId/],
    // botframework-connector allows five minutes of clock skew: these are well past it.
    ['an expired token', () => bearer({ ...rightClaims(), nbfIn: -7200, expIn: -600 }), /expired/],
    ['a token not yet valid', () => bearer({ ...rightClaims(), nbfIn: 600, expIn: 7200 }), /NotBeforeError/],
    [
      "a serviceUrl claim that is not the activity's",
      () => bearer({ ...rightClaims(), serviceurl: 'https://smba.trafficmanager.net/evil/' }),
      /ServiceUrl claim do not match/,
    ],
    [
      'a token whose signature was tampered with',
      async () => {
        const [head, body, signature] = (await valid()).split('.');
        const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
        return { authorization: `Bearer ${head}.${body}.${flipped}` };
      },
      /invalid signature/,
    ],
  ];

  it.each(refused)(
    'when the request has %s, then it is answered 401, runs no turn and writes nothing',
    async (_case, headers, reason) => {
      const before = storeContents(dbFile());
      const logged = logs.lines().length;
      const res = await h.post(cardAction(), await headers());
      expect(res.status).toBe(401);
      expect(logs.lines().slice(logged)).toContainEqual(
        expect.objectContaining({ msg: 'sign-in refused', reason: expect.stringMatching(reason) }),
      );
      expect(turns).not.toHaveBeenCalled();
      expect(storeContents(dbFile())).toBe(before);
      expect(h.connector.requests()).toHaveLength(0);
    },
  );

  it('when a signed request comes from a tenant outside ALLOWED_TENANTS, then it is answered 403, runs no turn and writes nothing', async () => {
    const before = storeContents(dbFile());
    const elsewhere = cardAction({
      channelData: {
        tenant: { id: 'some-other-tenant' },
        team: { id: '19:other@thread.tacv2' },
        channel: { id: '19:other@thread.tacv2' },
      },
      conversation: { id: '19:other@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: 'some-other-tenant' },
    });
    const res = await h.post(elsewhere, { authorization: `Bearer ${await valid()}` });
    expect(res.status).toBe(403);
    expect(turns).not.toHaveBeenCalled();
    expect(storeContents(dbFile())).toBe(before);
  });

  it('when requests are refused, then the log says why without the token', async () => {
    const token = await valid();
    await h.post(cardAction(), { authorization: `Bearer ${token.slice(0, -4)}AAAA` });
    const refusals = logs.lines().filter((l) => l.msg === 'sign-in refused');
    expect(refusals.length).toBeGreaterThan(0);
    expect(logs.text()).not.toContain(token.slice(0, 40));
  });
});

describe('sign-in when the signing keys cannot be fetched', () => {
  beforeEach(() => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  /** Boots a registered bot against `keys`, sends one signed message, and returns the answer and the log. */
  async function signedRequest(keys: OpenIdServer, token: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bot-sign-in-'));
    const logs = captureLogs('info');
    const h = await startHarness({ env: registeredEnv(keys, dir), logger: logs.logger });
    const turns = jest.spyOn(PcnBot.prototype, 'run');
    try {
      const activity = teamActivity(h.connector.url, PEOPLE.member, { type: 'message', text: 'help' });
      const res = await h.post({ ...activity, serviceUrl: 'http://127.0.0.1:9/' }, { authorization: `Bearer ${token}` });
      return { status: res.status, turns: turns.mock.calls.length, logs };
    } finally {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const keysLogLine = expect.objectContaining({
    level: 50,
    module: 'inbound',
    msg: expect.stringMatching(/sign-in keys could not be fetched/),
  });

  it('when the metadata server is down, then the request is answered 503 with a log line, not 500', async () => {
    const keys = await startOpenIdServer();
    const token = await keys.sign({ aud: APP_ID, serviceurl: 'http://127.0.0.1:9/' });
    // Stopped before the bot ever fetched from it: nothing is cached, and the port now refuses connections.
    await keys.stop();
    const answer = await signedRequest(keys, token);
    expect(answer.status).toBe(503);
    expect(answer.turns).toBe(0);
    expect(answer.logs.lines()).toContainEqual(keysLogLine);
  });

  it('when the key server answers 500, then the request is answered 503 with a log line, not 401', async () => {
    const keys = await startOpenIdServer({ keysStatus: 500 });
    try {
      const answer = await signedRequest(keys, await keys.sign({ aud: APP_ID, serviceurl: 'http://127.0.0.1:9/' }));
      expect(answer.status).toBe(503);
      expect(answer.turns).toBe(0);
      expect(answer.logs.lines()).toContainEqual(keysLogLine);
    } finally {
      await keys.stop();
    }
  });
});
