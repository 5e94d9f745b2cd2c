import { Store } from '../../services/store';
import { CosmosDocumentStore } from '../../services/store/cosmos/cosmos-store';
import { SqliteDocumentStore } from '../../services/store/sqlite/sqlite-store';
import { loadNational, type NationalOptions } from '../bench/national/generate';
import { type LocalCosmos, startCosmosServer } from '../support/cosmos-server';
import { dump } from '../bench/national/dump';

const SMALL: NationalOptions = {
  seed: 11,
  now: new Date('2026-12-01T10:00:00Z'),
  serviceUrl: 'http://127.0.0.1:1',
  pcns: 3,
  practices: 12,
  quarters: 2,
  plansPerPractice: 3,
};

let server: LocalCosmos;
beforeAll(async () => {
  server = await startCosmosServer();
});
afterAll(async () => {
  await server.stop();
});

describe('the national data generator on Cosmos DB', () => {
  it('when loaded into Cosmos DB and into SQLite from one seed, then both hold the same documents', async () => {
    const cosmos = new Store(
      new CosmosDocumentStore({
        endpoint: server.endpoint,
        key: 'local-test-key',
        database: 'national-small',
        createContainers: true,
        allowSelfSignedCertificate: true,
      }),
    );
    const sqlite = new Store(new SqliteDocumentStore(':memory:'));
    await Promise.all([cosmos.init(), sqlite.init()]);
    const [inCosmos, inSqlite] = await Promise.all([loadNational(cosmos, SMALL), loadNational(sqlite, SMALL)]);
    expect(inCosmos).toEqual(inSqlite);
    expect(await dump(cosmos)).toEqual(await dump(sqlite));
    await Promise.all([cosmos.close(), sqlite.close()]);
  });
});
