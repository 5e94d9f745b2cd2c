/**
 * The local Cosmos DB server in a process of its own, for benchmarks: in the
 * benchmark's process it would share one CPU core with the Teams stand-in,
 * and every instance's store call would wait behind Teams' answers.
 *
 *   -> { type: 'ready', endpoint }   once listening
 *   <- { type: 'tally' }             -> { type: 'tally', tally }: what was asked since the last tally
 *   <- { type: 'stop' }              closes and exits (as does losing the parent)
 */
import { fork } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { startCosmosServer } from '../support/cosmos-server';

/** The requests the server saw, by kind, and the bytes of its answers. */
export interface RequestTally {
  requests: number;
  pointReads: number;
  /** Query requests (not counting query plans). */
  queries: number;
  /** Query requests sent without a partition key: cross-partition. */
  unscopedQueries: number;
  /**
   * Query plan requests: @azure/cosmos 4.x asks the gateway for one beside
   * every query, with or without a partition key. The local server does not
   * know them and answers each by running the query over all it holds.
   */
  queryPlans: number;
  /** Requests for partition key ranges: the SDK asks before fanning a query out. */
  partitionRanges: number;
  /** Bytes of the server's answers, query plans left out. */
  responseBytes: number;
}

export interface CosmosProcess {
  readonly endpoint: string;
  /** What the server saw since the last call (and starts counting afresh). */
  tally(): Promise<RequestTally>;
  stop(): Promise<void>;
}

const emptyTally = (): RequestTally => ({
  requests: 0,
  pointReads: 0,
  queries: 0,
  unscopedQueries: 0,
  queryPlans: 0,
  partitionRanges: 0,
  responseBytes: 0,
});

/** Forks this file and waits for the server's address. */
export async function startCosmosProcess(): Promise<CosmosProcess> {
  const child = fork(path.join(__dirname, 'cosmos-process.js'), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`cosmos process exited early (${code})`)));
    child.on('message', (m: { type?: string; endpoint?: string }) => {
      if (m.type === 'ready' && m.endpoint) resolve(m.endpoint);
    });
  });
  return {
    endpoint,
    tally: () =>
      new Promise<RequestTally>((resolve) => {
        const answer = (m: { type?: string; tally?: RequestTally }) => {
          if (m.type !== 'tally' || !m.tally) return;
          child.off('message', answer);
          resolve(m.tally);
        };
        child.on('message', answer);
        child.send({ type: 'tally' });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}

function count(tally: RequestTally, req: IncomingMessage, res: ServerResponse): void {
  const header = (name: string) => req.headers[name] !== undefined;
  tally.requests++;
  if (req.method === 'GET' && /\/docs\/[^/]+\/?$/.test(req.url ?? '')) tally.pointReads++;
  if (/\/pkranges\/?$/.test(req.url ?? '')) tally.partitionRanges++;
  if (req.method === 'POST' && header('x-ms-cosmos-is-query-plan-request')) {
    // Azure answers with a plan of a few hundred bytes; the local server's answer (the whole result) is not counted.
    tally.queryPlans++;
    return;
  }
  if (req.method === 'POST' && header('x-ms-documentdb-isquery')) {
    tally.queries++;
    if (!header('x-ms-documentdb-partitionkey')) tally.unscopedQueries++;
  }
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const [chunk] = args;
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) tally.responseBytes += Buffer.byteLength(chunk);
    return end(...args);
  }) as typeof res.end;
}

async function serve(): Promise<void> {
  let tally = emptyTally();
  const server = await startCosmosServer({ observe: (req, res) => count(tally, req, res) });
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'stop') stop();
    if (m.type === 'tally') {
      process.send?.({ type: 'tally', tally });
      tally = emptyTally();
    }
  });
  process.on('disconnect', stop);
  process.send?.({ type: 'ready', endpoint: server.endpoint });
}

if (process.argv.includes('--serve')) {
  serve().catch((error: unknown) => {
    process.stderr.write(`cosmos process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
