import { ConfigError, loadConfig, ODS_ORGANISATIONS_URL } from '../../services/config';

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

describe('loadConfig: ODS look-ups', () => {
  it('when nothing is set locally, then look-ups are off and point at the real ORD API', () => {
    expect(loadConfig({}).ods).toEqual({ lookup: false, apiUrl: ODS_ORGANISATIONS_URL });
    expect(ODS_ORGANISATIONS_URL).toBe('https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations');
  });

  it('when a MicrosoftAppId is set, then look-ups are on unless ODS_LOOKUP=0', () => {
    expect(loadConfig(REGISTERED).ods.lookup).toBe(true);
    expect(loadConfig({ ...REGISTERED, ODS_LOOKUP: '0' }).ods.lookup).toBe(false);
  });

  it('when ODS_LOOKUP=1 locally and ODS_API_URL names a stand-in, then look-ups go there (without a trailing slash)', () => {
    const config = loadConfig({ ODS_LOOKUP: '1', ODS_API_URL: 'http://127.0.0.1:4010/ORD/2-0-0/organisations/' });
    expect(config.ods).toEqual({ lookup: true, apiUrl: 'http://127.0.0.1:4010/ORD/2-0-0/organisations' });
  });

  it.each([
    [{ ODS_LOOKUP: 'maybe' }, 'ODS_LOOKUP'],
    [{ ODS_API_URL: 'directory.spineservices.nhs.uk' }, 'ODS_API_URL'],
    [{ ODS_API_URL: 'ftp://directory.spineservices.nhs.uk/ORD' }, 'ODS_API_URL'],
  ])('when %j, then it stops with one line naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });
});
