import { Writable } from 'node:stream';
import { Verbs } from '../../cards/verbs';
import { loadConfig } from '../../services/config';
import { createLogger } from '../../services/logger';
import { createTelemetry, noTelemetry } from '../../services/telemetry';
import { type Harness, PEOPLE, startHarness } from '../support/bot-harness';
import { FakeClock } from '../support/fakes';
import { type Envelope, type IngestionServer, startIngestionServer } from '../support/ingestion-server';

/**
 * Telemetry: with APPLICATIONINSIGHTS_CONNECTION_STRING set, requests per
 * command and card action (with latency), outbox figures, traces and
 * exceptions reach Application Insights ingestion (a loopback stand-in here,
 * named by the connection string's IngestionEndpoint). Without it, the
 * OpenTelemetry SDK is never loaded.
 */
// The SDK's own usage statistics go to Microsoft's endpoint, which a test must not call (and which jest cannot load).
process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = 'true';

let sdkLoaded = false;
jest.doMock('@azure/monitor-opentelemetry', () => {
  sdkLoaded = true;
  return jest.requireActual('@azure/monitor-opentelemetry');
});

const nowhere = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

describe('telemetry off (no connection string)', () => {
  it('when the bot runs a turn without a connection string, then the Application Insights SDK is never loaded', async () => {
    const telemetry = await createTelemetry(loadConfig({}));
    expect(telemetry).toBe(noTelemetry);
    const h = await startHarness({ telemetry });
    try {
      expect((await h.say(PEOPLE.member, 'help', 'personal')).status).toBe(200);
      await h.connector.waitFor(() => true);
    } finally {
      await h.close();
    }
    expect(sdkLoaded).toBe(false);
  });
});

describe('telemetry on (loopback ingestion endpoint)', () => {
  let ingestion: IngestionServer;
  let h: Harness;

  beforeAll(async () => {
    ingestion = await startIngestionServer();
  });
  afterAll(() => ingestion.stop());

  const of = (baseType: string) => ingestion.envelopes().filter((e) => e.data.baseType === baseType);
  const metric = (e: Envelope) => (e.data.baseData.metrics as { name: string; value: number; count?: number }[])[0]!;
  const dims = (e: Envelope) => (e.data.baseData.properties ?? {}) as Record<string, string>;

  it('when turns run and the outbox sends, then requests, metrics, traces and exceptions reach ingestion', async () => {
    const config = loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString });
    // As createTelemetry starts it for this config, trusting the loopback server's certificate as well.
    const { startAppInsights } = await import('../../services/telemetry/app-insights');
    const telemetry = startAppInsights({
      connectionString: config.applicationInsightsConnectionString!,
      exporterOptions: { tlsOptions: { ca: ingestion.ca }, disableOfflineStorage: true },
    });
    expect(telemetry.enabled).toBe(true);
    expect(sdkLoaded).toBe(true);
    const logger = createLogger('info', nowhere(), telemetry.logSink);
    h = await startHarness({ clock: new FakeClock('2027-01-04T09:30:00Z'), telemetry, logger });
    try {
      await h.install(PEOPLE.admin);
      await h.say(PEOPLE.admin, 'help');
      await h.invoke(PEOPLE.admin, Verbs.addPractice, {
        newName: 'Riverside Surgery',
        newOds: 'B82005',
        newLeads: PEOPLE.lead.aadObjectId,
      });
      await h.say(PEOPLE.admin, 'start quick check');
      await h.connector.waitForCount(1, (a) => a.kind === 'newThread');
      await h.app.deps.dispatcher.settle();
      // A reply Teams refuses: the turn fails, and its exception is sent.
      h.connector.scriptFault({ conversationId: `a:personal-${PEOPLE.member.aadObjectId}`, status: 400, times: 2 });
      await h.say(PEOPLE.member, 'help', 'personal');
    } finally {
      await h.close();
      // Sends what is buffered (metrics are otherwise exported once a minute).
      await telemetry.shutdown();
    }

    const requests = of('RequestData').map((e) => e.data.baseData as { name: string; duration: string; success: boolean });
    expect(requests.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'command help',
        'command start quick check',
        `cardAction ${Verbs.addPractice}`,
        'event installationUpdate',
      ]),
    );
    for (const r of requests) expect(r.duration).toMatch(/^(\d+\.)?\d\d:\d\d:\d\d\.\d+$/);
    expect(requests.filter((r) => !r.success).length).toBeGreaterThanOrEqual(1);

    const metrics = of('MetricData');
    const turns = metrics.filter((e) => metric(e).name === 'pcn_bot.turn.duration');
    expect(turns.map((e) => `${dims(e)['pcn.turn.kind']} ${dims(e)['pcn.turn.name']} ${dims(e)['pcn.turn.outcome']}`)).toEqual(
      expect.arrayContaining(['command help ok', `cardAction ${Verbs.addPractice} ok`, 'command help failed']),
    );
    const sent = metrics.filter((e) => metric(e).name === 'pcn_bot.outbox.deliveries' && dims(e)['pcn.outcome'] === 'sent');
    expect(sent.reduce((n, e) => n + metric(e).value, 0)).toBeGreaterThanOrEqual(1);
    expect(metrics.some((e) => metric(e).name === 'pcn_bot.outbox.waiting')).toBe(true);

    const traces = of('MessageData').map((e) => e.data.baseData as { message: string; severityLevel: string });
    expect(traces.map((t) => t.message)).toEqual(expect.arrayContaining(['PCN registered', 'quick check round opened']));

    const exceptions = of('ExceptionData').map((e) => JSON.stringify(e.data.baseData));
    expect(exceptions.some((x) => x.includes('RestError'))).toBe(true);
  });
});
