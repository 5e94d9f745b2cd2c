import type { Config } from '../config';
import type { Logger } from '../logger';
import { CosmosDocumentStore } from './cosmos/cosmos-store';
import type { DocumentStore } from './documents';
import { Store } from './repositories';
import { SqliteDocumentStore } from './sqlite/sqlite-store';

export { Store } from './repositories';
export type { DocumentStore, Stored } from './documents';

/**
 * Builds the configured store; nothing outside services/store knows which adapter it is.
 * The logger, when given, hears the Cosmos DB adapter's start-up warnings.
 */
export function createDocumentStore(config: Config, logger?: Logger): DocumentStore {
  switch (config.store) {
    case 'sqlite':
      return new SqliteDocumentStore(config.sqlitePath);
    case 'cosmos':
      if (!config.cosmos.endpoint) throw new Error('STORE=cosmos needs COSMOS_ENDPOINT');
      return new CosmosDocumentStore({
        endpoint: config.cosmos.endpoint,
        key: config.cosmos.key,
        database: config.cosmos.database,
        createContainers: config.cosmos.createContainers,
        allowSelfSignedCertificate: config.cosmos.allowSelfSignedCertificate,
        logger: logger?.child({ module: 'cosmos-store' }),
      });
  }
}

export function createStore(config: Config, logger?: Logger): Store {
  return new Store(createDocumentStore(config, logger));
}
