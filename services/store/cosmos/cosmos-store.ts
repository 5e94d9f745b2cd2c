import https from 'node:https';
import { type Container, CosmosClient, type CosmosClientOptions, type Database, type PluginConfig } from '@azure/cosmos';
import { AlreadyExistsError, ConflictError } from '../../errors';
import {
  assertTtl,
  type BatchOperation,
  type DocType,
  type DocumentStore,
  type Lease,
  type NewDocument,
  type Page,
  pageSize,
  type QueryOptions,
  type Stored,
  stripSystemFields,
} from '../documents';
import { runBatch } from './cosmos-batch';
import { assertCosmosId, assertPartition, fromCosmos } from './cosmos-documents';
import { guard, recordBatchStatus, statusOf } from './cosmos-errors';
import { CosmosLeases } from './cosmos-leases';
import { type CosmosStoreOptions, resolveCosmosOptions, type ResolvedCosmosOptions } from './cosmos-options';
import { buildCount, buildQuery, decodeContinuation, encodeContinuation } from './cosmos-query';
import { LEASES_CONTAINER, leasesContainerDefinition, PCN_CONTAINER, pcnContainerDefinition } from './indexing';

const DELETE_ATTEMPTS = 5;

interface Connection {
  readonly client: CosmosClient;
  readonly pcn: Container;
  readonly leases: Container;
}

/**
 * The production store: Azure Cosmos DB for NoSQL, with the same meaning as
 * the SQLite adapter (the contract suite in test/contract runs on both).
 * Container `pcn` (partition /pcnId) holds every document a PCN owns; container
 * `leases` (partition /id) holds scheduler leases. Connects lazily, once.
 */
export class CosmosDocumentStore implements DocumentStore {
  readonly kind = 'cosmos' as const;
  private readonly options: ResolvedCosmosOptions;
  private readonly leases = new CosmosLeases(async () => (await this.connect()).leases);
  private connecting?: Promise<Connection>;

  constructor(options: CosmosStoreOptions) {
    this.options = resolveCosmosOptions(options);
  }

  async init(): Promise<void> {
    await this.connect();
  }

  /** Once only; a failed attempt is forgotten so the next call can try again. */
  private connect(): Promise<Connection> {
    this.connecting ??= this.open().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  private async open(): Promise<Connection> {
    const client = new CosmosClient(await this.clientOptions());
    try {
      const pcnDefinition = pcnContainerDefinition(this.options.sortableFields);
      let database: Database;
      if (this.options.createContainers) {
        // Every instance may start at once on a new account: createIfNotExists reads, then creates, so two
        // starting together both read 404 and one of them gets 409. That one lost a race it did not need to win.
        await alreadyExistsIsFine('create database', () => client.databases.createIfNotExists({ id: this.options.database }));
        database = client.database(this.options.database);
        await alreadyExistsIsFine('create containers', () => database.containers.createIfNotExists(pcnDefinition));
        await alreadyExistsIsFine('create containers', () => database.containers.createIfNotExists(leasesContainerDefinition()));
      } else {
        database = client.database(this.options.database);
      }
      const pcn = database.container(PCN_CONTAINER);
      const leases = database.container(LEASES_CONTAINER);
      await this.checkContainers(pcn, leases, pcnDefinition.indexingPolicy?.compositeIndexes?.length ?? 0);
      return { client, pcn, leases };
    } catch (error) {
      client.dispose();
      throw error;
    }
  }

  private async clientOptions(): Promise<CosmosClientOptions> {
    const { endpoint, key, local, acceptSelfSigned, retry } = this.options;
    // Plugins are not in the public options type, though exported; see cosmos-errors.ts for why we need one.
    const options: CosmosClientOptions & { plugins: PluginConfig[] } = {
      endpoint,
      connectionPolicy: {
        // A local server has one region and no discovery to do; the addresses it advertises may not even be
        // reachable (the local test server names https://host:port/ while serving plain http).
        enableEndpointDiscovery: !local,
        retryOptions: { maxRetryAttemptCount: retry.maxAttempts, maxWaitTimeInSeconds: retry.maxWaitSeconds },
      },
      plugins: [recordBatchStatus],
      userAgentSuffix: 'pcn-social-media-bot',
      // Only for https: an https agent on an http endpoint fails every request.
      ...(acceptSelfSigned ? { agent: new https.Agent({ rejectUnauthorized: false }) } : {}),
    };
    if (key) return { ...options, key };
    const credential = this.options.credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
    return { ...options, aadCredentials: credential };
  }

  /** Fails at start, with a clear line, when production containers are missing or lack the indexes queries need. */
  private async checkContainers(pcn: Container, leases: Container, compositeCount: number): Promise<void> {
    const [pcnRead] = await Promise.all([
      guard('read container', () => pcn.read()).catch((e: unknown) =>
        Promise.reject(missing(e, PCN_CONTAINER, this.options.database)),
      ),
      guard('read container', () => leases.read()).catch((e: unknown) =>
        Promise.reject(missing(e, LEASES_CONTAINER, this.options.database)),
      ),
    ]);
    const have = pcnRead.resource?.indexingPolicy?.compositeIndexes?.length ?? 0;
    if (have < compositeCount) {
      this.options.logger?.warn(
        { have, need: compositeCount },
        'Cosmos DB container "pcn" has fewer composite indexes than the adapter expects; some ordered queries will fail',
      );
    }
    const defaultTtl = pcnRead.resource?.defaultTtl;
    if (defaultTtl === undefined || defaultTtl === null) {
      // With time to live off, Cosmos DB ignores every document's ttl: sent outbox items would be kept for ever.
      this.options.logger?.warn(
        'Cosmos DB container "pcn" has time to live off, so sent outbox items never expire; turn it on with no default (defaultTtl -1), see deploy/cosmos.md',
      );
    }
  }

  private async pcnContainer(): Promise<Container> {
    return (await this.connect()).pcn;
  }

  async get<T>(pcnId: string, type: DocType, id: string): Promise<Stored<T> | undefined> {
    const found = await this.readRaw(pcnId, id);
    return found && found.type === type ? fromCosmos<T>(found) : undefined;
  }

  private async readRaw(pcnId: string, id: string): Promise<({ type: DocType; _etag: string } & object) | undefined> {
    assertPartition(pcnId);
    assertCosmosId(id);
    const container = await this.pcnContainer();
    const response = await guard('read', () => container.item(id, pcnId).read<{ type: DocType; _etag: string }>());
    return response.resource;
  }

  async create<T>(doc: NewDocument<T>): Promise<Stored<T>> {
    const body = this.prepare(doc);
    const container = await this.pcnContainer();
    try {
      const { resource } = await guard('create', () => container.items.create(body));
      return fromCosmos<T>(resource as object);
    } catch (error) {
      if (statusOf(error) === 409) throw new AlreadyExistsError(`${doc.type} ${doc.id} already exists in ${doc.pcnId}`);
      throw error;
    }
  }

  async replace<T>(doc: NewDocument<T>, ifMatch: string): Promise<Stored<T>> {
    const body = this.prepare(doc);
    const container = await this.pcnContainer();
    try {
      const { resource } = await guard('replace', () =>
        container.item(doc.id, doc.pcnId).replace(body, { accessCondition: { type: 'IfMatch', condition: ifMatch } }),
      );
      return fromCosmos<T>(resource as object);
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 || status === 404)
        throw new ConflictError(`${doc.type} ${doc.id} changed or vanished since it was read`);
      throw error;
    }
  }

  async upsert<T>(doc: NewDocument<T>): Promise<Stored<T>> {
    const body = this.prepare(doc);
    const container = await this.pcnContainer();
    const { resource } = await guard('upsert', () => container.items.upsert(body));
    return fromCosmos<T>(resource as object);
  }

  /**
   * SQLite deletes only a document of the given type; Cosmos DB has no such
   * condition, so we read first and delete conditional on the ETag we saw.
   */
  async delete(pcnId: string, type: DocType, id: string, ifMatch?: string): Promise<void> {
    const container = await this.pcnContainer();
    for (let attempt = 1; attempt <= DELETE_ATTEMPTS; attempt++) {
      const found = await this.readRaw(pcnId, id);
      if ((found && found.type !== type) || (!found && ifMatch === undefined)) {
        if (ifMatch === undefined) return;
        throw new ConflictError(`${type} ${id} changed or vanished since it was read`);
      }
      // With the caller's ETag the service decides (a read may lag another instance's write); without, ours pins the read.
      const condition = ifMatch ?? (found as { _etag: string })._etag;
      try {
        await guard('delete', () => container.item(id, pcnId).delete({ accessCondition: { type: 'IfMatch', condition } }));
        return;
      } catch (error) {
        const status = statusOf(error);
        if (status !== 412 && status !== 404) throw error;
        if (ifMatch !== undefined) throw new ConflictError(`${type} ${id} changed or vanished since it was read`);
      }
    }
    throw new ConflictError(`${type} ${id} kept changing while being deleted`);
  }

  async query<T>(pcnId: string, type: DocType, options?: QueryOptions): Promise<Page<T>> {
    assertPartition(pcnId);
    return this.runQuery<T>(pcnId, type, options);
  }

  async queryAllPartitions<T>(type: DocType, options?: QueryOptions): Promise<Page<T>> {
    return this.runQuery<T>(undefined, type, options);
  }

  /** One aggregate query in the partition, served from the index; partial counts, if the SDK pages them, are summed. */
  async count(pcnId: string, type: DocType, where?: QueryOptions['where']): Promise<number> {
    assertPartition(pcnId);
    const container = await this.pcnContainer();
    const spec = buildCount(type, pcnId, where);
    const { resources } = await guard('count', () => container.items.query<number>(spec, { partitionKey: pcnId }).fetchAll());
    return resources.reduce((sum, n) => sum + n, 0);
  }

  /** Fills the page across the SDK's own pages, which may come back short. */
  private async runQuery<T>(pcnId: string | undefined, type: DocType, options?: QueryOptions): Promise<Page<T>> {
    const limit = pageSize(options);
    const spec = buildQuery(type, pcnId, options, this.options.sortableFields);
    let token = decodeContinuation(options?.continuation);
    const container = await this.pcnContainer();
    const items: Stored<T>[] = [];
    do {
      const iterator = container.items.query(spec, {
        maxItemCount: limit - items.length,
        continuationToken: token,
        ...(pcnId !== undefined ? { partitionKey: pcnId } : {}),
      });
      const page = await guard('query', () => iterator.fetchNext());
      items.push(...page.resources.map((r: object) => fromCosmos<T>(r)));
      token = page.continuationToken || undefined;
    } while (token && items.length < limit);
    return { items, continuation: token ? encodeContinuation(token) : undefined };
  }

  async batch(pcnId: string, operations: readonly BatchOperation[]): Promise<Stored<object>[]> {
    assertPartition(pcnId);
    const container = await this.pcnContainer();
    return runBatch(container, pcnId, operations, async (id) => {
      const found = await this.readRaw(pcnId, id);
      return found && { type: found.type, etag: found._etag };
    });
  }

  claimLease(id: string, owner: string, ttlMs: number, now: Date): Promise<Lease | undefined> {
    return this.leases.claim(id, owner, ttlMs, now);
  }

  releaseLease(id: string, owner: string): Promise<void> {
    return this.leases.release(id, owner);
  }

  /** Nothing to do: Cosmos DB deletes documents whose ttl has passed by itself, with spare throughput. */
  async purgeExpired(): Promise<number> {
    return 0;
  }

  /** A point read of a document that need not exist: about 1 RU, and proves data-plane access. */
  async ping(): Promise<boolean> {
    try {
      const { leases } = await this.connect();
      const response = await leases.item('healthz', 'healthz').read();
      return response.statusCode === 200 || response.statusCode === 404;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    if (!connecting) return;
    const connection = await connecting.catch(() => undefined);
    connection?.client.dispose();
  }

  private prepare<T>(doc: NewDocument<T>): NewDocument<T> {
    assertPartition(doc.pcnId);
    assertCosmosId(doc.id);
    assertTtl(doc);
    return stripSystemFields(doc);
  }
}

/** Runs a create; 409 (another instance created it between our read and our create) counts as success. */
async function alreadyExistsIsFine(what: string, create: () => Promise<unknown>): Promise<void> {
  try {
    await guard(what, create);
  } catch (error) {
    if (statusOf(error) !== 409) throw error;
  }
}

function missing(error: unknown, container: string, database: string): unknown {
  if (statusOf(error) !== 404) return error;
  return new Error(
    `Cosmos DB container "${container}" was not found in database "${database}". ` +
      'Create it (deploy/cosmos.md) or set COSMOS_CREATE_CONTAINERS=1 for local use.',
  );
}
