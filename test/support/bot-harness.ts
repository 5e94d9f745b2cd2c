import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOptions } from '../../bot/app';
import { loadConfig } from '../../services/config';
import type { Clock } from '../../services/clock';
import type { Logger } from '../../services/logger';
import { createStore, type Store } from '../../services/store';
import { silentLogger } from './fakes';
import { type RosterMember, startTeamsConnector, type TeamsConnector } from './teams-connector';

/** The team every e2e test talks from: a PCN with three channels and four people. */
export const TENANT_ID = 'e2e-tenant';
export const TEAM_ID = '19:e2e-general@thread.tacv2';
export const GROUP_ID = 'e2e-group-0001';
export const SOCIAL_CHANNEL_ID = '19:e2e-social@thread.tacv2';
export const BOT = { id: '28:e2e-bot', name: 'PCN Social Media' };
export const PCN_ID = `${TENANT_ID}:${TEAM_ID}`;

export const PEOPLE = {
  admin: { id: '29:admin', aadObjectId: 'aad-admin-0001', name: 'Alex Morgan' },
  lead: { id: '29:lead', aadObjectId: 'aad-lead-0002', name: 'Priya Shah' },
  member: { id: '29:member', aadObjectId: 'aad-member-0003', name: 'Sam Jones' },
  newcomer: { id: '29:newcomer', aadObjectId: 'aad-newcomer-0004', name: 'Jo Evans' },
} satisfies Record<string, RosterMember>;
export type Someone = (typeof PEOPLE)[keyof typeof PEOPLE];

export interface Harness {
  readonly app: App;
  readonly store: Store;
  readonly connector: TeamsConnector;
  /** The bot's base URL on loopback. */
  readonly url: string;
  /** POSTs a raw body to /api/messages. */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Sends a channel message (with the bot @mentioned) or a 1:1 message; resolves when the bot answered the HTTP call. */
  say(from: Someone, text: string, where?: 'channel' | 'personal'): Promise<Response>;
  /** Sends an Action.Execute invoke; returns the parsed invoke response body. */
  invoke(from: Someone, verb: string, data?: Record<string, unknown>): Promise<{ status: number; body: InvokeBody }>;
  /** Sends an Action.Submit (message with value), as older Teams clients do. */
  submit(from: Someone, data: Record<string, unknown>, replyToId?: string): Promise<Response>;
  /** The bot added to the team by `by` (conversationUpdate + installationUpdate, as Teams sends). */
  install(by?: Someone): Promise<void>;
  close(): Promise<void>;
}

export interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

let seq = 0;

/** A channel activity from `from`, as Teams sends it (tests change fields with `extra`). */
export function teamActivity(connectorUrl: string, from: Someone, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    id: `act-${++seq}`,
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    timestamp: new Date().toISOString(),
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { id: `${TEAM_ID};messageid=${1000 + seq}`, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    channelData: {
      tenant: { id: TENANT_ID },
      team: { id: TEAM_ID, name: 'Riverside PCN', aadGroupId: GROUP_ID },
      channel: { id: TEAM_ID, name: 'General' },
    },
    ...extra,
  };
}

function personalActivity(connectorUrl: string, from: Someone, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    id: `act-${++seq}`,
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    timestamp: new Date().toISOString(),
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { id: `a:personal-${from.aadObjectId}`, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    ...extra,
  };
}

/** Boots the real bot (real HTTP, real SQLite) beside a loopback Teams connector. */
export async function startHarness(
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    store?: Store;
    /** Run the Teams stand-in's rate limits on this clock too (for tests that jump days ahead). */
    connectorOnClock?: boolean;
    /** The bot's feature table, when a test adds to it. */
    features?: AppOptions['features'];
    /** Where the bot logs (default: nowhere). */
    logger?: Logger;
    /** Headers sent with every request to /api/messages (an Authorization header, say). */
    headers?: Record<string, string>;
    /** Where the bot sends telemetry (default: nowhere). */
    telemetry?: AppOptions['telemetry'];
  } = {},
): Promise<Harness> {
  const clock = options.clock;
  const connector = await startTeamsConnector({
    now: options.connectorOnClock && clock ? () => clock.now().getTime() : undefined,
    tenantId: TENANT_ID,
    teams: [
      { id: TEAM_ID, aadGroupId: GROUP_ID, name: 'Riverside PCN', channels: [{ id: SOCIAL_CHANNEL_ID, name: 'Social media' }] },
    ],
    members: Object.values(PEOPLE),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bot-e2e-'));
  const config = loadConfig({ PLAYGROUND: '0', DEMO: '0', SQLITE_PATH: path.join(dir, 'bot.sqlite'), ...options.env });
  const store = options.store ?? createStore(config);
  const app = await createApp({
    config,
    logger: options.logger ?? silentLogger(),
    clock: options.clock,
    store,
    features: options.features,
    telemetry: options.telemetry,
    // One bot in this process and nobody to take its conversations over: closing need not wait out Teams' windows.
    handOverWaitMs: 0,
  });
  const { url } = await app.listen(0, '127.0.0.1');

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const harness: Harness = {
    app,
    store,
    connector,
    url,
    post,
    say: (from, text, where = 'channel') =>
      post(
        where === 'channel'
          ? teamActivity(connector.url, from, {
              type: 'message',
              text: `<at>${BOT.name}</at> ${text}`,
              entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
            })
          : personalActivity(connector.url, from, { type: 'message', text }),
      ),
    async invoke(from, verb, data = {}) {
      const res = await post(
        teamActivity(connector.url, from, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        }),
      );
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as InvokeBody };
    },
    submit: (from, data, replyToId) => post(teamActivity(connector.url, from, { type: 'message', value: data, replyToId })),
    async install(by = PEOPLE.admin) {
      const general = { id: TEAM_ID, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID };
      await post(
        teamActivity(connector.url, by, {
          type: 'conversationUpdate',
          conversation: general,
          membersAdded: [{ id: BOT.id }],
          channelData: {
            tenant: { id: TENANT_ID },
            team: { id: TEAM_ID, name: 'Riverside PCN', aadGroupId: GROUP_ID },
            eventType: 'teamMemberAdded',
          },
        }),
      );
      await post(
        teamActivity(connector.url, by, {
          type: 'installationUpdate',
          action: 'add',
          conversation: general,
          channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID, name: 'Riverside PCN', aadGroupId: GROUP_ID } },
        }),
      );
    },
    async close() {
      await app.close();
      await connector.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

export { cardOf, cardText } from './card-text';
