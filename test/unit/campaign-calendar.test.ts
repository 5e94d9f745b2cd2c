import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { CampaignCalendarService, NATIONAL_CAMPAIGNS, nationalId, type NationalCampaign } from '../../services/campaigns';
import { dayOf, type PcnCampaign } from '../../services/domain';

/**
 * The national calendar's dates, pinned for three years. The expected dates
 * were worked out apart from the code (from a perpetual calendar, not rrule):
 * Mental Health Awareness Week 2026 starts Monday 11 May; Father's Day 2026
 * is Sunday 21 June, so Men's Health Week is 15 to 21 June; Time to Talk Day
 * 2026 is Thursday 5 February; No Smoking Day 2026 is Wednesday 11 March.
 */
const PINNED: Readonly<Record<string, readonly [string, string][]>> = {
  'dry-january': [
    ['2026-01-01', '2026-01-31'],
    ['2027-01-01', '2027-01-31'],
    ['2028-01-01', '2028-01-31'],
  ],
  'cervical-cancer-prevention-week': [
    ['2026-01-19', '2026-01-25'],
    ['2027-01-18', '2027-01-24'],
    ['2028-01-24', '2028-01-30'],
  ],
  'time-to-talk-day': [
    ['2026-02-05', '2026-02-05'],
    ['2027-02-04', '2027-02-04'],
    ['2028-02-03', '2028-02-03'],
  ],
  'world-cancer-day': [
    ['2026-02-04', '2026-02-04'],
    ['2027-02-04', '2027-02-04'],
    ['2028-02-04', '2028-02-04'],
  ],
  'no-smoking-day': [
    ['2026-03-11', '2026-03-11'],
    ['2027-03-10', '2027-03-10'],
    ['2028-03-08', '2028-03-08'],
  ],
  'ovarian-cancer-awareness-month': [
    ['2026-03-01', '2026-03-31'],
    ['2027-03-01', '2027-03-31'],
    ['2028-03-01', '2028-03-31'],
  ],
  'prostate-cancer-awareness-month': [
    ['2026-03-01', '2026-03-31'],
    ['2027-03-01', '2027-03-31'],
    ['2028-03-01', '2028-03-31'],
  ],
  'bowel-cancer-awareness-month': [
    ['2026-04-01', '2026-04-30'],
    ['2027-04-01', '2027-04-30'],
    ['2028-04-01', '2028-04-30'],
  ],
  'stress-awareness-month': [
    ['2026-04-01', '2026-04-30'],
    ['2027-04-01', '2027-04-30'],
    ['2028-04-01', '2028-04-30'],
  ],
  'hay-fever-season': [
    ['2026-03-20', '2026-07-31'],
    ['2027-03-20', '2027-07-31'],
    ['2028-03-20', '2028-07-31'],
  ],
  'sun-awareness-week': [
    ['2026-05-04', '2026-05-10'],
    ['2027-05-03', '2027-05-09'],
    ['2028-05-01', '2028-05-07'],
  ],
  'mental-health-awareness-week': [
    ['2026-05-11', '2026-05-17'],
    ['2027-05-10', '2027-05-16'],
    ['2028-05-08', '2028-05-14'],
  ],
  'carers-week': [
    ['2026-06-08', '2026-06-14'],
    ['2027-06-07', '2027-06-13'],
    ['2028-06-05', '2028-06-11'],
  ],
  'diabetes-week': [
    ['2026-06-08', '2026-06-14'],
    ['2027-06-14', '2027-06-20'],
    ['2028-06-12', '2028-06-18'],
  ],
  'mens-health-week': [
    ['2026-06-15', '2026-06-21'],
    ['2027-06-14', '2027-06-20'],
    ['2028-06-12', '2028-06-18'],
  ],
  'cervical-screening-awareness-week': [
    ['2026-06-15', '2026-06-21'],
    ['2027-06-21', '2027-06-27'],
    ['2028-06-19', '2028-06-25'],
  ],
  'know-your-numbers-week': [
    ['2026-09-07', '2026-09-13'],
    ['2027-09-06', '2027-09-12'],
    ['2028-09-04', '2028-09-10'],
  ],
  'flu-vaccination-season': [
    ['2026-09-01', '2027-03-31'],
    ['2027-09-01', '2028-03-31'],
    ['2028-09-01', '2029-03-31'],
  ],
  stoptober: [
    ['2026-10-01', '2026-10-31'],
    ['2027-10-01', '2027-10-31'],
    ['2028-10-01', '2028-10-31'],
  ],
  'world-mental-health-day': [
    ['2026-10-10', '2026-10-10'],
    ['2027-10-10', '2027-10-10'],
    ['2028-10-10', '2028-10-10'],
  ],
  'breast-cancer-awareness-month': [
    ['2026-10-01', '2026-10-31'],
    ['2027-10-01', '2027-10-31'],
    ['2028-10-01', '2028-10-31'],
  ],
  'stay-well-this-winter': [
    ['2026-10-01', '2027-03-31'],
    ['2027-10-01', '2028-03-31'],
    ['2028-10-01', '2029-03-31'],
  ],
  'self-care-week': [
    ['2026-11-16', '2026-11-22'],
    ['2027-11-15', '2027-11-21'],
    ['2028-11-13', '2028-11-19'],
  ],
  'world-antimicrobial-resistance-awareness-week': [
    ['2026-11-18', '2026-11-24'],
    ['2027-11-18', '2027-11-24'],
    ['2028-11-18', '2028-11-24'],
  ],
  'world-diabetes-day': [
    ['2026-11-14', '2026-11-14'],
    ['2027-11-14', '2027-11-14'],
    ['2028-11-14', '2028-11-14'],
  ],
  movember: [
    ['2026-11-01', '2026-11-30'],
    ['2027-11-01', '2027-11-30'],
    ['2028-11-01', '2028-11-30'],
  ],
};

const PCN = 'tenant-1:team-a';

function pcnCampaign(over: Partial<PcnCampaign> = {}): PcnCampaign {
  return {
    pcnId: PCN,
    campaignId: 'pcn:health-fair',
    name: 'Riverside Health Fair',
    aliases: ['health fair'],
    description: 'Stalls from every practice in the market square.',
    audience: 'Everyone in Riverside',
    start: '2026-10-03',
    end: '2026-10-03',
    createdBy: { aadObjectId: 'admin-1', name: 'Alex Morgan' },
    createdAt: '2026-09-01T09:00:00.000Z',
    updatedAt: '2026-09-01T09:00:00.000Z',
    ...over,
  };
}

/** The PCN's own campaigns as the store would give them, per PCN. */
function source(campaigns: readonly PcnCampaign[] = [pcnCampaign()]) {
  return { list: async (pcnId: string) => campaigns.filter((c) => c.pcnId === pcnId) };
}

const calendar = new CampaignCalendarService(source());

/** The occurrence of one campaign that starts in `year`, found through `between` as a caller would. */
async function startingIn(slug: string, year: number) {
  const all = await calendar.between(undefined, { start: `${year}-01-01`, end: `${year}-12-31` });
  return all.filter((o) => o.campaignId === nationalId(slug) && o.start.startsWith(String(year))).map((o) => [o.start, o.end]);
}

describe('the national campaign calendar', () => {
  it('when the shipped calendar is listed, then it has every campaign of the UK calendar table, each with its own slug', () => {
    expect(NATIONAL_CAMPAIGNS.map((c) => c.slug).sort()).toEqual(Object.keys(PINNED).sort());
    expect(NATIONAL_CAMPAIGNS.map((c) => c.name)).toEqual([
      'Dry January',
      'Cervical Cancer Prevention Week',
      'Time to Talk Day',
      'World Cancer Day',
      'No Smoking Day',
      'Ovarian Cancer Awareness Month',
      'Prostate Cancer Awareness Month',
      'Bowel Cancer Awareness Month',
      'Stress Awareness Month',
      'Hay fever season',
      'Sun Awareness Week',
      'Mental Health Awareness Week',
      'Carers Week',
      'Diabetes Week',
      "Men's Health Week",
      'Cervical Screening Awareness Week',
      'Know Your Numbers! Week',
      'Flu vaccination season',
      'Stoptober',
      'World Mental Health Day',
      'Breast Cancer Awareness Month',
      'Stay Well This Winter',
      'Self Care Week',
      'World Antimicrobial Resistance Awareness Week',
      'World Diabetes Day',
      'Movember',
    ]);
  });

  it('when each campaign is described, then it has two lines for practices, an audience and a source the domain notes name', () => {
    const sources = [
      'Mental Health UK',
      "Men's Health Forum",
      'Self Care Forum',
      'NHS England and UKHSA campaign pages',
      'University and ICB wellbeing calendars',
    ];
    for (const c of NATIONAL_CAMPAIGNS) {
      expect({ slug: c.slug, lines: c.description.length }).toEqual({ slug: c.slug, lines: 2 });
      expect(c.description.every((line) => /^[A-Z].{20,}[.!]$/.test(line))).toBe(true);
      expect(c.audience.length).toBeGreaterThan(2);
      expect(c.sources.length).toBeGreaterThan(0);
      expect(c.sources.every((s) => sources.includes(s))).toBe(true);
      expect(Object.values(c.overrides ?? {}).every((o) => sources.includes(o.source))).toBe(true);
    }
  });

  it.each(Object.entries(PINNED))(
    'when %s is asked for in 2026, 2027 and 2028, then its dates are the published rule',
    async (slug, years) => {
      for (const [i, year] of [2026, 2027, 2028].entries()) {
        expect({ slug, year, dates: await startingIn(slug, year) }).toEqual({ slug, year, dates: [years[i]] });
      }
    },
  );

  it("when a year's dates were published apart from the rule, then the override wins (Mental Health Awareness Week 2023 moved for the coronation)", async () => {
    expect(await startingIn('mental-health-awareness-week', 2023)).toEqual([['2023-05-15', '2023-05-21']]);
    const occurrence = (await calendar.between(undefined, { start: '2023-05-15', end: '2023-05-15' })).find(
      (o) => o.campaignId === nationalId('mental-health-awareness-week'),
    );
    expect(occurrence?.source).toMatch(/^Mental Health UK \(published dates for 2023\)/);
    // The rule alone would have said the week before.
    expect((await calendar.between(undefined, { start: '2023-05-08', end: '2023-05-14' })).map((o) => o.name)).not.toContain(
      'Mental Health Awareness Week',
    );
  });

  it('when an override is given for a year, then that year uses it and the years around it keep the rule', async () => {
    const base = NATIONAL_CAMPAIGNS.find((c) => c.slug === 'stoptober')!;
    const moved: NationalCampaign = {
      ...base,
      overrides: { 2027: { start: '2027-10-04', end: '2027-11-02', source: 'NHS England and UKHSA campaign pages' } },
    };
    const custom = new CampaignCalendarService(source([]), [moved]);

    const all = await custom.between(undefined, { start: '2026-01-01', end: '2028-12-31' });

    expect(all.map((o) => [o.start, o.end])).toEqual([
      ['2026-10-01', '2026-10-31'],
      ['2027-10-04', '2027-11-02'],
      ['2028-10-01', '2028-10-31'],
    ]);
  });
});

describe('between: London days at the edges of a range', () => {
  const names = async (start: string, end: string) =>
    (await calendar.between(undefined, { start, end })).map((o) => `${o.name} ${o.start}`);

  it("when the range starts on a campaign's last day or ends on its first, then it is included; a day either side, not", async () => {
    expect(await names('2026-06-21', '2026-06-30')).toContain("Men's Health Week 2026-06-15");
    expect(await names('2026-06-01', '2026-06-15')).toContain("Men's Health Week 2026-06-15");
    expect(await names('2026-06-22', '2026-06-30')).not.toContain("Men's Health Week 2026-06-15");
    expect(await names('2026-06-01', '2026-06-14')).not.toContain("Men's Health Week 2026-06-15");
  });

  it('when the range is New Year, then the flu season and Stay Well This Winter started the autumn before are on, with Dry January', async () => {
    const onNewYear = await names('2027-01-01', '2027-01-01');

    expect(onNewYear).toEqual([
      'Flu vaccination season 2026-09-01',
      'Stay Well This Winter 2026-10-01',
      'Dry January 2027-01-01',
    ]);
  });

  it('when a range crosses the new year, then occurrences from both years come back, soonest first, each once', async () => {
    const all = await calendar.between(undefined, { start: '2026-11-20', end: '2027-02-05' });

    expect(all.map((o) => `${o.campaignId.replace('national:', '')} ${o.start}`)).toEqual([
      'flu-vaccination-season 2026-09-01',
      'stay-well-this-winter 2026-10-01',
      'movember 2026-11-01',
      'self-care-week 2026-11-16',
      'world-antimicrobial-resistance-awareness-week 2026-11-18',
      'dry-january 2027-01-01',
      'cervical-cancer-prevention-week 2027-01-18',
      'time-to-talk-day 2027-02-04',
      'world-cancer-day 2027-02-04',
    ]);
  });

  it('when the clocks go forward (Sunday 29 March 2026) or back (Sunday 25 October 2026), then no campaign moves a day', async () => {
    expect(await names('2026-03-29', '2026-03-29')).toEqual([
      'Flu vaccination season 2025-09-01',
      'Stay Well This Winter 2025-10-01',
      'Ovarian Cancer Awareness Month 2026-03-01',
      'Prostate Cancer Awareness Month 2026-03-01',
      'Hay fever season 2026-03-20',
    ]);
    expect(await names('2026-10-25', '2026-10-25')).toEqual([
      'Flu vaccination season 2026-09-01',
      'Breast Cancer Awareness Month 2026-10-01',
      'Stoptober 2026-10-01',
      'Stay Well This Winter 2026-10-01',
    ]);
  });

  it('when today is read at 00:30 on 1 October in London (still 30 September in UTC), then Stoptober is on', async () => {
    const today = dayOf(new Date('2026-09-30T23:30:00Z'));

    expect(today).toBe('2026-10-01');
    expect(await names(today, today)).toContain('Stoptober 2026-10-01');
  });

  it('when the process runs in a far-off time zone, then every date is the same', async () => {
    const inThisProcess = JSON.stringify(await calendar.between(undefined, { start: '2026-01-01', end: '2028-12-31' }));

    // Jest keeps its own copy of process.env, so the zone is changed for a separate node process.
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/London']) {
      const { stdout, status, stderr } = spawnSync(process.execPath, ['-e', IN_ANOTHER_ZONE], {
        cwd: path.join(__dirname, '../..'),
        env: { ...process.env, TZ: zone },
        encoding: 'utf8',
      });
      expect({ zone, status, stderr }).toEqual({ zone, status: 0, stderr: '' });
      const [hour, dates] = JSON.parse(stdout) as [number, string];
      expect({ zone, hour }).not.toEqual({ zone, hour: 12 });
      expect(dates).toBe(inThisProcess);
    }
  });
});

/** Runs the calendar from its TypeScript source in a plain node process and prints noon UTC's local hour and 2026 to 2028. */
const IN_ANOTHER_ZONE = `
  const ts = require('typescript');
  const fs = require('fs');
  require.extensions['.ts'] = (module, file) => {
    const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    module._compile(out.outputText, file);
  };
  const { CampaignCalendarService } = require('./services/campaigns/calendar.ts');
  new CampaignCalendarService({ list: async () => [] })
    .between(undefined, { start: '2026-01-01', end: '2028-12-31' })
    .then((all) => process.stdout.write(JSON.stringify([new Date(Date.UTC(2026, 5, 1, 12)).getHours(), JSON.stringify(all)])));
`;

describe("with the PCN's own campaigns", () => {
  it('when a PCN is given, then its own campaigns are among the national ones, soonest first; without one, or for another PCN, they are not', async () => {
    const week = { start: '2026-10-01', end: '2026-10-07' };

    const withOwn = await calendar.between(PCN, week);
    const without = await calendar.between(undefined, week);
    const other = await calendar.between('tenant-1:team-b', week);

    expect(withOwn.map((o) => `${o.kind} ${o.name}`)).toEqual([
      'national Flu vaccination season',
      'national Breast Cancer Awareness Month',
      'national Stoptober',
      'national Stay Well This Winter',
      'pcn Riverside Health Fair',
    ]);
    expect(withOwn.find((o) => o.kind === 'pcn')).toMatchObject({
      campaignId: 'pcn:health-fair',
      start: '2026-10-03',
      end: '2026-10-03',
      audience: 'Everyone in Riverside',
      source: 'Added by Alex Morgan for the PCN',
    });
    expect(without.map((o) => o.kind)).not.toContain('pcn');
    expect(other.map((o) => o.kind)).not.toContain('pcn');
  });

  it.each([
    ['stoptobr', 'national:stoptober', 'Stoptober'],
    ['mens health week', 'national:mens-health-week', "Men's Health Week"],
    ["Men's Health Week", 'national:mens-health-week', "Men's Health Week"],
    ['self-care week', 'national:self-care-week', 'Self Care Week'],
    ['flu', 'national:flu-vaccination-season', 'Flu vaccination season'],
    ['flu jabs', 'national:flu-vaccination-season', 'Flu vaccination season'],
    ['stop smoking month', 'national:stoptober', 'Stoptober'],
    ['Dry Januray', 'national:dry-january', 'Dry January'],
    ['carers week 2026', 'national:carers-week', 'Carers Week'],
    ['riverside helth fair', 'pcn:health-fair', 'Riverside Health Fair'],
    ['health fair', 'pcn:health-fair', 'Riverside Health Fair'],
  ])('when someone asks for "%s", then find gives %s', async (typed, campaignId, name) => {
    const match = await calendar.find(PCN, typed);

    expect(match).toMatchObject({ campaignId, name });
    expect(match!.score).toBeGreaterThanOrEqual(0);
    expect(match!.score).toBeLessThan(0.4);
  });

  it.each(['bananas', 'week', 'the', 'easter', 'christmas', ''])(
    'when someone asks for "%s", then find gives nothing',
    async (typed) => {
      await expect(calendar.find(PCN, typed)).resolves.toBeUndefined();
    },
  );

  it("when another PCN asks for this PCN's campaign, then find gives nothing", async () => {
    await expect(calendar.find('tenant-1:team-b', 'riverside health fair')).resolves.toBeUndefined();
  });

  it('when an exact name is asked for, then its score is 0', async () => {
    await expect(calendar.find(undefined, 'Stoptober')).resolves.toMatchObject({ score: 0 });
  });

  it('when the next occurrence is asked for, then it is the one on now, else the next to come', async () => {
    const next = async (slug: string, day: string) => {
      const o = await calendar.next(PCN, slug, day);
      return o && [o.start, o.end];
    };

    expect(await next(nationalId('flu-vaccination-season'), '2027-01-10')).toEqual(['2026-09-01', '2027-03-31']);
    expect(await next(nationalId('stoptober'), '2026-10-31')).toEqual(['2026-10-01', '2026-10-31']);
    expect(await next(nationalId('stoptober'), '2026-11-01')).toEqual(['2027-10-01', '2027-10-31']);
    expect(await next(nationalId('time-to-talk-day'), '2026-02-06')).toEqual(['2027-02-04', '2027-02-04']);
    expect(await next('pcn:health-fair', '2026-10-03')).toEqual(['2026-10-03', '2026-10-03']);
    expect(await next('pcn:health-fair', '2026-10-04')).toBeUndefined();
    expect(await next('national:no-such-thing', '2026-10-04')).toBeUndefined();
  });

  it("when names are asked for, then every national campaign and the PCN's own come with their aliases", async () => {
    const names = await calendar.names(PCN);

    expect(names).toHaveLength(NATIONAL_CAMPAIGNS.length + 1);
    expect(names).toContainEqual({
      campaignId: 'national:stoptober',
      name: 'Stoptober',
      aliases: ['stop smoking month', 'stop smoking'],
    });
    expect(names).toContainEqual({ campaignId: 'pcn:health-fair', name: 'Riverside Health Fair', aliases: ['health fair'] });
    expect(await calendar.names(undefined)).toHaveLength(NATIONAL_CAMPAIGNS.length);
  });
});
