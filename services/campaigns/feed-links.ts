import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Calendar feed links: `/api/calendar/<feed>.<signature>.ics`, where `feed`
 * names the PCN and its feed version and the signature is an HMAC-SHA256 of
 * both under the export secret. They never expire (a calendar app polls the
 * same address for months) but stop working when the PCN's feed version is
 * raised (`calendar link reset`). Pure functions, no store.
 */

export const CALENDAR_PATH = '/api/calendar';
const PCN_ID = /^[A-Za-z0-9:._@;=-]{1,300}$/;
const FILE = /^([A-Za-z0-9_-]{1,600})\.([A-Za-z0-9_-]{43})\.ics$/;

export interface FeedParams {
  readonly pcnId: string;
  readonly version: number;
}

function mac(params: FeedParams, secret: Buffer): Buffer {
  // A JSON array keeps the fields unambiguous, and the label keeps these apart from export links.
  return createHmac('sha256', secret)
    .update(JSON.stringify(['calendar-feed-v1', params.pcnId, params.version]))
    .digest();
}

/** The path of a PCN's feed at a version (no host). */
export function signFeedPath(params: FeedParams, secret: Buffer): string {
  const feed = Buffer.from(JSON.stringify([params.pcnId, params.version]), 'utf8').toString('base64url');
  return `${CALENDAR_PATH}/${feed}.${mac(params, secret).toString('base64url')}.ics`;
}

/**
 * Reads the last part of a feed path (`<feed>.<signature>.ics`): the PCN and
 * version when the signature is genuine (compared in constant time), else undefined.
 */
export function verifyFeedFile(file: string, secret: Buffer): FeedParams | undefined {
  const m = FILE.exec(file);
  if (!m) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8'));
  } catch {
    // Not JSON: a made-up link, answered as any other bad link.
    return undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
  const [pcnId, version] = decoded as unknown[];
  if (typeof pcnId !== 'string' || !PCN_ID.test(pcnId)) return undefined;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) return undefined;
  // Compared as text: base64url's last character has spare bits, so two texts can decode to the same bytes.
  const given = Buffer.from(m[2]!, 'utf8');
  const expected = Buffer.from(mac({ pcnId, version }, secret).toString('base64url'), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { pcnId, version };
}
