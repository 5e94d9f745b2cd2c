import { MESSAGE_OPERATIONS, type ConnectorOperation, type RandomFaultOptions, type ScriptedFault } from './types';

/** Teams' error codes and messages for each status (Teams docs, "status codes from bot conversational APIs"). */
const TEAMS_ERRORS: Readonly<Record<number, { code: string; message: string }>> = {
  400: { code: 'BadArgument', message: 'The request is malformed.' },
  401: { code: 'BotNotRegistered', message: 'No registration found for this bot.' },
  403: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
  404: { code: 'ConversationNotFound', message: 'Conversation not found.' },
  405: { code: 'MethodNotAllowed', message: 'The method is not allowed.' },
  412: { code: 'PreconditionFailed', message: 'Precondition failed, please try again.' },
  413: { code: 'MessageSizeTooBig', message: 'Message size too large.' },
  415: { code: 'BadArgument', message: 'The body must be JSON.' },
  429: { code: 'Throttled', message: 'Too many requests.' },
  501: { code: 'NotImplemented', message: 'This operation is not implemented.' },
  502: { code: 'BadGateway', message: 'A downstream service failed.' },
  503: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' },
};

/** A failure to answer instead of handling the request. */
export interface FaultAnswer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

/** The answer Teams gives for `status`, with its usual code and message unless given. */
export function teamsFault(status: number, code?: string, message?: string, retryAfterSeconds?: number): FaultAnswer {
  const known = TEAMS_ERRORS[status] ?? { code: 'ServiceError', message: 'An error occurred.' };
  return { status, code: code ?? known.code, message: message ?? known.message, retryAfterSeconds };
}

/** mulberry32: tiny, fast, and the same sequence on every machine for one seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** True when `key` is `scope` itself or lives under it (a thread of a channel). */
export function isWithin(key: string, scope: string): boolean {
  return key === scope || key.startsWith(`${scope};`);
}

interface ScriptedState {
  readonly fault: ScriptedFault;
  remaining: number;
}

/** Decides, per request, whether to fail it: scripted faults first, then the seeded dice. */
export class FaultInjector {
  private random: () => number = seededRandom(1);
  private options: RandomFaultOptions = {};
  private scripted: ScriptedState[] = [];

  constructor(options: RandomFaultOptions | undefined, scripted: readonly ScriptedFault[] = []) {
    this.configure(options ?? {});
    scripted.forEach((f) => this.script(f));
  }

  /** Replace the random faults; the PRNG restarts from the seed so a run can be replayed. */
  configure(options: RandomFaultOptions): void {
    const p = options.probabilities ?? {};
    const total = Object.values(p).reduce((sum: number, v) => sum + (v ?? 0), 0);
    if (total > 1) throw new Error(`Fault probabilities add up to ${total}; they must not exceed 1`);
    this.options = options;
    this.random = seededRandom(options.seed ?? 1);
  }

  script(fault: ScriptedFault): void {
    this.scripted.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clearScripted(): void {
    this.scripted = [];
  }

  /** A scripted fault covering any of `keys` (conversation, channel, team or user ids) for `operation`. */
  scriptedFor(keys: readonly string[], operation: ConnectorOperation): FaultAnswer | undefined {
    const hit = this.scripted.find(
      (s) =>
        s.remaining > 0 &&
        (s.fault.operations ?? [operation]).includes(operation) &&
        keys.some((k) => isWithin(k, s.fault.conversationId)),
    );
    if (!hit) return undefined;
    hit.remaining -= 1;
    const f = hit.fault;
    return teamsFault(f.status, f.code, f.message, f.retryAfterSeconds);
  }

  /** Roll the dice for one request; one draw per eligible request keeps runs reproducible. */
  randomFor(operation: ConnectorOperation): FaultAnswer | undefined {
    const p = this.options.probabilities;
    if (!p || !(this.options.operations ?? MESSAGE_OPERATIONS).includes(operation)) return undefined;
    const roll = this.random();
    const retryAfter = this.options.retryAfterSeconds ?? 1;
    const table: [number | undefined, () => FaultAnswer][] = [
      [p.throttledWithRetryAfter, () => teamsFault(429, undefined, undefined, retryAfter)],
      [p.throttledWithoutRetryAfter, () => teamsFault(429)],
      [p.serviceUnavailable503, () => teamsFault(503)],
      [p.badGateway502, () => teamsFault(502)],
      [p.preconditionFailed412, () => teamsFault(412)],
    ];
    let edge = 0;
    for (const [chance, answer] of table) {
      edge += chance ?? 0;
      if (roll < edge) return answer();
    }
    return undefined;
  }
}
