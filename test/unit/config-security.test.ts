import { loadConfig } from '../../services/config';

const APP_ID = '6a2f3b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c';
const REGISTERED = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'secret',
  MicrosoftAppTenantId: APP_ID,
  PUBLIC_URL: 'https://pcn-bot.example.net',
  EXPORT_SECRET: 'x'.repeat(40),
  ALLOWED_TENANTS: APP_ID,
};
const TEST_SIGN_IN = {
  BOT_OPENID_METADATA_URL: 'http://127.0.0.1:4020/.well-known/openid-configuration',
  BOT_TOKEN_ISSUER: 'https://api.botframework.com',
};

describe('config: tenants, test-only sign-in, inbound limits and telemetry', () => {
  it('when MicrosoftAppId is set (production) without ALLOWED_TENANTS, then the start stops naming it', () => {
    expect(() => loadConfig({ ...REGISTERED, ALLOWED_TENANTS: '' })).toThrow(
      /^Invalid configuration: ALLOWED_TENANTS is required when MicrosoftAppId is set/,
    );
  });

  it('when in local mode, then ALLOWED_TENANTS may be empty (any tenant)', () => {
    expect(loadConfig({}).allowedTenants).toEqual([]);
  });

  it('when the test sign-in settings point at loopback with an app id, then sign-in is pointed there', () => {
    expect(loadConfig({ ...REGISTERED, ...TEST_SIGN_IN }).testSignIn).toEqual({
      openIdMetadataUrl: TEST_SIGN_IN.BOT_OPENID_METADATA_URL,
      tokenIssuer: TEST_SIGN_IN.BOT_TOKEN_ISSUER,
    });
    expect(loadConfig(REGISTERED).testSignIn).toBeUndefined();
  });

  it.each([
    [
      { ...REGISTERED, ...TEST_SIGN_IN, NODE_ENV: 'production' },
      /BOT_OPENID_METADATA_URL is for tests only and is refused when NODE_ENV=production/,
    ],
    [
      { ...REGISTERED, ...TEST_SIGN_IN, BOT_OPENID_METADATA_URL: 'https://keys.example.net/openid' },
      /BOT_OPENID_METADATA_URL must be a loopback URL/,
    ],
    [
      { ...REGISTERED, BOT_OPENID_METADATA_URL: TEST_SIGN_IN.BOT_OPENID_METADATA_URL },
      /BOT_TOKEN_ISSUER is required with BOT_OPENID_METADATA_URL/,
    ],
    [
      { ...REGISTERED, BOT_TOKEN_ISSUER: TEST_SIGN_IN.BOT_TOKEN_ISSUER },
      /BOT_OPENID_METADATA_URL is required with BOT_TOKEN_ISSUER/,
    ],
    [TEST_SIGN_IN, /BOT_OPENID_METADATA_URL is for sign-in tests only and needs MicrosoftAppId/],
  ])('when the test sign-in settings are misused (%#), then the start stops', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('when no limits are set, then a chat may send 120 requests a minute and a tenant 6000', () => {
    expect(loadConfig({}).inboundLimits).toEqual({ perConversation: 120, perTenant: 6000 });
    expect(loadConfig({ INBOUND_PER_CONVERSATION: '30', INBOUND_PER_TENANT: '900' }).inboundLimits).toEqual({
      perConversation: 30,
      perTenant: 900,
    });
    expect(() => loadConfig({ INBOUND_PER_CONVERSATION: '0' })).toThrow(/INBOUND_PER_CONVERSATION must be between 1/);
  });

  it('when the Application Insights connection string is not one, then the start stops without echoing it', () => {
    expect(loadConfig({}).applicationInsightsConnectionString).toBeUndefined();
    const good =
      'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/';
    expect(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: good }).applicationInsightsConnectionString).toBe(good);
    let message = '';
    try {
      loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'secret-looking-value' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/APPLICATIONINSIGHTS_CONNECTION_STRING must be the Application Insights connection string/);
    expect(message).not.toContain('secret-looking-value');
  });
});
