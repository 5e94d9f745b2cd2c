import type { Config } from '../config';
import type { DocumentStore } from './documents';
import { Store } from './repositories';
import { SqliteDocumentStore } from './sqlite/sqlite-store';

export { Store } from './repositories';
export type { DocumentStore, Stored } from './documents';

/** Builds the configured store; nothing outside services/store knows which adapter it is. */
export function createDocumentStore(config: Config): DocumentStore {
  switch (config.store) {
    case 'sqlite':
      return new SqliteDocumentStore(config.sqlitePath);
    case 'cosmos':
      throw new Error('STORE=cosmos is not available in this build yet');
  }
}

export function createStore(config: Config): Store {
  return new Store(createDocumentStore(config));
}
