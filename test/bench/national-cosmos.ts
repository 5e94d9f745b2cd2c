/**
 * The queries a turn makes (bench:national's), on the local Cosmos DB server
 * and on the national SQLite file, in one run, on the same PCNs.
 *
 * The local server (@vercel/cosmosdb-server) cannot hold the nation usefully:
 * every query it answers walks every document it holds, in JavaScript, so its
 * query times grow with the whole container, not with the partition asked
 * for. We load a deterministic sample of the national PCNs (the largest and a
 * spread of sizes, each with exactly the data it has in the nation) and time
 * the queries on those PCNs in both stores. On Azure a single-partition
 * query's cost depends on the partition, not on how many partitions there are.
 *
 *   npm run bench:national:cosmos                     8 PCNs; 2000 runs per query on SQLite, 60 on the server
 *   npm run bench:national:cosmos -- --pcns 24 --cosmos-runs 300   (the server's times grow with --pcns)
 *
 * Prints, per query: documents read and shown, bytes on the wire, requests,
 * p50/p99 on both stores, and request units reasoned from Azure's published
 * costs (the local server reports a fixed charge of 1 for every request).
 * Writes test/bench/results/national-cosmos.json.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Store } from '../../services/store';
import { CosmosDocumentStore } from '../../services/store/cosmos/cosmos-store';
import type { DocumentStore } from '../../services/store/documents';
import { SqliteDocumentStore } from '../../services/store/sqlite/sqlite-store';
import { seededRandom } from '../support/teams-connector';
import { startCosmosProcess } from './cosmos-process';
import { datasetNow, NATIONAL_SEED, queries, type Query } from './national';
import { nationalSqlite } from './national/dataset';
import { loadNational } from './national/generate';
import { argValue, percentile, RESULTS_DIR, round, writeResult } from './national/report';
import { nationalShape, type PcnShape, sizeHistogram } from './national/shape';

/** One store call a query made: what kind, of which type, how many documents and bytes came back. */
interface Call {
  readonly kind: 'read' | 'query' | 'count';
  readonly type: string;
  readonly docs: number;
  readonly bytes: number;
}

/** The largest PCN, then PCNs evenly spread over the sizes, smallest included. */
export function samplePcns(shape: readonly PcnShape[], n: number): PcnShape[] {
  const bySize = [...shape].sort((a, b) => b.practices.length - a.practices.length || a.index - b.index);
  if (n >= bySize.length) return bySize;
  const picked = new Set<PcnShape>();
  for (let i = 0; i < n; i++) picked.add(bySize[Math.round((i * (bySize.length - 1)) / Math.max(1, n - 1))] as PcnShape);
  return [...picked];
}

/** The same store, telling `recorder()` (when there is one: not while timing) about every read it answers. */
function counting(inner: DocumentStore, recorder: () => ((call: Call) => void) | undefined): DocumentStore {
  const size = (x: unknown) => Buffer.byteLength(JSON.stringify(x));
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      const record = recorder();
      if (typeof value !== 'function' || !record) return value;
      if (property === 'get')
        return async (pcnId: string, type: string, id: string) => {
          const found = (await target.get(pcnId, type as never, id)) as object | undefined;
          record({ kind: 'read', type, docs: found ? 1 : 0, bytes: found ? size(found) : 0 });
          return found;
        };
      if (property === 'query')
        return async (pcnId: string, type: string, options?: object) => {
          const page = await target.query<object>(pcnId, type as never, options);
          record({ kind: 'query', type, docs: page.items.length, bytes: page.items.reduce((n, d) => n + size(d), 0) });
          return page;
        };
      if (property === 'count')
        return async (pcnId: string, type: string, where?: object) => {
          const n = await target.count(pcnId, type as never, where as never);
          record({ kind: 'count', type, docs: 0, bytes: 8 });
          return n;
        };
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

/** Store documents in a query's answer (anything with an ETag): what the person is shown from the store. */
function shown(result: unknown): number {
  if (Array.isArray(result)) return result.reduce((n: number, r) => n + shown(r), 0);
  if (result && typeof result === 'object') return typeof (result as { etag?: unknown }).etag === 'string' ? 1 : 0;
  return 0;
}

/**
 * Request units reasoned from Azure's published costs (deploy/cosmos.md): a
 * point read of up to 2 KB about 1 RU; a small single-partition query about
 * 3 RU plus about 1 RU per KB returned (Microsoft publishes no formula; this
 * errs high for large answers); a COUNT served from the index about 3 RU.
 */
function reasonedRu(calls: readonly Call[]): number {
  return calls.reduce(
    (ru, c) => ru + (c.kind === 'read' ? Math.max(1, c.bytes / 2048) : 3 + (c.kind === 'query' ? c.bytes / 1024 : 0)),
    0,
  );
}

async function time(store: Store, query: Query, pcns: readonly string[], runs: number, pick: () => string): Promise<number[]> {
  for (const p of pcns) await query(store, p);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const pcnId = pick();
    const start = performance.now();
    await query(store, pcnId);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const runs = Number(argValue('--runs') ?? 2000);
  const cosmosRuns = Number(argValue('--cosmos-runs') ?? 60);
  const size = Number(argValue('--pcns') ?? 8);
  const now = datasetNow();
  const options = { seed: NATIONAL_SEED, now, serviceUrl: 'http://127.0.0.1:9' };
  const shape = nationalShape(NATIONAL_SEED);
  const sample = samplePcns(shape, size);
  const sampleIds = sample.map((p) => p.pcnId);

  const built = await nationalSqlite(options);
  const server = await startCosmosProcess();
  const cosmosDocs = new CosmosDocumentStore({
    endpoint: server.endpoint,
    key: 'local-bench-key',
    database: 'national',
    createContainers: true,
    allowSelfSignedCertificate: true,
  });
  let calls: Call[] = [];
  let recording = false;
  const cosmos = new Store(counting(cosmosDocs, () => (recording ? (c) => calls.push(c) : undefined)));
  const sqlite = new Store(new SqliteDocumentStore(built.file));
  try {
    await Promise.all([cosmos.init(), sqlite.init()]);
    const loadStarted = Date.now();
    const counts = await loadNational(cosmos, {
      ...options,
      only: new Set(sample.map((p) => p.index)),
      onPcn: (done, total) => done % Math.ceil(total / 4) === 0 && process.stderr.write(`  loaded ${done}/${total} PCNs\n`),
    });
    const loadMs = Date.now() - loadStarted;
    // Every count is of documents; each PCN also has its team's conversation reference.
    const documents = Object.values(counts).reduce((a, b) => a + b, 0) + counts.pcns;
    process.stdout.write(
      `Local Cosmos DB server: ${sample.length} of ${shape.length} national PCNs, sizes ${JSON.stringify(sizeHistogram(sample))}\n` +
        `  ${JSON.stringify(counts)}\n` +
        `  loaded in ${(loadMs / 1000).toFixed(1)} s through the Store (${(loadMs / sample.length).toFixed(0)} ms a PCN; ` +
        `the nation would take about ${((loadMs / sample.length) * shape.length) / 60_000 < 1 ? '<1' : (((loadMs / sample.length) * shape.length) / 60_000).toFixed(0)} min)\n` +
        `SQLite: the whole nation (${built.file}${built.cached ? ', cached' : ''})\n` +
        `The server walks all ${documents.toLocaleString('en-GB')}-odd documents it holds on every query, so its times grow with the sample; Azure's do not.\n`,
    );
    await server.tally();

    const random = seededRandom(99);
    const pick = () => sampleIds[Math.floor(random() * sampleIds.length)] as string;
    const results: Record<string, object> = {};
    const typeBytes: Record<string, { docs: number; bytes: number }> = {};
    process.stdout.write(
      `Queries a turn makes on the sampled PCNs, ${runs} runs each on SQLite and ${cosmosRuns} on the server, ${os.cpus().length} CPUs:\n`,
    );
    for (const [name, query] of Object.entries(queries(now))) {
      // What each query reads, once per sampled PCN, on Cosmos DB (the server counts requests and bytes).
      calls = [];
      recording = true;
      let shownDocs = 0;
      let maxRead = 0;
      for (const p of sampleIds) {
        const before = calls.length;
        shownDocs += shown(await query(cosmos, p));
        maxRead = Math.max(
          maxRead,
          calls.slice(before).reduce((n, c) => n + c.docs, 0),
        );
      }
      recording = false;
      const tally = await server.tally();
      const per = (x: number) => x / sampleIds.length;
      for (const c of calls.filter((k) => k.kind !== 'count')) {
        const t = (typeBytes[c.type] ??= { docs: 0, bytes: 0 });
        t.docs += c.docs;
        t.bytes += c.bytes;
      }
      const read = per(calls.reduce((n, c) => n + c.docs, 0));
      const ru = per(reasonedRu(calls));
      const sqliteTimes = await time(sqlite, query, sampleIds, runs, pick);
      const cosmosTimes = await time(cosmos, query, sampleIds, cosmosRuns, pick);
      await server.tally();
      const figures = {
        requests: round(per(tally.requests), 1),
        queryPlanRequests: round(per(tally.queryPlans), 1),
        documentsRead: round(read, 1),
        documentsReadMax: maxRead,
        documentsShown: round(per(shownDocs), 1),
        kbOnTheWire: round(per(tally.responseBytes) / 1024, 1),
        crossPartitionQueries: tally.unscopedQueries + tally.partitionRanges,
        sqliteMs: { p50: round(percentile(sqliteTimes, 50)), p99: round(percentile(sqliteTimes, 99)) },
        cosmosLocalMs: { p50: round(percentile(cosmosTimes, 50), 2), p99: round(percentile(cosmosTimes, 99), 2) },
        ruReasoned: round(ru, 1),
      };
      results[name] = figures;
      process.stdout.write(
        `  ${name}\n    ${figures.requests} requests (${figures.queryPlanRequests} of them query plans), ${figures.documentsRead} documents read (max ${maxRead}), ${figures.documentsShown} shown, ` +
          `${figures.kbOnTheWire} KB on the wire, about ${figures.ruReasoned} RU (reasoned)` +
          `${figures.crossPartitionQueries ? `, ${figures.crossPartitionQueries} CROSS-PARTITION requests` : ', one partition'}\n` +
          `    SQLite p50 ${figures.sqliteMs.p50} ms p99 ${figures.sqliteMs.p99} ms${figures.sqliteMs.p99 < 5 ? '' : ' OVER 5 ms'}; ` +
          `local Cosmos DB server p50 ${figures.cosmosLocalMs.p50} ms p99 ${figures.cosmosLocalMs.p99} ms ` +
          `(x${(figures.cosmosLocalMs.p99 / Math.max(figures.sqliteMs.p99, 0.001)).toFixed(0)})\n`,
      );
    }
    const averageBytes = Object.fromEntries(
      Object.entries(typeBytes).map(([type, t]) => [type, t.docs ? Math.round(t.bytes / t.docs) : 0]),
    );
    process.stdout.write(
      `Average document size by type, bytes without Cosmos DB's system fields: ${JSON.stringify(averageBytes)}\n`,
    );
    const file = writeResult('national-cosmos.json', {
      at: new Date().toISOString(),
      machine: `${os.cpus().length} CPUs, Node ${process.version}`,
      sample: { pcns: sample.length, of: shape.length, sizes: sizeHistogram(sample), counts, loadMs },
      runs,
      cosmosRuns,
      averageBytes,
      queries: results,
      ruNote: 'reasoned from Azure published costs; the local server reports a fixed 1 RU per request',
      targetSqliteP99Ms: 5,
      met: Object.values(results).every((r) => (r as { sqliteMs: { p99: number } }).sqliteMs.p99 < 5),
    });
    process.stdout.write(`Written ${path.relative(process.cwd(), file)} (${RESULTS_DIR})\n`);
  } finally {
    await Promise.allSettled([cosmos.close(), sqlite.close()]);
    await server.stop();
  }
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
