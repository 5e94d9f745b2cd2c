import { quickCheckCards } from '../../cards/quick-check-renderer';
import { AppError, ForbiddenError } from '../../services/errors';
import { QuickCheck } from '../../services/quick-check';
import {
  csvCell,
  EXPORT_LINK_TTL_MS,
  resolveExportSecret,
  signExportQuery,
  toCsv,
  verifyExportQuery,
} from '../../services/quick-check/export';
import { silentLogger } from '../support/fakes';
import { admin, ALL_YES, EXPORT_SECRET, type Fixture, leadA, member, ONE_NO, quickCheckFixture } from './quick-check-fixture';

const NOW = new Date('2027-01-04T09:30:00Z');
const PCN = 'tenant-1:group-1';

describe('export links: HMAC-SHA256, constant-time check, 15 minutes', () => {
  const signed = () => new URLSearchParams(signExportQuery(PCN, '2027-Q1', EXPORT_SECRET, NOW));

  it('when a fresh link is checked, then it is accepted with its PCN and quarter', () => {
    expect(verifyExportQuery(signed(), EXPORT_SECRET, NOW)).toEqual({
      ok: true,
      params: { pcnId: PCN, quarter: '2027-Q1', expires: NOW.getTime() / 1000 + 900 },
    });
  });

  it('when 15 minutes have passed, then the link has expired; a second before, it still works', () => {
    expect(verifyExportQuery(signed(), EXPORT_SECRET, new Date(NOW.getTime() + EXPORT_LINK_TTL_MS))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyExportQuery(signed(), EXPORT_SECRET, new Date(NOW.getTime() + EXPORT_LINK_TTL_MS - 1000)).ok).toBe(true);
  });

  it.each([
    ['another PCN', (q: URLSearchParams) => q.set('pcn', 'tenant-1:group-2')],
    ['another quarter', (q: URLSearchParams) => q.set('quarter', 'all')],
    ['a later expiry', (q: URLSearchParams) => q.set('expires', String(Number(q.get('expires')) + 60))],
    ['a changed signature', (q: URLSearchParams) => q.set('sig', `${q.get('sig')!.slice(0, -2)}AA`)],
    ['a short signature', (q: URLSearchParams) => q.set('sig', 'abc')],
    ['no signature', (q: URLSearchParams) => q.delete('sig')],
    ['a malformed quarter', (q: URLSearchParams) => q.set('quarter', '../../etc')],
  ])('when the link is tampered with (%s), then it is refused as invalid', (_label, tamper) => {
    const query = signed();
    tamper(query);
    expect(verifyExportQuery(query, EXPORT_SECRET, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('when a link was signed with another secret, then it is refused', () => {
    const query = new URLSearchParams(signExportQuery(PCN, '2027-Q1', Buffer.from('another-secret'), NOW));
    expect(verifyExportQuery(query, EXPORT_SECRET, NOW).ok).toBe(false);
  });

  it('when a validly signed link claims a life longer than 15 minutes, then it is refused', () => {
    const query = new URLSearchParams(signExportQuery(PCN, 'all', EXPORT_SECRET, NOW, 24 * 3600 * 1000));
    expect(verifyExportQuery(query, EXPORT_SECRET, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+44 1234', "'+44 1234"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
  ])('when a cell is %j, then it is written as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('when rows are joined, then numbers stay numbers and lines end in CRLF', () => {
    expect(
      toCsv([
        ['a', 1, undefined],
        ['b', -2, null],
      ]),
    ).toBe('a,1,\r\nb,-2,\r\n');
  });
});

describe('ExportService', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await quickCheckFixture();
    await f.qc.rounds.openRound(f.pcnId, '2027-Q1');
  });
  afterEach(() => f.dispose());

  it('when an admin asks, then the link is on the bot and the CSV holds every version with what changed', async () => {
    const record = (answers = ONE_NO, comment?: string) =>
      f.qc.answers.record({
        pcnId: f.pcnId,
        actor: leadA,
        roundId: '2027-Q1',
        practiceId: f.riverside.practiceId,
        answers,
        comment,
      });
    await record(ONE_NO, '=1+1, "quoted"');
    f.clock.advance(15 * 60 * 1000);
    await record(ALL_YES);

    const { url } = await f.qc.exports.link(f.pcnId, admin, '2027-Q1');
    const result = await f.qc.exports.download(new URL(url).searchParams);

    expect(url.startsWith('https://bot.example.nhs.uk/api/export?pcn=')).toBe(true);
    expect(result.status).toBe(200);
    if (result.status !== 200) return;
    expect(result.filename).toBe('quick-check-Q4-2026-27.csv');
    const lines = result.csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Quarter,Practice,ODS code,Answer number (1 is the first answer; each change adds one),Latest answers for the quarter?,Answered at (UK time),Answered by,' +
        '1. Is there a content and campaign strategy for social media channels?,' +
        '"2. Is social media constantly managed, monitored, and kept up to date?",' +
        '3. Is the operational impact of social media activity understood?,' +
        '4. Does social media feel like a valuable and worthwhile part of the total offer?,Comment,What changed',
    );
    expect(lines[1]).toBe(
      `Q4 2026/27,Riverside Surgery,B82005,1,No,"Monday 4 January 2027, 09:30",Priya Shah,Yes,No,Yes,Yes,"'=1+1, ""quoted""",First answer`,
    );
    expect(lines[2]).toBe(
      'Q4 2026/27,Riverside Surgery,B82005,2,Yes,"Monday 4 January 2027, 09:45",Priya Shah,Yes,Yes,Yes,Yes,,Managed: No to Yes; comment changed',
    );
  });

  it('when the link is used after 15 minutes, then it is refused as expired', async () => {
    const { url } = await f.qc.exports.link(f.pcnId, admin);
    f.clock.advance(EXPORT_LINK_TTL_MS + 1000);
    expect(await f.qc.exports.download(new URL(url).searchParams)).toMatchObject({ status: 410 });
  });

  it('when someone who is not an admin asks, then no link is made', async () => {
    await expect(f.qc.exports.link(f.pcnId, member)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('when there is no secret (production without EXPORT_SECRET), then export is switched off', async () => {
    const off = new QuickCheck({
      cards: quickCheckCards,
      store: f.store,
      clock: f.clock,
      logger: silentLogger(),
      outbox: f.outbox,
      export: { baseUrl: 'https://x' },
    });
    await expect(off.exports.link(f.pcnId, admin)).rejects.toBeInstanceOf(AppError);
    expect(await off.exports.download(new URLSearchParams('pcn=a'))).toMatchObject({ status: 403 });
  });

  it('when the secret is resolved, then local mode without one gets a random secret per process and production gets none', () => {
    const a = resolveExportSecret({ localMode: true }, silentLogger());
    const b = resolveExportSecret({ localMode: true }, silentLogger());
    expect(a?.length).toBe(32);
    expect(a?.equals(b!)).toBe(false);
    expect(resolveExportSecret({ localMode: false }, silentLogger())).toBeUndefined();
    expect(resolveExportSecret({ localMode: false, exportSecret: 's'.repeat(40) }, silentLogger())?.toString()).toBe(
      's'.repeat(40),
    );
  });
});
