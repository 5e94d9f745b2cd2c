/**
 * A loopback stand-in for the Bot Framework / Teams connector service: the
 * REST API a botbuilder CloudAdapter bot calls when an activity's serviceUrl
 * points here. Real HTTP on 127.0.0.1, Teams' rate limits, seeded fault
 * injection, and a record of everything the bot sent, for e2e tests and
 * benchmarks.
 *
 *   const connector = await startTeamsConnector({ teams, members });
 *   // put connector.url in activity.serviceUrl, drive the bot, then:
 *   const card = await connector.waitFor((a) => a.conversationId.startsWith(channelId));
 *   await connector.stop();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, teamsFault, type FaultAnswer } from './teams-connector/faults';
import { activityOf, handle, scopeOf, type Outcome } from './teams-connector/handlers';
import { parseRoute, readBody, sendFault, sendJson } from './teams-connector/http';
import { TeamsRateLimiter } from './teams-connector/rate-limiter';
import { Recorder } from './teams-connector/recorder';
import { Roster } from './teams-connector/roster';
import type {
  RandomFaultOptions,
  RateLimitOptions,
  RecordedRequest,
  RosterMember,
  ScriptedFault,
  SentActivity,
  TeamConfig,
  TeamsConnectorOptions,
  VisibleMessage,
} from './teams-connector/types';

export * from './teams-connector/types';
export { TEAMS_GLOBAL_PER_SECOND, TEAMS_THREAD_WINDOWS } from './teams-connector/rate-limiter';
export { seededRandom } from './teams-connector/faults';

const DEFAULT_MAX_BODY_BYTES = 100 * 1024;
const DEFAULT_WAIT_MS = 5_000;
/** Teams' message ids are millisecond-like numbers; counting up from here keeps them unique and readable. */
const FIRST_ACTIVITY_ID = 1_700_000_000_000;

export interface TeamsConnector {
  /** Base URL to use as the activity's serviceUrl, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Close the server and its sockets; pending waits fail. Recorded data stays readable. */
  stop(): Promise<void>;

  /** Every request, in arrival order, with the status answered. */
  requests(): readonly RecordedRequest[];
  /** Every activity Teams accepted (new messages and updates), in order. */
  activities(): readonly SentActivity[];
  /** The first accepted activity matching `predicate`, already seen or still to come (default 5 s). */
  waitFor(predicate: (activity: SentActivity) => boolean, timeoutMs?: number): Promise<SentActivity>;
  /** The first `count` accepted activities matching `predicate` (default: any). */
  waitForCount(count: number, predicate?: (activity: SentActivity) => boolean, timeoutMs?: number): Promise<SentActivity[]>;
  /** Be told of each accepted activity as it arrives; returns the unsubscribe function. */
  onActivity(listener: (activity: SentActivity) => void): () => void;
  /** Messages in a conversation as users now see them; a channel id includes its threads. */
  messagesIn(conversationId: string): VisibleMessage[];
  /** The Adaptive Card contents now shown in a conversation (a channel id includes its threads). */
  cardsIn(conversationId: string): unknown[];

  /** New messages delivered with `channelData.idempotencyKey === key` (0 means lost, 2+ duplicated). */
  deliveries(key: string): number;
  deliveryCounts(): ReadonlyMap<string, number>;
  duplicateKeys(): string[];

  /** Replace the rate limits (and forget the windows so far); `false` turns throttling off. */
  setLimits(limits: RateLimitOptions | false): void;
  /** Replace the random faults; the PRNG restarts from the seed. */
  setFaults(faults: RandomFaultOptions): void;
  scriptFault(fault: ScriptedFault): void;
  /** 403 BotNotInConversationRoster for a conversation and its threads, as after the bot is removed. */
  removeBotFrom(conversationId: string): void;
  /** The same for a whole team: General, every configured channel, and the team calls. */
  removeBotFromTeam(teamId: string): void;
  /** Drop every scripted and random fault. */
  clearFaults(): void;

  addTeam(team: TeamConfig): void;
  addMembers(members: readonly RosterMember[]): void;
  /** Back to as started: recordings, rate windows and faults as in the options (activity ids keep counting). */
  reset(): void;
}

/** Start a connector on 127.0.0.1 and a free port. */
export async function startTeamsConnector(options: TeamsConnectorOptions = {}): Promise<TeamsConnector> {
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const recorder = new Recorder();
  const roster = new Roster(options.tenantId ?? 'tenant-loopback', options.teams ?? [], options.members ?? []);
  let limiter = makeLimiter(options.limits);
  let faults = new FaultInjector(options.faults, options.scriptedFaults);
  let nextId = FIRST_ACTIVITY_ID;
  const ctx = {
    roster,
    recorder,
    nextActivityId: () => String(nextId++),
    supportDelete: options.supportDelete ?? false,
  };

  const latencyMs = options.latencyMs ?? 0;
  const answerDelay = () => (latencyMs > 0 ? new Promise<void>((resolve) => setTimeout(resolve, latencyMs)) : Promise.resolve());

  /** The order Teams effectively applies: size, format, roster, rate limit, then luck. */
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = now();
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const route = parseRoute(method, path);
    const authorization = req.headers.authorization;
    const base = {
      method,
      path,
      operation: route.operation,
      conversationId: route.conversationId,
      activityId: route.activityId,
      teamId: route.teamId,
      authorization,
      at,
    };
    const fail = async (fault: FaultAnswer, extra: Partial<RecordedRequest> = {}): Promise<void> => {
      recorder.request({ ...base, ...extra, status: fault.status, errorCode: fault.code });
      await answerDelay();
      sendFault(res, fault);
    };

    const read = await readBody(req, maxBodyBytes);
    if (read.kind === 'tooLarge') return fail(teamsFault(413));
    const parsed = parseJson(read.text, req.headers['content-type']);
    if (!parsed.ok) return fail(parsed.fault);
    const body = parsed.value;
    const activity = activityOf(route, body);
    const idempotencyKey =
      typeof activity?.channelData?.idempotencyKey === 'string' ? activity.channelData.idempotencyKey : undefined;
    const seen = { body, activity, idempotencyKey };

    const scope = scopeOf(route, body);
    const scripted = faults.scriptedFor(scope, route.operation);
    if (scripted) return fail(scripted, seen);
    if (limiter && route.operation !== 'unknown') {
      const decision = limiter.admit(scope[0] ?? '(none)', at);
      if (!decision.allowed) {
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        const message = `Too many requests: more than ${decision.window.limit} in ${decision.window.windowMs / 1000} s ${decision.scope === 'thread' ? 'to this conversation' : 'for this bot'}.`;
        return fail(teamsFault(429, 'Throttled', message, seconds), seen);
      }
    }
    const random = faults.randomFor(route.operation);
    if (random) return fail(random, seen);

    const outcome: Outcome = handle(ctx, { route, body, activity, idempotencyKey, at });
    if (outcome.kind === 'fault') return fail(outcome.fault, seen);
    recorder.request({
      ...base,
      ...seen,
      conversationId: outcome.conversationId ?? route.conversationId,
      activityId: outcome.activityId ?? route.activityId,
      status: outcome.status,
    });
    await answerDelay();
    sendJson(res, outcome.status, outcome.body);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      // A bug in the stand-in must show up as a 500 in the test, not a hung request.
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendFault(res, teamsFault(500, 'InternalServerError', message));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        recorder.cancelWaits('The connector stopped while waiting');
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    requests: () => recorder.requests(),
    activities: () => recorder.activities(),
    waitFor: async (predicate, timeoutMs = DEFAULT_WAIT_MS) =>
      (await recorder.waitFor(predicate, 1, timeoutMs))[0] as SentActivity,
    waitForCount: (count, predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) => recorder.waitFor(predicate, count, timeoutMs),
    onActivity: (listener) => recorder.onActivity(listener),
    messagesIn: (conversationId) => recorder.messagesIn(conversationId),
    cardsIn: (conversationId) => recorder.cardsIn(conversationId),
    deliveries: (key) => recorder.deliveries(key),
    deliveryCounts: () => recorder.deliveryCounts(),
    duplicateKeys: () => recorder.duplicateKeys(),
    setLimits: (limits) => {
      limiter = makeLimiter(limits);
    },
    setFaults: (random) => faults.configure(random),
    scriptFault: (fault) => faults.script(fault),
    removeBotFrom: (conversationId) => faults.script({ conversationId, status: 403, code: 'BotNotInConversationRoster' }),
    removeBotFromTeam: (teamId) => {
      const team = roster.team(teamId);
      const ids = team ? roster.channels(team).map((c) => c.id) : [teamId];
      ids.forEach((conversationId) => faults.script({ conversationId, status: 403, code: 'BotNotInConversationRoster' }));
    },
    clearFaults: () => {
      faults = new FaultInjector(undefined);
    },
    addTeam: (team) => roster.addTeam(team),
    addMembers: (members) => roster.addMembers(members),
    reset: () => {
      recorder.reset();
      limiter = makeLimiter(options.limits);
      faults = new FaultInjector(options.faults, options.scriptedFaults);
    },
  };
}

function makeLimiter(limits: RateLimitOptions | false | undefined): TeamsRateLimiter | undefined {
  return limits === false ? undefined : new TeamsRateLimiter(limits ?? {});
}

type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly fault: FaultAnswer };

/** Teams takes JSON only: an empty body is fine (GET, DELETE), anything else must parse. */
function parseJson(text: string, contentType: string | undefined): Parsed {
  if (text.length === 0) return { ok: true, value: undefined };
  if (contentType !== undefined && !/json/i.test(contentType)) return { ok: false, fault: teamsFault(415) };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, fault: teamsFault(400, 'BadArgument', 'The body is not valid JSON.') };
  }
}
