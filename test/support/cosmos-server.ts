import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Starts @vercel/cosmosdb-server (the real Cosmos DB REST API, in memory, HTTPS
 * with a self-signed certificate, or plain http as the Cosmos DB Linux
 * emulator serves by default) in this process on a free port, for the
 * contract suite, e2e tests and `npm run start:cosmos`.
 *
 * Fidelity fixes: the server's transactional batch applies operations one by
 * one and keeps the earlier ones when a later one fails; Azure Cosmos DB rolls
 * the whole batch back (and answers 207 with 424 for the others). We install an
 * all-or-nothing batch handler before the server loads its routes. It also
 * reads each operation's partition key from the batch header, as Azure does.
 * And the server ignores time to live: before serving a request (at most every
 * 100 ms) we delete what Azure would have expired by then, with Azure's rules
 * (a container without defaultTtl ignores items' ttl; -1 never expires).
 */
export interface LocalCosmos {
  /** For example https://127.0.0.1:51234/ (http://... when started with `http: true`) */
  readonly endpoint: string;
  /** Answer matching requests with a fault instead of serving them (throttling and outage tests). */
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

export interface FaultRule {
  readonly status: 429 | 503;
  /** How many matching requests to fail; persistent when absent. */
  readonly times?: number;
  readonly match?: (request: {
    readonly method: string;
    readonly url: string;
    readonly headers: IncomingMessage['headers'];
  }) => boolean;
}

interface DocumentsInternals {
  _data: Map<unknown, { read(): unknown }>;
  _index: Map<unknown, unknown>;
  _ridCount: number;
  delete(idOrRid: string, partition: unknown): void;
}
interface Collection {
  read(): unknown;
  documents: DocumentsInternals;
}
/** What the time-to-live sweep walks: every database's every collection. */
interface AccountInternals {
  databases: { _data: Map<unknown, { collections: { _data: Map<unknown, Collection> } }> };
}
type RouteHandler = (account: unknown, req: IncomingMessage, res: ServerResponse, params: unknown) => Promise<unknown>;
interface Account {
  database(id: string): { collection(id: string): Collection };
}
type BatchHandler = (
  account: Account,
  req: IncomingMessage,
  res: ServerResponse,
  params: { dbId: string; collId: string },
) => Promise<unknown>;
type Operations = Record<
  'createOperation' | 'upsertOperation' | 'readOperation' | 'deleteOperation' | 'replaceOperation',
  (c: Collection, input: unknown) => { statusCode: number; body?: { _etag?: unknown } }
>;

/* eslint-disable @typescript-eslint/no-require-imports -- the patch must run before the server's routes module loads */
const operations = require('@vercel/cosmosdb-server/lib/handler/_document-operations') as Operations;
const readJson = (require('@vercel/cosmosdb-server/lib/json') as { default: (req: IncomingMessage) => Promise<unknown> }).default;
const batchModule = require('@vercel/cosmosdb-server/lib/handler/batch-documents') as { default: BatchHandler };

const byType: Record<string, keyof Operations> = {
  Create: 'createOperation',
  Upsert: 'upsertOperation',
  Read: 'readOperation',
  Delete: 'deleteOperation',
  Replace: 'replaceOperation',
};

const atomicBatch: BatchHandler = async (account, req, res, { dbId, collId }) => {
  const body = await readJson(req);
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) {
    res.statusCode = 404;
    return {};
  }
  if (!Array.isArray(body)) {
    res.statusCode = 400;
    return { message: 'Invalid request body' };
  }
  const docs = collection.documents;
  const saved = { data: new Map(docs._data), index: new Map(docs._index), ridCount: docs._ridCount };
  const results: { statusCode: number; requestCharge: number; eTag?: unknown; resourceBody?: unknown }[] = [];
  // Azure takes each operation's partition key from the batch's header; the local server wants it on every operation.
  const batchPartition = req.headers['x-ms-documentdb-partitionkey'];
  for (const input of body as { operationType?: string; partitionKey?: unknown }[]) {
    const run = byType[input?.operationType ?? ''];
    if (input && input.partitionKey === undefined) input.partitionKey = batchPartition;
    if (!run) {
      Object.assign(docs, { _data: saved.data, _index: saved.index, _ridCount: saved.ridCount });
      res.statusCode = 400;
      return { message: `Operation type '${input?.operationType}' is not supported in Batch.` };
    }
    const result = operations[run](collection, input);
    if (result.statusCode >= 400) {
      // Roll back, then report as Azure does: the culprit's status, 424 for every other operation.
      Object.assign(docs, { _data: saved.data, _index: saved.index, _ridCount: saved.ridCount });
      res.statusCode = 207;
      return body.map((_, i) => ({ statusCode: i === results.length ? result.statusCode : 424, requestCharge: 0 }));
    }
    results.push({ statusCode: result.statusCode, requestCharge: 1, eTag: result.body?._etag, resourceBody: result.body });
  }
  return results;
};
batchModule.default = atomicBatch;

const { createHttpServer, createHttpsServer } = require('@vercel/cosmosdb-server') as typeof import('@vercel/cosmosdb-server');
const routesModule = require('@vercel/cosmosdb-server/lib/routes') as {
  default: (req: object) => [unknown, RouteHandler] | undefined;
};
/* eslint-enable @typescript-eslint/no-require-imports */
const routes = routesModule.default;

const probe = routes({ method: 'POST', url: '/dbs/d/colls/c/docs', headers: { 'x-ms-cosmos-is-batch-request': 'True' } });
if (!probe || probe[1] !== atomicBatch) {
  throw new Error('cosmos-server: @vercel/cosmosdb-server was loaded before the atomic batch handler could be installed');
}

const SWEEP_EVERY_MS = 100;
const lastSweep = new WeakMap<object, number>();

/** Deletes every document Azure would have expired by now: `_ts + ttl` passed, in a container with TTL on. */
function expireDocuments(account: AccountInternals): void {
  const now = Date.now();
  if (now - (lastSweep.get(account) ?? 0) < SWEEP_EVERY_MS) return;
  lastSweep.set(account, now);
  for (const database of account.databases._data.values()) {
    for (const collection of database.collections._data.values()) {
      const defaultTtl = (collection.read() as { defaultTtl?: unknown } | undefined)?.defaultTtl;
      if (typeof defaultTtl !== 'number') continue; // TTL off: Azure ignores items' ttl too
      const documents = collection.documents;
      for (const item of [...documents._data.values()]) {
        const doc = item.read() as { _rid: string; _ts: number; ttl?: unknown };
        const ttl = typeof doc.ttl === 'number' ? doc.ttl : defaultTtl;
        // By resource id, which the server falls back to when no id index entry matches.
        if (ttl > 0 && doc._ts + ttl <= now / 1000) documents.delete(doc._rid, undefined);
      }
    }
  }
}

// The server looks its routes up on every request, so wrapping them runs the sweep before each one is served.
routesModule.default = (req) => {
  const route = routes(req);
  if (!route) return route;
  const [params, handler] = route;
  return [
    params,
    (account, ...rest) => {
      expireDocuments(account as AccountInternals);
      return handler(account, ...rest);
    },
  ];
};

/**
 * Starts the server on 127.0.0.1 (port 0 = any free port); `http: true` serves plain http instead of https.
 * `observe` sees every request before it is served, with its response (benchmarks count requests and bytes).
 */
export async function startCosmosServer(
  options: {
    readonly port?: number;
    readonly http?: boolean;
    readonly observe?: (req: IncomingMessage, res: ServerResponse) => void;
  } = {},
): Promise<LocalCosmos> {
  const server: Server = options.http ? createHttpServer() : createHttpsServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let faults: { rule: FaultRule; left: number }[] = [];
  const [serve] = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    options.observe?.(req, res);
    const view = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    const fault = faults.find((f) => f.left > 0 && (!f.rule.match || f.rule.match(view)));
    if (!fault) return serve(req, res);
    fault.left -= 1;
    req.resume();
    const code = fault.rule.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable';
    res.writeHead(fault.rule.status, {
      'content-type': 'application/json',
      'x-ms-retry-after-ms': '1',
      'x-ms-request-charge': '0',
    });
    res.end(JSON.stringify({ code, message: `Injected ${fault.rule.status} (${code})` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `${options.http ? 'http' : 'https'}://127.0.0.1:${port}/`,
    injectFault: (rule) => faults.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY }),
    clearFaults: () => {
      faults = [];
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        sockets.forEach((s) => s.destroy());
      }),
  };
}
