import type { Activity } from 'botbuilder';
import { type AuthenticateRequestResult, AuthenticationError, type BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from '../services/logger';
import type { InboundLimits } from './inbound-limits';

/** Let in with who sent it, or refused with the HTTP answer to give. Nothing refused reaches a handler. */
export type Admission =
  | { readonly ok: true; readonly auth: AuthenticateRequestResult }
  | { readonly ok: false; readonly status: 401 | 403 | 429 | 503; readonly error: string; readonly retryAfterSeconds?: number };

export interface GateOptions {
  readonly auth: BotFrameworkAuthentication;
  readonly limits: InboundLimits;
  /** Tenant ids allowed; empty means any (local mode only: config requires them when registered). */
  readonly allowedTenants: readonly string[];
  readonly logger: Logger;
}

/** jsonwebtoken's verdicts on a token (bad signature, expired, not yet valid): the caller's fault, so 401. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * The checks before a turn, in order: sign-in (401, or 503 when the signing
 * keys cannot be fetched), the tenant (403), then the inbound limits (429).
 * Limits come after sign-in so nobody can spend a real chat's allowance by
 * sending unsigned requests in its name.
 */
export class InboundGate {
  private readonly log: Logger;

  constructor(private readonly options: GateOptions) {
    this.log = options.logger.child({ module: 'inbound' });
  }

  async admit(activity: Activity, authorization: string): Promise<Admission> {
    const where = { activityType: activity.type, conversationId: activity.conversation?.id };
    let auth: AuthenticateRequestResult;
    try {
      auth = await this.options.auth.authenticateRequest(activity, authorization);
    } catch (error) {
      if (keysUnavailable(error)) {
        this.log.error({ ...where, reason: describe(error) }, 'sign-in keys could not be fetched: request refused with 503');
        return { ok: false, status: 503, error: 'Sign-in is unavailable for a moment. Please try again.' };
      }
      if (!(error instanceof AuthenticationError) && !TOKEN_ERRORS.has((error as Error)?.name)) throw error;
      this.log.warn({ ...where, hasAuthorization: authorization !== '', reason: describe(error) }, 'sign-in refused');
      return { ok: false, status: 401, error: 'Unauthorized.' };
    }
    const tenantId = tenantOf(activity);
    const allowed = this.options.allowedTenants;
    if (allowed.length > 0 && (!tenantId || !allowed.includes(tenantId))) {
      this.log.warn({ ...where, tenantId }, 'tenant not allowed: request refused with 403');
      return { ok: false, status: 403, error: 'This bot does not serve your organisation.' };
    }
    const decision = await this.options.limits.admit(tenantId ?? '(none)', activity.conversation?.id ?? '(none)');
    if (!decision.ok) {
      this.log.warn(
        { ...where, tenantId, scope: decision.scope, retryAfterSeconds: decision.retryAfterSeconds },
        'over the inbound limit',
      );
      return { ok: false, status: 429, error: 'Too many requests.', retryAfterSeconds: decision.retryAfterSeconds };
    }
    return { ok: true, auth };
  }
}

function tenantOf(activity: Activity): string | undefined {
  const data = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const id = data?.tenant?.id ?? activity.conversation?.tenantId;
  return typeof id === 'string' && id ? id : undefined;
}

/**
 * botframework-connector says "Failed to load openID config" or "Failed to
 * load Keys" (an AuthenticationError with status 500) when the metadata
 * server answers badly, and lets node-fetch's FetchError through when it
 * cannot be reached: neither is the caller's fault.
 */
function keysUnavailable(error: unknown): boolean {
  if (error instanceof AuthenticationError) return error.statusCode >= 500 || /^Failed to load/.test(error.message);
  const e = error as { name?: string; type?: string; code?: string };
  return (
    e?.name === 'FetchError' ||
    e?.type === 'system' ||
    ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET'].includes(e?.code ?? '')
  );
}

/** The error's kind and message, never the token or header (neither is in these messages). */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return String(error).slice(0, 200);
}
