import type { Config } from '../config';
import type { Logger } from '../logger';
import type { DocumentStore } from './documents';
import { Store } from './repositories';
import { SqliteDocumentStore } from './sqlite/sqlite-store';

export { Store } from './repositories';
export type { BatchOperation, DocumentStore, Stored } from './documents';

/**
 * Builds the configured store; nothing outside services/store knows which adapter it is.
 * The logger, when given, hears the Cosmos DB adapter's start-up warnings.
 */
export function createDocumentStore(config: Config, logger?: Logger): DocumentStore {
  switch (config.store) {
    case 'sqlite':
      return new SqliteDocumentStore(config.sqlitePath);
    case 'cosmos': {
      if (!config.cosmos.endpoint) throw new Error('STORE=cosmos needs COSMOS_ENDPOINT');
      // Loaded only when chosen: @azure/cosmos and @azure/identity would add about a third of a second
      // and tens of megabytes to every start on the embedded store.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { CosmosDocumentStore } = require('./cosmos/cosmos-store') as typeof import('./cosmos/cosmos-store');
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
}

export function createStore(config: Config, logger?: Logger): Store {
  return new Store(createDocumentStore(config, logger));
}
