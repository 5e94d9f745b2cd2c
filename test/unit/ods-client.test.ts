import {
  createPracticeDirectory,
  OdsClient,
  type OdsClientOptions,
  OdsRateLimitedError,
  OdsResponseError,
  OdsUnavailableError,
  retryAfterMs,
} from '../../services/ods';
import { FakeClock, silentLogger } from '../support/fakes';
import { type OdsStandIn, STAND_IN_BROKEN, STAND_IN_PCN, startOdsStandIn } from '../support/ods-stand-in';

describe('OdsClient: practice names and PCN members from NHS ODS', () => {
  let ods: OdsStandIn;
  let clock: FakeClock;

  beforeEach(async () => {
    ods = await startOdsStandIn();
    clock = new FakeClock('2026-10-05T08:30:00Z');
  });
  afterEach(() => ods.close());

  const client = (options: Partial<OdsClientOptions> = {}) =>
    new OdsClient({ baseUrl: ods.url, enabled: true, logger: silentLogger(), clock, ...options });

  /** What it threw, so a test can check its type and code together. */
  async function failure(attempt: Promise<unknown>): Promise<unknown> {
    try {
      await attempt;
    } catch (error) {
      return error;
    }
    throw new Error('expected a failure');
  }

  it('when a practice code is looked up, then its name reads in title case with its status, role and PCN', async () => {
    const practice = await client().practiceByCode(' b82005 ');

    expect(practice).toEqual({
      odsCode: 'B82005',
      name: 'Riverside Medical Centre',
      active: true,
      gpPractice: true,
      pcnCode: STAND_IN_PCN,
    });
    expect(ods.requests.map((r) => r.url)).toEqual(['/ORD/2-0-0/organisations/B82005']);
  });

  it('when a practice is closed or is not a GP practice, then it says so rather than hiding it', async () => {
    const c = client();

    expect(await c.practiceByCode('B82099')).toEqual({
      odsCode: 'B82099',
      name: 'Old Mill Surgery',
      active: false,
      gpPractice: true,
    });
    expect(await c.practiceByCode('Y02020')).toMatchObject({ name: 'Leeds City NHS Walk-in Centre', gpPractice: false });
    expect(await c.practiceByCode('B82010')).toMatchObject({ name: 'Castle Medical Group (The)' });
  });

  it('when ODS has no such code (404), then the answer is undefined', async () => {
    expect(await client().practiceByCode('B99999')).toBeUndefined();
    expect(ods.requests).toHaveLength(1);
  });

  it.each(['', 'B82 005', '../../etc', 'B82005?x=1', 'A'.repeat(11)])(
    'when the code "%s" cannot be an ODS code, then the answer is undefined and nothing is sent',
    async (code) => {
      expect(await client().practiceByCode(code)).toBeUndefined();
      expect(ods.requests).toHaveLength(0);
    },
  );

  it('when a PCN is looked up, then its active member practices come by name, and the request is the documented search', async () => {
    const members = await client().pcnMembers('u12345');

    expect(members).toEqual([
      { odsCode: 'B82010', name: 'Castle Medical Group (The)' },
      { odsCode: 'B82005', name: 'Riverside Medical Centre' },
    ]);
    expect(ods.requests.map((r) => r.url)).toEqual([
      '/ORD/2-0-0/organisations?RelTypeId=RE8&TargetOrgId=U12345&RelStatus=active&Limit=1000',
    ]);
    expect(await client().pcnMembers('U99999')).toEqual([]);
  });

  it('when ODS answers 429 once, then the client waits its Retry-After and the retry succeeds', async () => {
    ods.rateLimitNext(1, '1');

    const practice = await client().practiceByCode('B82005');

    expect(practice?.name).toBe('Riverside Medical Centre');
    expect(ods.requests).toHaveLength(2);
    expect(ods.requests[1].at - ods.requests[0].at).toBeGreaterThanOrEqual(950);
  });

  it('when ODS answers 429 twice, then the client gives up with OdsRateLimitedError', async () => {
    ods.rateLimitNext(2, '1');

    const error = await failure(client().practiceByCode('B82005'));

    expect(error).toBeInstanceOf(OdsRateLimitedError);
    expect(error).toMatchObject({ code: 'ODS_RATE_LIMITED', retryAfterMs: 1000 });
    expect(ods.requests).toHaveLength(2);
  });

  it('when a 429 asks for a longer wait than the client will give, then it gives up at once without a retry', async () => {
    ods.rateLimitNext(1, '120');

    const error = await failure(client({ maxRetryAfterMs: 5000 }).pcnMembers(STAND_IN_PCN));

    expect(error).toBeInstanceOf(OdsRateLimitedError);
    expect(ods.requests).toHaveLength(1);
  });

  it('when ODS cannot be reached, then the client fails quickly with OdsUnavailableError', async () => {
    const c = client();
    await ods.close();
    ods = await startOdsStandIn(); // for afterEach; the client still points at the closed one
    const started = Date.now();

    const error = await failure(c.practiceByCode('B82005'));

    expect(error).toBeInstanceOf(OdsUnavailableError);
    expect(error).toMatchObject({ code: 'ODS_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('when ODS is slower than the timeout, then the client stops waiting with OdsUnavailableError', async () => {
    ods.slowBy(2000);
    const started = Date.now();

    const error = await failure(client({ timeoutMs: 200 }).practiceByCode('B82005'));

    expect(error).toBeInstanceOf(OdsUnavailableError);
    expect((error as Error).message).toContain('no answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('when an answer lacks the documented fields, then the client refuses it with OdsResponseError', async () => {
    const error = await failure(client().practiceByCode(STAND_IN_BROKEN));

    expect(error).toBeInstanceOf(OdsResponseError);
    expect(error).toMatchObject({ code: 'ODS_BAD_RESPONSE' });
  });

  it('when six look-ups are asked at once, then ODS sees them at least 200 ms apart (5 a second)', async () => {
    const c = client();
    const codes = ['B82005', 'B82010', 'B82099', 'Y02020', 'B99991', 'B99992'];

    await Promise.all(codes.map((code) => c.practiceByCode(code)));

    const arrivals = ods.requests.map((r) => r.at);
    expect(arrivals).toHaveLength(6);
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]);
    // The client spaces starts 220 ms apart (5 a second with a tenth to spare); on a busy machine one request
    // can reach the server a little late and the next on time, so each gap may shrink, but never to a burst.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(150);
    expect(arrivals[5] - arrivals[0]).toBeGreaterThanOrEqual(1000);
  });

  it('when the same code is asked again within the hour, then the answer comes from memory; after the hour ODS is asked again', async () => {
    const c = client();

    await Promise.all([c.practiceByCode('B82005'), c.practiceByCode('b82005')]);
    await c.practiceByCode('B82005');
    await c.practiceByCode('B99999');
    await c.practiceByCode('B99999');
    await c.pcnMembers(STAND_IN_PCN);
    await c.pcnMembers(STAND_IN_PCN);
    expect(ods.requests).toHaveLength(3);

    clock.advance(60 * 60 * 1000 + 1);
    await c.practiceByCode('B82005');
    expect(ods.requests).toHaveLength(4);
  });

  it('when a look-up fails, then the failure is not remembered', async () => {
    const c = client();
    ods.rateLimitNext(2, '0');
    await expect(c.practiceByCode('B82005')).rejects.toBeInstanceOf(OdsRateLimitedError);

    expect(await c.practiceByCode('B82005')).toMatchObject({ name: 'Riverside Medical Centre' });
  });

  it('when look-ups are off, then nothing is sent and the answers are empty', async () => {
    const c = client({ enabled: false });

    expect(await c.practiceByCode('B82005')).toBeUndefined();
    expect(await c.pcnMembers(STAND_IN_PCN)).toEqual([]);
    expect(ods.requests).toHaveLength(0);
  });

  it('when the directory is built from config, then ODS_LOOKUP and ODS_API_URL decide', async () => {
    const logger = silentLogger();
    const off = createPracticeDirectory({ ods: { lookup: false, apiUrl: ods.url } }, { logger, clock });
    const on = createPracticeDirectory({ ods: { lookup: true, apiUrl: `${ods.url}/` } }, { logger, clock });

    expect(await off.practiceByCode('B82005')).toBeUndefined();
    expect(ods.requests).toHaveLength(0);
    expect(await on.practiceByCode('B82005')).toMatchObject({ name: 'Riverside Medical Centre' });
  });
});

describe('retryAfterMs', () => {
  const now = new Date('2026-10-05T08:30:00Z');

  it.each([
    ['2', 2000],
    ['0', 0],
    ['Mon, 05 Oct 2026 08:30:05 GMT', 5000],
    ['Mon, 05 Oct 2026 08:29:00 GMT', 0],
    [null, 1000],
    ['soon', 1000],
  ])('when Retry-After is %j, then the wait is %d ms', (header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });
});
