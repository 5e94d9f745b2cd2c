import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Per minute, on this instance. */
export interface InboundLimitOptions {
  readonly perConversation: number;
  readonly perTenant: number;
}

export type LimitDecision =
  { readonly ok: true } | { readonly ok: false; readonly scope: 'conversation' | 'tenant'; readonly retryAfterSeconds: number };

const WINDOW_SECONDS = 60;

/**
 * Inbound request limits, so one noisy chat (or one tenant) cannot take the
 * bot from everyone else. Counted in memory per instance: with N instances
 * behind App Service the effective limit is up to N times this, which is
 * still far from what one person can click. A refused request does no work.
 */
export class InboundLimits {
  private readonly conversations: RateLimiterMemory;
  private readonly tenants: RateLimiterMemory;

  constructor(options: InboundLimitOptions) {
    this.conversations = new RateLimiterMemory({
      keyPrefix: 'conversation',
      points: options.perConversation,
      duration: WINDOW_SECONDS,
    });
    this.tenants = new RateLimiterMemory({ keyPrefix: 'tenant', points: options.perTenant, duration: WINDOW_SECONDS });
  }

  /** Counts one request; the conversation is checked first, so a chat over its own limit spends none of its tenant's. */
  async admit(tenantId: string, conversationId: string): Promise<LimitDecision> {
    const conversation = await take(this.conversations, `${tenantId}|${conversationKey(conversationId)}`);
    if (conversation !== undefined) return { ok: false, scope: 'conversation', retryAfterSeconds: conversation };
    const tenant = await take(this.tenants, tenantId);
    if (tenant !== undefined) return { ok: false, scope: 'tenant', retryAfterSeconds: tenant };
    return { ok: true };
  }
}

/** A channel's threads are one conversation here (`19:abc@thread.tacv2;messageid=123`): new threads must not dodge the limit. */
export function conversationKey(conversationId: string): string {
  return conversationId.split(';messageid=')[0];
}

/** Undefined when a point was taken; otherwise the seconds until one is free. */
async function take(limiter: RateLimiterMemory, key: string): Promise<number | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (refused) {
    if (!(refused instanceof RateLimiterRes)) throw refused;
    return Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
  }
}
