import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';
import type { Logger } from '../logger';

/**
 * Signed, expiring export links and CSV building: pure functions, no store.
 * A link is `/api/export?pcn=<pcnId>&quarter=<2027-Q1|all>&expires=<unix s>&sig=<HMAC-SHA256>`;
 * the signature covers every other parameter, so none can be changed.
 */

export const EXPORT_PATH = '/api/export';
export const EXPORT_LINK_TTL_MS = 15 * 60 * 1000;
/** Allowance for clocks that disagree slightly between instances. */
const CLOCK_SKEW_MS = 60 * 1000;
const SIGNATURE_BYTES = 32;

export interface ExportParams {
  readonly pcnId: string;
  /** A quarter id such as `2027-Q1`, or `all`. */
  readonly quarter: string;
  /** Expiry, in whole seconds since the epoch. */
  readonly expires: number;
}

export type VerifyResult =
  { readonly ok: true; readonly params: ExportParams } | { readonly ok: false; readonly reason: 'invalid' | 'expired' };

const QUARTER_OR_ALL = /^(\d{4}-Q[1-4]|all)$/;
const PCN_ID = /^[A-Za-z0-9:._@-]{1,300}$/;

function mac(params: ExportParams, secret: Buffer): Buffer {
  // A JSON array keeps the fields unambiguous whatever characters they hold.
  const payload = JSON.stringify(['quick-check-export-v1', params.pcnId, params.quarter, params.expires]);
  return createHmac('sha256', secret).update(payload).digest();
}

/** The query string (without `?`) of a signed link expiring `ttlMs` after `now`. */
export function signExportQuery(pcnId: string, quarter: string, secret: Buffer, now: Date, ttlMs = EXPORT_LINK_TTL_MS): string {
  const params: ExportParams = { pcnId, quarter, expires: Math.floor((now.getTime() + ttlMs) / 1000) };
  const query = new URLSearchParams({
    pcn: params.pcnId,
    quarter: params.quarter,
    expires: String(params.expires),
    sig: mac(params, secret).toString('base64url'),
  });
  return query.toString();
}

/**
 * Checks a link's parameters: well-formed, signed with `secret` (compared in
 * constant time), and not expired. Expiry is checked only once the signature
 * is good, so a forged link learns nothing from the answer.
 */
export function verifyExportQuery(query: URLSearchParams, secret: Buffer, now: Date): VerifyResult {
  const pcnId = query.get('pcn') ?? '';
  const quarter = query.get('quarter') ?? '';
  const expiresText = query.get('expires') ?? '';
  const sigText = query.get('sig') ?? '';
  if (
    !PCN_ID.test(pcnId) ||
    !QUARTER_OR_ALL.test(quarter) ||
    !/^\d{1,12}$/.test(expiresText) ||
    !/^[A-Za-z0-9_-]{1,64}$/.test(sigText)
  ) {
    return { ok: false, reason: 'invalid' };
  }
  const params: ExportParams = { pcnId, quarter, expires: Number(expiresText) };
  const given = Buffer.from(sigText, 'base64url');
  const expected = mac(params, secret);
  if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  const expiresMs = params.expires * 1000;
  if (expiresMs <= now.getTime()) return { ok: false, reason: 'expired' };
  // No genuine link lives longer than the TTL; a longer one means the secret is known elsewhere.
  if (expiresMs > now.getTime() + EXPORT_LINK_TTL_MS + CLOCK_SKEW_MS) return { ok: false, reason: 'invalid' };
  return { ok: true, params };
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line
 * break. Text starting with = + - @ (or a tab or carriage return) is
 * prefixed with ' so a spreadsheet shows it instead of running it as a formula.
 */
export function csvCell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with CRLF line ends, as spreadsheets expect. */
export function toCsv(rows: readonly (readonly (string | number | undefined | null)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The key export links are signed with: EXPORT_SECRET, or in local mode a
 * random one for this process (links then die with the process, and would
 * not work across several instances, hence the warning). Undefined in
 * production without a secret: export is then switched off.
 */
export function resolveExportSecret(config: Pick<Config, 'exportSecret' | 'localMode'>, logger: Logger): Buffer | undefined {
  const log = logger.child({ module: 'export' });
  if (config.exportSecret) {
    if (config.exportSecret.length < 32) log.warn('EXPORT_SECRET is shorter than 32 characters; use a longer random value');
    return Buffer.from(config.exportSecret, 'utf8');
  }
  if (config.localMode) {
    log.warn(
      'EXPORT_SECRET is not set: using a random secret for this process only; export links stop working when the bot restarts',
    );
    return randomBytes(32);
  }
  log.warn('EXPORT_SECRET is not set: the export command is switched off');
  return undefined;
}
