import https from 'node:https';
import { CosmosClient } from '@azure/cosmos';
import pino from 'pino';
import { loadConfig } from '../../services/config';
import { StoreBusyError } from '../../services/errors';
import { createDocumentStore } from '../../services/store';
import { CosmosDocumentStore } from '../../services/store/cosmos/cosmos-store';
import { DEFAULT_SORTABLE_FIELDS, leasesContainerDefinition, pcnContainerDefinition } from '../../services/store/cosmos/indexing';
import { type LocalCosmos, startCosmosServer } from '../support/cosmos-server';
import { documentStoreContract } from './document-store.contract';
import { CONTRACT_SORT_FIELDS } from './parts/fixtures';

/**
 * The contract against the Cosmos DB adapter, through the real @azure/cosmos
 * client to @vercel/cosmosdb-server on a random local port: a fresh database
 * per test, created by the adapter itself (createContainers).
 */
let server: LocalCosmos;
let n = 0;

beforeAll(async () => {
  server = await startCosmosServer();
});

afterAll(async () => {
  await server.stop();
});

documentStoreContract(
  'Cosmos DB',
  async () =>
    new CosmosDocumentStore({
      endpoint: server.endpoint,
      key: 'local-test-key',
      database: `contract-${++n}`,
      createContainers: true,
      allowSelfSignedCertificate: true,
      sortableFields: [...DEFAULT_SORTABLE_FIELDS, ...CONTRACT_SORT_FIELDS],
    }),
);

describe('CosmosDocumentStore (adapter-specific behaviour)', () => {
  const make = (overrides: Partial<ConstructorParameters<typeof CosmosDocumentStore>[0]> = {}) =>
    new CosmosDocumentStore({
      endpoint: server.endpoint,
      key: 'local-test-key',
      database: `adapter-${++n}`,
      createContainers: true,
      allowSelfSignedCertificate: true,
      retry: { maxAttempts: 2, maxWaitSeconds: 1 },
      ...overrides,
    });
  const isBatch = (r: { headers: Record<string, unknown> }) =>
    String(r.headers['x-ms-cosmos-is-batch-request']).toLowerCase() === 'true';
  const isQuery = (r: { headers: Record<string, unknown> }) =>
    String(r.headers['x-ms-documentdb-isquery']).toLowerCase() === 'true';
  const isDocWrite = (r: { method: string; url: string; headers: Record<string, unknown> }) =>
    /\/docs\/?$/.test(r.url) && r.method === 'POST' && !isBatch(r) && !isQuery(r);
  let store: CosmosDocumentStore;

  afterEach(async () => {
    server.clearFaults();
    await store?.close();
  });

  it('when Cosmos DB keeps answering 429 to a write, then StoreBusyError and nothing is written', async () => {
    store = make();
    await store.init();
    server.injectFault({ status: 429, match: isDocWrite });

    await expect(store.create({ pcnId: 'pcn-a', type: 'plan', id: 'plan:1' })).rejects.toBeInstanceOf(StoreBusyError);
    server.clearFaults();
    await expect(store.get('pcn-a', 'plan', 'plan:1')).resolves.toBeUndefined();
  });

  it('when a transactional batch is throttled beyond the retries, then StoreBusyError and none of it is written', async () => {
    store = make();
    await store.init();
    server.injectFault({ status: 429, match: isBatch });

    const attempt = store.batch('pcn-a', [
      { op: 'create', doc: { pcnId: 'pcn-a', type: 'answer', id: 'answer:1' } },
      { op: 'create', doc: { pcnId: 'pcn-a', type: 'answerHistory', id: 'answerHistory:1' } },
    ]);

    await expect(attempt).rejects.toBeInstanceOf(StoreBusyError);
    server.clearFaults();
    await expect(store.get('pcn-a', 'answer', 'answer:1')).resolves.toBeUndefined();
  });

  it('when Cosmos DB is unavailable (503) for reads and queries, then StoreBusyError', async () => {
    store = make();
    await store.init();
    server.injectFault({ status: 503, match: (r) => r.method === 'GET' || isQuery(r) });

    await expect(store.get('pcn-a', 'plan', 'plan:1')).rejects.toBeInstanceOf(StoreBusyError);
    await expect(store.query('pcn-a', 'plan')).rejects.toBeInstanceOf(StoreBusyError);
  });

  it("when throttling is brief, then the SDK's retries absorb it and the write succeeds", async () => {
    store = make();
    await store.init();
    server.injectFault({ status: 429, times: 2, match: isDocWrite });

    await store.create({ pcnId: 'pcn-a', type: 'plan', id: 'plan:1' });

    await expect(store.get('pcn-a', 'plan', 'plan:1')).resolves.toBeDefined();
  });

  it('when several instances start at once on a new database, then every one starts (409 from a lost create race is success)', async () => {
    const database = `adapter-${++n}`;
    const stores = Array.from({ length: 5 }, () => make({ database }));

    const results = await Promise.allSettled(stores.map((s) => s.init()));

    try {
      expect(results.map((r) => r.status)).toEqual(stores.map(() => 'fulfilled'));
      await stores[0]?.create({ pcnId: 'pcn-a', type: 'plan', id: 'plan:1' });
      await expect(stores[4]?.get('pcn-a', 'plan', 'plan:1')).resolves.toMatchObject({ id: 'plan:1' });
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('when containers are missing and creating them is off, then init fails naming the container and the setting', async () => {
    store = make({ createContainers: false });

    await expect(store.init()).rejects.toThrow(/"pcn" was not found.*COSMOS_CREATE_CONTAINERS/);
    await expect(store.ping()).resolves.toBe(false);
  });

  it('when the containers are created, then "pcn" has time to live on with no default, so only documents with a ttl expire', async () => {
    store = make();
    await store.init();
    const client = new CosmosClient({
      endpoint: server.endpoint,
      key: 'local-test-key',
      agent: new https.Agent({ rejectUnauthorized: false }),
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    try {
      const { resource } = await client.database(`adapter-${n}`).container('pcn').read();
      expect(resource?.defaultTtl).toBe(-1);
    } finally {
      client.dispose();
    }
  });

  it('when an existing "pcn" container has time to live off, then start-up warns that sent items would never expire', async () => {
    const database = `adapter-${++n}`;
    const client = new CosmosClient({
      endpoint: server.endpoint,
      key: 'local-test-key',
      agent: new https.Agent({ rejectUnauthorized: false }),
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    try {
      const { database: db } = await client.databases.createIfNotExists({ id: database });
      const { defaultTtl: _on, ...ttlOff } = pcnContainerDefinition(DEFAULT_SORTABLE_FIELDS);
      await db.containers.createIfNotExists(ttlOff);
      await db.containers.createIfNotExists(leasesContainerDefinition());
      store = make({ database, createContainers: false, logger });

      await store.init();

      expect(warnings).toEqual([expect.stringMatching(/time to live off, so sent outbox items never expire.*defaultTtl -1/)]);
    } finally {
      client.dispose();
    }
  });

  it.each([
    [{ endpoint: 'not a url' }, /not a URL/],
    [{ endpoint: 'http://cosmos.example.com/' }, /https/],
    [{ endpoint: 'https://cosmos.example.com/', allowSelfSignedCertificate: true }, /local Cosmos DB server/],
    [{ database: 'bad name!' }, /database name/],
    [{ key: ' ' }, /key is empty/],
    [{ retry: { maxAttempts: -1 } }, /maxAttempts/],
  ])('when the options are invalid (%o), then the constructor refuses them', (overrides, message) => {
    expect(() => make(overrides)).toThrow(message);
  });

  it('when STORE=cosmos is configured, then createDocumentStore builds a working Cosmos DB store', async () => {
    const config = loadConfig({
      STORE: 'cosmos',
      COSMOS_ENDPOINT: server.endpoint,
      COSMOS_KEY: 'k',
      COSMOS_ALLOW_SELF_SIGNED: '1',
    });
    const configured = createDocumentStore(config);
    store = configured as CosmosDocumentStore;

    await configured.create({ pcnId: 'pcn-a', type: 'plan', id: 'plan:1' });

    expect(configured.kind).toBe('cosmos');
    await expect(configured.get('pcn-a', 'plan', 'plan:1')).resolves.toBeDefined();
  });
});
