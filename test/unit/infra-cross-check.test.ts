import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ActivityHandler } from 'botbuilder';
import type { BotAdapter } from '../../bot/adapter';
import type { InboundGate } from '../../bot/inbound-gate';
import { createServer, HEALTH_PATH } from '../../bot/server';
import { bicepContainers, CONTAINERS_FILE } from '../../deploy/tools/cosmos-containers';
import { CONFIG_VARIABLES, loadConfig } from '../../services/config';
import { createLogger } from '../../services/logger';
import type { Store } from '../../services/store';
import { LEASES_CONTAINER, PCN_CONTAINER } from '../../services/store/cosmos/indexing';
import {
  literal,
  nested,
  objectLiterals,
  parameterDefault,
  parameterNames,
  properties,
  resource,
  variable,
} from '../support/bicep-text';

/**
 * The Bicep template (deploy/infra/main.bicep) cannot be compiled here, so
 * this reads its text and holds it to the code it deploys: app settings to
 * the config schema, containers to the Store's definitions, the health check
 * to the server's route. Any drift fails here, before a deployment does.
 */

const root = path.join(__dirname, '../..');
const infra = path.join(root, 'deploy', 'infra');
const bicep = fs.readFileSync(path.join(infra, 'main.bicep'), 'utf8');

/**
 * Read by libraries and the runtime, not by services/config.ts: @azure/identity picks the user-assigned identity
 * by AZURE_CLIENT_ID; Node reads NODE_OPTIONS (heap bounds) and glibc MALLOC_ARENA_MAX (README, Memory on App Service).
 */
const READ_BY_LIBRARIES = new Set(['AZURE_CLIENT_ID', 'NODE_OPTIONS', 'MALLOC_ARENA_MAX']);

/** What App Service passes for each setting that is an expression in the Bicep (Key Vault references resolved). */
const SAMPLE_VALUES: Record<string, string> = {
  COSMOS_ENDPOINT: 'https://pcn-riverside-abc.documents.azure.com:443/',
  AZURE_CLIENT_ID: '0b6c1f7e-3a52-4d8e-9f10-2c4b7a9e5d31',
  MicrosoftAppId: '0b6c1f7e-3a52-4d8e-9f10-2c4b7a9e5d31',
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppTenantId: '7d3e2f1a-9b8c-4d5e-8f6a-1b2c3d4e5f60',
  ALLOWED_TENANTS: '7d3e2f1a-9b8c-4d5e-8f6a-1b2c3d4e5f60',
  PUBLIC_URL: 'https://pcn-riverside-abc.azurewebsites.net',
  EXPORT_SECRET: 'k'.repeat(64),
  COSMOS_DATABASE: 'pcn-bot',
  APPLICATIONINSIGHTS_CONNECTION_STRING:
    'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/',
  MicrosoftAppPassword: 'client secret from Key Vault',
};

/** The site's app settings: `properties: union(a, b)` of variables, each an object or a ternary of objects. */
function appSettings(): { always: Map<string, string>; conditional: Map<string, string> } {
  const config = resource(bicep, 'siteSettings');
  expect(config.type).toMatch(/^Microsoft\.Web\/sites\/config@/);
  expect(properties(config.body).get('name')).toBe("'appsettings'");
  const union = /^union\((.*)\)$/.exec(properties(config.body).get('properties') ?? '');
  if (!union) throw new Error('siteSettings.properties is expected to be union(<vars>)');
  const always = new Map<string, string>();
  const conditional = new Map<string, string>();
  for (const name of union[1].split(',').map((s) => s.trim())) {
    const objects = objectLiterals(variable(bicep, name));
    const target = objects.length > 1 ? conditional : always;
    for (const object of objects) properties(object).forEach((value, key) => target.set(key, value));
  }
  return { always, conditional };
}

/** The environment App Service would give the bot: literals as written, expressions as samples. */
function productionEnvironment(settings: Map<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  settings.forEach((value, key) => {
    const plain = literal(value);
    if (plain === undefined && !(key in SAMPLE_VALUES)) throw new Error(`Add a sample value for ${key} (${value})`);
    env[key] = plain ?? SAMPLE_VALUES[key];
  });
  return env;
}

describe('the Bicep template against the code it deploys', () => {
  it('when the app settings are read, then each is a variable the config schema declares (or one a library reads)', () => {
    const { always, conditional } = appSettings();
    const names = [...always.keys(), ...conditional.keys()];

    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !CONFIG_VARIABLES.includes(n) && !READ_BY_LIBRARIES.has(n))).toEqual([]);
  });

  it('when the app settings are read, then everything a registered bot needs is set, and no Cosmos DB key', () => {
    const { always, conditional } = appSettings();

    expect([...always.keys()]).toEqual(
      expect.arrayContaining([
        'STORE',
        'COSMOS_ENDPOINT',
        'COSMOS_DATABASE',
        'AZURE_CLIENT_ID',
        'MicrosoftAppId',
        'MicrosoftAppType',
        'MicrosoftAppTenantId',
        'ALLOWED_TENANTS',
        'PUBLIC_URL',
        'EXPORT_SECRET',
        'APPLICATIONINSIGHTS_CONNECTION_STRING',
      ]),
    );
    expect([...conditional.keys()]).toEqual(['MicrosoftAppPassword']);
    expect(always.has('COSMOS_KEY')).toBe(false);
    // Instances share Teams' per-app rate among those alive; a fixed per-instance rate would not follow a stopped one.
    expect(always.get('TEAMS_APP_RATE_PER_SECOND')).toBe("'50'");
    expect(always.has('TEAMS_RATE_PER_SECOND')).toBe(false);
    expect(always.get('NODE_OPTIONS')).toBe("'--max-semi-space-size=4 --max-old-space-size=160'");
    expect(bicep).not.toMatch(/listKeys|listConnectionStrings|COSMOS_KEY/);
    expect(properties(nested(resource(bicep, 'cosmos').body, 'properties')).get('disableLocalAuth')).toBe('true');
  });

  it('when a secret remains, then it comes from Key Vault through a reference, never as a value', () => {
    const { always, conditional } = appSettings();

    expect(always.get('EXPORT_SECRET')).toMatch(/^'@Microsoft\.KeyVault\(VaultName=\$\{vault\.name\};SecretName=/);
    expect(conditional.get('MicrosoftAppPassword')).toMatch(/^'@Microsoft\.KeyVault\(/);
    expect(properties(nested(resource(bicep, 'site').body, 'properties')).get('keyVaultReferenceIdentity')).toBe('identity.id');
  });

  it('when the settings are given to the config as App Service would, then the bot starts registered, on Cosmos DB, with its identity', () => {
    const { always, conditional } = appSettings();
    const env = productionEnvironment(always);

    const msi = loadConfig(env);
    const singleTenant = loadConfig({ ...productionEnvironment(conditional), ...env, MicrosoftAppType: 'SingleTenant' });

    expect(msi).toMatchObject({ localMode: false, store: 'cosmos', cosmos: { key: undefined, createContainers: false } });
    expect(msi.microsoftApp).toMatchObject({ appType: 'UserAssignedMSI', appPassword: undefined });
    expect(singleTenant.microsoftApp.appType).toBe('SingleTenant');
    expect(parameterDefault(bicep, 'botAppType')).toBe("'UserAssignedMSI'");
  });

  it('when the containers are compared with the Store, then names, partition keys, indexing and time to live are the same', () => {
    const file = JSON.parse(fs.readFileSync(path.join(root, CONTAINERS_FILE), 'utf8'));

    // If this fails after a change to the Store's definitions: npm run infra:containers
    expect(file).toEqual(bicepContainers());
    expect(file.map((c: { id: string }) => c.id)).toEqual([PCN_CONTAINER, LEASES_CONTAINER]);
  });

  it('when the containers resource is read, then it deploys each container from that file as it is', () => {
    const containers = resource(bicep, 'cosmosContainers');
    const deployed = properties(nested(nested(containers.body, 'properties'), 'resource'));

    expect(variable(bicep, 'containers')).toBe(`loadJsonContent('${path.basename(CONTAINERS_FILE)}')`);
    expect(containers.type).toMatch(/^Microsoft\.DocumentDB\/databaseAccounts\/sqlDatabases\/containers@/);
    expect(bicep).toMatch(/^resource cosmosContainers '[^']+' = \[\n\s+for container in containers: \{$/m);
    expect(properties(containers.body).get('name')).toBe('container.id');
    expect(properties(containers.body).get('parent')).toBe('database');
    expect(Object.fromEntries(deployed)).toEqual({
      id: 'container.id',
      partitionKey: 'container.partitionKey',
      defaultTtl: 'container.defaultTtl',
      indexingPolicy: 'container.indexingPolicy',
    });
  });

  it('when the database is named, then the template, the app setting and the config default agree', () => {
    const { always } = appSettings();

    expect(always.get('COSMOS_DATABASE')).toBe('cosmosDatabaseName');
    expect(parameterDefault(bicep, 'cosmosDatabaseName')).toBe(`'${loadConfig({}).cosmos.database}'`);
    expect(properties(resource(bicep, 'database').body).get('name')).toBe('cosmosDatabaseName');
  });

  it('when the identity is given Cosmos DB access, then it is the built-in data contributor role, on the account', () => {
    const role = properties(nested(resource(bicep, 'cosmosDataRole').body, 'properties'));

    expect(resource(bicep, 'cosmosDataRole').type).toMatch(/^Microsoft\.DocumentDB\/databaseAccounts\/sqlRoleAssignments@/);
    expect(role.get('roleDefinitionId')).toBe("'${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'");
    expect(role.get('principalId')).toBe('identity.properties.principalId');
    expect(role.get('scope')).toBe('cosmos.id');
  });

  it('when App Service checks health, then it asks the path the server answers, and gets 200', async () => {
    const siteConfig = properties(nested(nested(resource(bicep, 'site').body, 'properties'), 'siteConfig'));
    const healthCheckPath = literal(siteConfig.get('healthCheckPath') ?? '');

    expect(healthCheckPath).toBe(HEALTH_PATH);
    const store = { kind: 'sqlite', documents: { ping: async () => true } } as unknown as Store;
    const { server } = createServer({
      adapter: {} as BotAdapter,
      gate: {} as InboundGate,
      bot: {} as ActivityHandler,
      store,
      logger: createLogger('silent'),
      maxBodyBytes: 262_144,
      version: 'test',
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}${healthCheckPath}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok' });
    } finally {
      server.close();
    }
  });

  it('when App Service starts the bot, then it runs what npm start runs, on Node 22 LTS, always on, over HTTPS and TLS 1.2', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const site = properties(nested(resource(bicep, 'site').body, 'properties'));
    const siteConfig = properties(nested(nested(resource(bicep, 'site').body, 'properties'), 'siteConfig'));
    const sku = properties(nested(resource(bicep, 'plan').body, 'sku'));

    expect(pkg.scripts.start.endsWith(`&& ${literal(siteConfig.get('appCommandLine') ?? '')}`)).toBe(true);
    expect(site.get('httpsOnly')).toBe('true');
    expect(site.get('serverFarmId')).toBe('plan.id');
    expect(Object.fromEntries(siteConfig)).toMatchObject({
      linuxFxVersion: "'NODE|22-lts'",
      alwaysOn: 'true',
      minTlsVersion: "'1.2'",
    });
    expect(sku.get('capacity')).toBe('instanceCount');
  });

  it('when the bot is registered, then it is an Azure Bot with the Teams channel, reached at /api/messages', () => {
    const bot = resource(bicep, 'bot');
    const registration = properties(nested(bot.body, 'properties'));
    const channel = resource(bicep, 'teamsChannel');

    expect(bot.type).toMatch(/^Microsoft\.BotService\/botServices@/);
    expect(properties(bot.body).get('kind')).toBe("'azurebot'");
    expect(registration.get('endpoint')).toBe("'https://${site.properties.defaultHostName}/api/messages'");
    expect(registration.get('msaAppType')).toBe('botAppType');
    expect(properties(channel.body).get('parent')).toBe('bot');
    expect(properties(channel.body).get('name')).toBe("'MsTeamsChannel'");
  });

  it.each(['one-pcn.parameters.json', 'region.parameters.json'])(
    'when %s is used, then it names only parameters the template declares, with allowed values',
    (file) => {
      const parameters = JSON.parse(fs.readFileSync(path.join(infra, file), 'utf8')).parameters as Record<
        string,
        { value: unknown }
      >;
      const declared = parameterNames(bicep);

      expect(Object.keys(parameters).filter((p) => !declared.includes(p))).toEqual([]);
      expect(['UserAssignedMSI', 'SingleTenant']).toContain(parameters.botAppType?.value ?? 'UserAssignedMSI');
      expect(['serverless', 'autoscale']).toContain(parameters.cosmosThroughput?.value ?? 'serverless');
      expect(JSON.stringify(parameters)).not.toMatch(/secret|password/i);
    },
  );

  it('when the deployment ends, then its outputs are what the package build, the toolkit and the workflow read', () => {
    const outputs = [...bicep.matchAll(/^output (\w+) /gm)].map((m) => m[1]);
    const workflow = fs.readFileSync(path.join(root, '.github', 'workflows', 'ci-deploy.yml'), 'utf8');
    const toolkit = fs.readFileSync(path.join(root, 'deploy', 'm365agents.yml'), 'utf8');
    const readByWorkflow = [...workflow.matchAll(/steps\.infra\.outputs\.(\w+)/g)].map((m) => m[1]);
    const readByToolkit = [...toolkit.matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]).filter((n) => !/^(AZURE_|TEAMSFX_)/.test(n));

    expect(outputs).toEqual(expect.arrayContaining(['BOT_ID', 'BOT_DOMAIN', ...readByWorkflow, ...readByToolkit]));
  });

  it('when nothing is chosen, then the template deploys to UK South, serverless', () => {
    expect(parameterDefault(bicep, 'location')).toBe("'uksouth'");
    expect(parameterDefault(bicep, 'cosmosThroughput')).toBe("'serverless'");
  });
});
