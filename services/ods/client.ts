import type { z } from 'zod';
import { type Clock, systemClock } from '../clock';
import type { Logger } from '../logger';
import { OdsRateLimitedError, OdsResponseError, OdsUnavailableError } from './errors';
import { RequestSpacer, TtlCache } from './limits';
import { titleCaseOrgName } from './names';
import { isActive, ODS_CODE, OdsCodes, OrganisationResponse, SearchResponse } from './ord';

/** A practice as ODS knows it, named for people. */
export interface OdsPractice {
  /** Upper case, as ODS writes it: `B82005`. */
  readonly odsCode: string;
  /** "Riverside Medical Centre" (ODS's capitals in title case). */
  readonly name: string;
  /** ODS status Active (a closed practice is Inactive). */
  readonly active: boolean;
  /** Has the GP Practice role (RO76): false for a walk-in centre, a pharmacy, a trust. */
  readonly gpPractice: boolean;
  /** The PCN it is an active core member of (RE8 to an RO272), if any: `U12345`. */
  readonly pcnCode?: string;
}

/** One of a PCN's active member practices. */
export interface OdsPcnMember {
  readonly odsCode: string;
  readonly name: string;
}

export interface OdsClientOptions {
  /** The ORD organisations endpoint, such as https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations. */
  readonly baseUrl: string;
  /** Off: every look-up answers "nothing" without a request. */
  readonly enabled: boolean;
  readonly logger: Logger;
  /** For the cache's hour; default the system clock. */
  readonly clock?: Clock;
  /** Per request, including reading the body. Default 3 s. */
  readonly timeoutMs?: number;
  /** Default 5, ODS's documented limit. */
  readonly requestsPerSecond?: number;
  /** A 429 asking for a longer wait than this gives up at once. Default 10 s. */
  readonly maxRetryAfterMs?: number;
  /** Default one hour. */
  readonly cacheTtlMs?: number;
  /** Default 500 answers. */
  readonly cacheSize?: number;
}

const DEFAULT_RETRY_AFTER_MS = 1000;

type Fetched = { readonly found: true; readonly body: unknown } | { readonly found: false };

/**
 * Looks practices and PCNs up in the NHS Organisation Data Service: at most
 * `requestsPerSecond` requests, each with a timeout; a 429 is retried once
 * after its Retry-After; answers (including "not found") are kept for an
 * hour. Failures are typed (OdsUnavailableError, OdsRateLimitedError,
 * OdsResponseError) and never cached.
 */
export class OdsClient {
  private readonly baseUrl: string;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly spacer: RequestSpacer;
  private readonly cache: TtlCache<unknown>;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: OdsClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.clock = options.clock ?? systemClock;
    this.log = options.logger.child({ module: 'ods' });
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
    // A tenth over the interval, so that network jitter never lets two requests reach ODS closer than its limit allows.
    this.spacer = new RequestSpacer((1000 / (options.requestsPerSecond ?? 5)) * 1.1);
    this.cache = new TtlCache(options.cacheTtlMs ?? 3_600_000, options.cacheSize ?? 500, () => this.clock.now().getTime());
  }

  /** The practice with this ODS code; undefined when ODS has none (404), the code is malformed, or look-ups are off. */
  async practiceByCode(code: string): Promise<OdsPractice | undefined> {
    const odsCode = code.trim().toUpperCase();
    if (!this.options.enabled || !ODS_CODE.test(odsCode)) return undefined;
    return this.cached(`practice:${odsCode}`, async () => {
      const fetched = await this.fetchJson(`${this.baseUrl}/${encodeURIComponent(odsCode)}`);
      if (!fetched.found) return undefined;
      const { Organisation: org } = parse(OrganisationResponse, fetched.body, odsCode);
      const roles = org.Roles?.Role ?? [];
      const pcn = (org.Rels?.Rel ?? []).find(
        (rel) =>
          rel.id === OdsCodes.isPartnerTo && isActive(rel.Status) && rel.Target.PrimaryRoleId?.id === OdsCodes.primaryCareNetwork,
      );
      const practice: OdsPractice = {
        odsCode: org.OrgId.extension.toUpperCase(),
        name: titleCaseOrgName(org.Name),
        active: isActive(org.Status),
        gpPractice: roles.some((role) => role.id === OdsCodes.gpPractice && role.Status?.toLowerCase() !== 'inactive'),
        ...(pcn ? { pcnCode: pcn.Target.OrgId.extension.toUpperCase() } : {}),
      };
      return practice;
    });
  }

  /** The PCN's active core member practices (RE8 "is partner to" it), by name; empty when unknown or look-ups are off. */
  async pcnMembers(pcnCode: string): Promise<readonly OdsPcnMember[]> {
    const code = pcnCode.trim().toUpperCase();
    if (!this.options.enabled || !ODS_CODE.test(code)) return [];
    return this.cached(`pcn:${code}`, async () => {
      const query = new URLSearchParams({
        RelTypeId: OdsCodes.isPartnerTo,
        TargetOrgId: code,
        RelStatus: 'active',
        Limit: '1000',
      });
      const fetched = await this.fetchJson(`${this.baseUrl}?${query}`);
      if (!fetched.found) return [];
      const { Organisations } = parse(SearchResponse, fetched.body, code);
      return Organisations.filter(
        (org) =>
          isActive(org.Status ?? 'active') &&
          (org.PrimaryRoleId === undefined || org.PrimaryRoleId === OdsCodes.prescribingCostCentre),
      )
        .map((org) => ({ odsCode: org.OrgId.toUpperCase(), name: titleCaseOrgName(org.Name) }))
        .sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  /** One answer per key per hour; callers asking at once share one request. */
  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit) return hit.value as T;
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const loading = load().then((value) => {
      this.cache.set(key, value);
      return value;
    });
    this.inFlight.set(key, loading);
    try {
      return await loading;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async fetchJson(url: string): Promise<Fetched> {
    for (let attempt = 1; ; attempt++) {
      await this.spacer.wait();
      let response: Response;
      try {
        response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (error) {
        throw this.unavailable(url, error);
      }
      if (response.status === 429) {
        await response.body?.cancel();
        const waitMs = retryAfterMs(response.headers.get('retry-after'), this.clock.now());
        if (attempt > 1 || waitMs > this.maxRetryAfterMs) {
          this.log.warn({ url, attempt, waitMs }, 'ODS rate limited; giving up');
          throw new OdsRateLimitedError(waitMs, `429 from ${url} (attempt ${attempt}, Retry-After ${waitMs} ms)`);
        }
        this.log.info({ url, waitMs }, 'ODS rate limited; retrying once after Retry-After');
        this.spacer.pause(waitMs);
        continue;
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return { found: false };
      }
      if (!response.ok) {
        await response.body?.cancel();
        if (response.status >= 500) throw this.unavailable(url, new Error(`HTTP ${response.status}`));
        throw new OdsResponseError(`HTTP ${response.status} from ${url}`);
      }
      try {
        return { found: true, body: await response.json() };
      } catch (error) {
        if (isTimeout(error)) throw this.unavailable(url, error);
        throw new OdsResponseError(`unreadable JSON from ${url}: ${String(error)}`);
      }
    }
  }

  private unavailable(url: string, error: unknown): OdsUnavailableError {
    const reason = isTimeout(error) ? `no answer within ${this.timeoutMs} ms` : describe(error);
    this.log.warn({ url, reason }, 'ODS unavailable');
    return new OdsUnavailableError(`${url}: ${reason}`);
  }
}

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown, code: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OdsResponseError(`unexpected ODS answer for ${code}: ${issue.path.join('.')} ${issue.message}`);
  }
  return parsed.data;
}

/** AbortSignal.timeout rejects with a DOMException named TimeoutError, which is not an Error in Node 20. */
const isTimeout = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  ['TimeoutError', 'AbortError'].includes(String((error as { name?: unknown }).name));

/** "fetch failed (ECONNREFUSED)": the cause is where Node puts the network error. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `${error.message} (${cause.code ?? cause.message ?? 'unknown cause'})` : error.message;
}

/** Retry-After is whole seconds or an HTTP date; absent or unreadable, wait a second. */
export function retryAfterMs(header: string | null, now: Date): number {
  if (!header) return DEFAULT_RETRY_AFTER_MS;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - now.getTime());
}
