import { DEFAULT_PCN_SETTINGS, type Pcn } from '../../services/domain';
import { loadConfig } from '../../services/config';
import { createStore, type Store } from '../../services/store';
import { type LocalCosmos, startCosmosServer } from '../support/cosmos-server';

/**
 * The Cosmos DB Linux emulator serves plain http on localhost by default
 * (http://localhost:8081/). STORE=cosmos with such an endpoint must work
 * through the real @azure/cosmos client: no TLS agent, no endpoint discovery
 * (a local server advertises addresses the bot cannot reach).
 */
let server: LocalCosmos;
let n = 0;
let store: Store | undefined;

beforeAll(async () => {
  server = await startCosmosServer({ http: true });
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const pcn = (pcnId: string): Pcn => ({
  pcnId,
  tenantId: 'tenant-1',
  teamId: 'team-1',
  name: 'Riverside PCN',
  admins: [{ aadObjectId: 'admin-1', name: 'Dr Admin' }],
  postingChannel: { id: 'team-1', name: 'General' },
  serviceUrl: 'https://smba.example/uk/',
  botId: 'bot-1',
  installedAt: '2027-01-04T09:00:00.000Z',
  active: true,
  settings: DEFAULT_PCN_SETTINGS,
  odsCodes: {},
});

describe('STORE=cosmos on a plain http endpoint on this machine (the emulator default)', () => {
  it.each([
    ['127.0.0.1', {}],
    ['localhost', {}],
    ['127.0.0.1, with COSMOS_ALLOW_SELF_SIGNED=1 as emulator guides suggest', { COSMOS_ALLOW_SELF_SIGNED: '1' }],
  ])('when the endpoint is http on %s, then the store starts, writes and reads back', async (host, extra) => {
    const endpoint = server.endpoint.replace('127.0.0.1', host.split(',')[0]);
    expect(endpoint).toMatch(/^http:\/\//);
    store = createStore(
      loadConfig({
        STORE: 'cosmos',
        COSMOS_ENDPOINT: endpoint,
        COSMOS_KEY: 'local-test-key',
        COSMOS_DATABASE: `http-${++n}`,
        COSMOS_CREATE_CONTAINERS: '1',
        ...extra,
      }),
    );

    await store.init();
    await store.pcns.create(pcn('tenant-1:team-1'));

    expect(store.kind).toBe('cosmos');
    await expect(store.pcns.get('tenant-1:team-1')).resolves.toMatchObject({ name: 'Riverside PCN' });
  });
});
