import { ConfigError, loadConfig } from '../../services/config';

const APP_ID = '11111111-2222-3333-4444-555555555555';

/** A bot registered with Azure, configured as production needs. */
const REGISTERED = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'secret',
  MicrosoftAppTenantId: APP_ID,
  PUBLIC_URL: 'https://pcn-bot.example.net',
  EXPORT_SECRET: 'x'.repeat(40),
  ALLOWED_TENANTS: APP_ID,
};

describe('loadConfig', () => {
  it('when the environment is empty, then it runs locally on SQLite at port 3978 with the Playground and demo on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      store: 'sqlite',
      sqlitePath: './data/pcn-bot.sqlite',
      localMode: true,
      playground: true,
      demo: true,
      logLevel: 'info',
    });
  });

  it('when PLAYGROUND=0 and DEMO=0, then neither starts', () => {
    const config = loadConfig({ PLAYGROUND: '0', DEMO: 'false' });
    expect(config.playground).toBe(false);
    expect(config.demo).toBe(false);
  });

  it('when a MicrosoftAppId is set, then local mode, the Playground and demo data are off', () => {
    const config = loadConfig(REGISTERED);
    expect(config.localMode).toBe(false);
    expect(config.playground).toBe(false);
    expect(config.demo).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ STORE: 'postgres' }, 'STORE'],
    [{ STORE: 'cosmos' }, 'COSMOS_ENDPOINT'],
    [{ COSMOS_ENDPOINT: 'not a url' }, 'COSMOS_ENDPOINT'],
    [{ MicrosoftAppId: 'not-a-guid' }, 'MicrosoftAppId'],
    [{ ...REGISTERED, MicrosoftAppTenantId: '' }, 'MicrosoftAppTenantId'],
    [{ ...REGISTERED, MicrosoftAppPassword: '' }, 'MicrosoftAppPassword'],
    [{ ...REGISTERED, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: '' }, 'MicrosoftAppTenantId'],
    [{ ...REGISTERED, MicrosoftAppType: 'UserAssignedMSI' }, 'MicrosoftAppPassword'],
    [{ ...REGISTERED, PUBLIC_URL: '' }, 'PUBLIC_URL'],
    [{ ...REGISTERED, EXPORT_SECRET: '' }, 'EXPORT_SECRET'],
    [{ EXPORT_SECRET: 'short' }, 'EXPORT_SECRET'],
    [{ ...REGISTERED, EXPORT_SECRET: '@Microsoft.KeyVault(VaultName=kvpcn;SecretName=export-secret)' }, 'EXPORT_SECRET'],
    [{ MAX_BODY_BYTES: 'lots' }, 'MAX_BODY_BYTES'],
    [{ MAX_BODY_BYTES: '10' }, 'MAX_BODY_BYTES'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PLAYGROUND: 'maybe' }, 'PLAYGROUND'],
  ])('when %j, then it stops with one line naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env as Record<string, string>);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
    expect(message).not.toContain('\n');
  });

  it('when a plain value is invalid, then the message shows it so the typo is easy to spot', () => {
    expect(() => loadConfig({ MicrosoftAppId: 'sneaky-value' })).toThrow(/got "sneaky-value"/);
  });

  it('when a number is out of range, then the message says the range in plain words', () => {
    expect(() => loadConfig({ MAX_BODY_BYTES: '10' })).toThrow(
      'Invalid configuration: MAX_BODY_BYTES must be between 1024 and 10000000 bytes (got "10").',
    );
  });

  it('when a managed-identity bot is configured fully, then it loads without a password', () => {
    const config = loadConfig({ ...REGISTERED, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: '' });
    expect(config.microsoftApp.appType).toBe('UserAssignedMSI');
  });

  it('when nothing fixes the rate, then each instance shares 50 a second with the others; TEAMS_RATE_PER_SECOND fixes it', () => {
    expect(loadConfig({})).toMatchObject({ teamsAppRatePerSecond: 50, teamsRatePerSecond: undefined, leaseTtlMs: 45_000 });
    expect(loadConfig({ TEAMS_RATE_PER_SECOND: '16', TEAMS_APP_RATE_PER_SECOND: '100' })).toMatchObject({
      teamsRatePerSecond: 16,
      teamsAppRatePerSecond: 100,
    });
  });

  it('when LEASE_TTL_SECONDS is set, then leases last that long; out of range, the start stops naming it', () => {
    expect(loadConfig({ LEASE_TTL_SECONDS: '4' }).leaseTtlMs).toBe(4_000);
    expect(() => loadConfig({ LEASE_TTL_SECONDS: '0' })).toThrow(
      'Invalid configuration: LEASE_TTL_SECONDS must be between 1 and 600 seconds (got "0").',
    );
  });

  it('when only App Service names the instance, then its WEBSITE_INSTANCE_ID is the instance id; INSTANCE_ID wins when set', () => {
    expect(loadConfig({ WEBSITE_INSTANCE_ID: 'abc123' }).instanceId).toBe('abc123');
    expect(loadConfig({ WEBSITE_INSTANCE_ID: 'abc123', INSTANCE_ID: 'bot-1' }).instanceId).toBe('bot-1');
    expect(loadConfig({}).instanceId).toBeUndefined();
  });

  it('when ALLOWED_TENANTS lists tenants, then they are split and trimmed', () => {
    expect(loadConfig({ ALLOWED_TENANTS: ' a , b,,c ' }).allowedTenants).toEqual(['a', 'b', 'c']);
  });
});
