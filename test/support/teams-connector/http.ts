import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultAnswer } from './faults';
import type { ConnectorOperation } from './types';

/** A request mapped onto the Bot Framework REST API, with its ids decoded. */
export interface Route {
  readonly operation: ConnectorOperation;
  readonly conversationId?: string;
  readonly activityId?: string;
  readonly memberId?: string;
  readonly teamId?: string;
  readonly query: URLSearchParams;
}

/**
 * Map method and path to an operation. Ids arrive URL-encoded (they hold ':',
 * ';' and '@'), so each segment is decoded on its own. Anything before `v3`
 * is ignored, as a serviceUrl may carry a path (`/teams/`, `/_connector`).
 */
export function parseRoute(method: string, rawUrl: string): Route {
  const url = new URL(rawUrl, 'http://connector.invalid');
  const raw = url.pathname.split('/').filter((s) => s.length > 0);
  const start = raw.indexOf('v3');
  const query = url.searchParams;
  const unknown: Route = { operation: 'unknown', query };
  if (start < 0) return unknown;
  let seg: string[];
  try {
    seg = raw.slice(start + 1).map((s) => decodeURIComponent(s));
  } catch {
    return unknown;
  }
  const [root, id, sub, subId, extra] = seg;
  if (extra !== undefined) return unknown;
  if (root === 'teams' && id !== undefined && subId === undefined) {
    if (method === 'GET' && sub === undefined) return { operation: 'fetchTeamDetails', teamId: id, query };
    if (method === 'GET' && sub === 'conversations') return { operation: 'fetchChannelList', teamId: id, query };
    return unknown;
  }
  if (root !== 'conversations') return unknown;
  if (id === undefined) return method === 'POST' ? { operation: 'createConversation', query } : unknown;
  const conversationId = id;
  if (sub === 'activities') {
    if (subId === undefined) return method === 'POST' ? { operation: 'sendToConversation', conversationId, query } : unknown;
    const byMethod: Record<string, ConnectorOperation> = {
      POST: 'replyToActivity',
      PUT: 'updateActivity',
      DELETE: 'deleteActivity',
    };
    const operation = byMethod[method];
    return operation ? { operation, conversationId, activityId: subId, query } : unknown;
  }
  if (method !== 'GET') return unknown;
  if (sub === 'members' && subId === undefined) return { operation: 'getConversationMembers', conversationId, query };
  if (sub === 'members') return { operation: 'getConversationMember', conversationId, memberId: subId, query };
  if (sub === 'pagedmembers' && subId === undefined) return { operation: 'getConversationPagedMembers', conversationId, query };
  return unknown;
}

export type BodyRead = { readonly kind: 'ok'; readonly text: string } | { readonly kind: 'tooLarge'; readonly bytes: number };

/**
 * Read the whole body, but keep at most `maxBytes`: past that the rest is
 * drained and dropped, so the client sees a clean 413 rather than a reset socket.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(bytes > maxBytes ? { kind: 'tooLarge', bytes } : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }),
    );
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(text
      ? { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) }
      : { 'Content-Length': '0' }),
  });
  res.end(text);
}

/** Answer a failure the way the Bot Framework service does: `{ error: { code, message } }`. */
export function sendFault(res: ServerResponse, fault: FaultAnswer): void {
  const headers: Record<string, string> =
    fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
  sendJson(res, fault.status, { error: { code: fault.code, message: fault.message } }, headers);
}
