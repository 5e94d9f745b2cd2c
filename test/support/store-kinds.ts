import { type LocalCosmos, startCosmosServer } from './cosmos-server';

/** Every e2e journey runs on both stores: the embedded default and Cosmos DB (local server, real client). */
export const STORE_KINDS = ['sqlite', 'cosmos'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

let databases = 0;

/**
 * Registers beforeAll/afterAll that start a local Cosmos DB server when the
 * kind is cosmos, and returns a function giving the environment for a fresh
 * store (a new database each call, so tests never share data).
 */
export function useStore(kind: StoreKind): () => Record<string, string> {
  let cosmos: LocalCosmos | undefined;
  beforeAll(async () => {
    if (kind === 'cosmos') cosmos = await startCosmosServer();
  });
  afterAll(async () => {
    await cosmos?.stop();
  });
  return (): Record<string, string> => {
    if (kind === 'sqlite') return { STORE: 'sqlite' };
    if (!cosmos) throw new Error('The local Cosmos DB server has not started');
    return {
      STORE: 'cosmos',
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: 'local-test-key',
      COSMOS_DATABASE: `e2e-${process.pid}-${++databases}`,
      COSMOS_CREATE_CONTAINERS: '1',
      COSMOS_ALLOW_SELF_SIGNED: '1',
    };
  };
}
