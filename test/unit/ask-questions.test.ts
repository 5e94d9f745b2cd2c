import { readQuestion, type Intent } from '../../services/ask/intent';
import { NameMatcher } from '../../services/ask/names';
import { NATIONAL_CAMPAIGNS } from '../../services/campaigns/national';

/**
 * How the bot reads questions, asked on Tuesday 1 December 2026. Each row:
 * the question, then what it must be read as: the intent, the campaign or
 * practice it names, and the days it is about.
 */
const TODAY = '2026-12-01';
const COMING_UP = ['2026-12-01', '2027-01-11'];

/** The bot's own national calendar, by slug: the names and aliases people's questions are matched against. */
const CAMPAIGNS = NATIONAL_CAMPAIGNS.map((c) => ({ id: c.slug, name: c.name, aliases: c.aliases }));

const PRACTICES = [
  ['p-river', 'Riverside Medical Centre'],
  ['p-mill', 'Millbrook Surgery'],
  ['p-oak', 'Oakfield Family Practice'],
  ['p-canal', 'Canal Street Health Centre'],
] as const;

const names = {
  campaigns: new NameMatcher(CAMPAIGNS),
  practices: new NameMatcher(PRACTICES.map(([id, name]) => ({ id, name }))),
};

type Expected =
  | ['upcoming', string, string]
  | ['when', string]
  | ['plans', { practice?: string; campaign?: string; range?: [string, string] }]
  | ['unknown'];

/** The intent reduced to what the table pins. */
function summary(intent: Intent): Expected {
  switch (intent.kind) {
    case 'upcoming':
      return ['upcoming', intent.period.range.start, intent.period.range.end];
    case 'when':
      return ['when', intent.campaign.id];
    case 'plans':
      return [
        'plans',
        {
          ...(intent.practice ? { practice: intent.practice.id } : {}),
          ...(intent.campaign ? { campaign: intent.campaign.id } : {}),
          ...(intent.period ? { range: [intent.period.range.start, intent.period.range.end] } : {}),
        },
      ];
    case 'unknown':
      return ['unknown'];
  }
}

const TABLE: readonly [string, Expected][] = [
  // What is coming up, and when
  ['What campaigns are coming up?', ['upcoming', COMING_UP[0]!, COMING_UP[1]!]],
  ["What's coming up?", ['upcoming', COMING_UP[0]!, COMING_UP[1]!]],
  ['anything in the next 6 weeks?', ['upcoming', '2026-12-01', '2027-01-11']],
  ["what's on in December?", ['upcoming', '2026-12-01', '2026-12-31']],
  ['What awareness days are in January?', ['upcoming', '2027-01-01', '2027-01-31']],
  ['any campaigns next month', ['upcoming', '2027-01-01', '2027-01-31']],
  ['campaigns this quarter', ['upcoming', '2026-12-01', '2026-12-31']],
  ['what health campaigns are there next quarter?', ['upcoming', '2027-01-01', '2027-03-31']],
  ["What's happening after Christmas?", ['upcoming', '2026-12-27', '2027-01-31']],
  ['campaigns w/c 7 Dec', ['upcoming', '2026-12-07', '2026-12-13']],
  ['campaigns week commencing 4th January', ['upcoming', '2027-01-04', '2027-01-10']],
  ["What's on 3/12?", ['upcoming', '2026-12-03', '2026-12-03']],
  ['anything on next Tues?', ['upcoming', '2026-12-08', '2026-12-08']],
  ['what campaigns are in the spring', ['upcoming', '2027-03-01', '2027-05-31']],
  ['upcoming awareness weeks', ['upcoming', COMING_UP[0]!, COMING_UP[1]!]],
  ["What's on over the next fortnight?", ['upcoming', '2026-12-01', '2026-12-14']],
  ['Anything before Christmas?', ['upcoming', '2026-12-01', '2026-12-24']],
  ['campaigns in March 2028', ['upcoming', '2028-03-01', '2028-03-31']],
  ["What's on in Feb?", ['upcoming', '2027-02-01', '2027-02-28']],
  ['what is on between 3/12 and 10/12', ['upcoming', '2026-12-03', '2026-12-10']],
  ['What campaigns are there from 1 to 14 December?', ['upcoming', '2026-12-01', '2026-12-14']],
  ['What campaigns are coming up in May?', ['upcoming', '2027-05-01', '2027-05-31']],
  ['What may be coming up soon?', ['upcoming', COMING_UP[0]!, COMING_UP[1]!]],
  ['any awareness days this week?', ['upcoming', '2026-12-01', '2026-12-06']],
  // (Asked on a Sunday, "this week" runs to the end of the coming week: see the weekend test below.)
  ['What is happening tomorrow?', ['upcoming', '2026-12-02', '2026-12-02']],
  ['campaigns in the next 3 months', ['upcoming', '2026-12-01', '2027-02-28']],
  ['What is on this summer?', ['upcoming', '2027-06-01', '2027-08-31']],
  ['what is on this winter?', ['upcoming', '2026-12-01', '2027-02-28']],
  ['any stress campaigns?', ['when', 'stress-awareness-month']],
  ['when is antibiotic awareness week', ['when', 'world-antimicrobial-resistance-awareness-week']],
  ['smear test week?', ['when', 'cervical-screening-awareness-week']],
  ['Campaigns on 14th Jan', ['upcoming', '2027-01-14', '2027-01-14']],
  ['anything on Jan 14?', ['upcoming', '2027-01-14', '2027-01-14']],
  // When a campaign is
  ['When is Stoptober?', ['when', 'stoptober']],
  ['when does flu season start?', ['when', 'flu-vaccination-season']],
  ["when's stoptobr", ['when', 'stoptober']],
  ['What date is World Cancer Day?', ['when', 'world-cancer-day']],
  ['mens health week dates', ['when', 'mens-health-week']],
  ["When is Men's Health Week next year?", ['when', 'mens-health-week']],
  ['self care week?', ['when', 'self-care-week']],
  ['How long is Dry January?', ['when', 'dry-january']],
  ['when is time to talk day', ['when', 'time-to-talk-day']],
  ['When does Mental Health Awareness Week start?', ['when', 'mental-health-awareness-week']],
  ['when is world mental health day', ['when', 'world-mental-health-day']],
  ['when is no smoking day', ['when', 'no-smoking-day']],
  ['Sun awareness week dates', ['when', 'sun-awareness-week']],
  ['when is movember', ['when', 'movember']],
  ['When is diabetes week', ['when', 'diabetes-week']],
  ["when's hay fever season", ['when', 'hay-fever-season']],
  ['carers week', ['when', 'carers-week']],
  ['when is breast cancer awareness month', ['when', 'breast-cancer-awareness-month']],
  ['when is cervical screening awareness week?', ['when', 'cervical-screening-awareness-week']],
  ['when is stay well this winter', ['when', 'stay-well-this-winter']],
  ['When are the flu jabs?', ['when', 'flu-vaccination-season']],
  ['when is blood pressure week', ['when', 'know-your-numbers-week']],
  // Who is planning what
  ["What's planned next week?", ['plans', { range: ['2026-12-07', '2026-12-13'] }]],
  ['what is Riverside doing in January?', ['plans', { practice: 'p-river', range: ['2027-01-01', '2027-01-31'] }]],
  ['who is posting about flu?', ['plans', { campaign: 'flu-vaccination-season' }]],
  ['What has Millbrook planned for December?', ['plans', { practice: 'p-mill', range: ['2026-12-01', '2026-12-31'] }]],
  ['any plans for stoptober', ['plans', { campaign: 'stoptober' }]],
  ['what are practices posting this week', ['plans', { range: ['2026-12-01', '2026-12-06'] }]],
  ['Is anyone doing anything for Self Care Week?', ['plans', { campaign: 'self-care-week' }]],
  ['riverside surgery plans', ['plans', { practice: 'p-river', range: COMING_UP as unknown as [string, string] }]],
  ['What is Oakfield posting tomorrow?', ['plans', { practice: 'p-oak', range: ['2026-12-02', '2026-12-02'] }]],
  ["what's canal street got planned after christmas", ['plans', { practice: 'p-canal', range: ['2026-12-27', '2027-01-31'] }]],
  ['plans w/c 14 Dec', ['plans', { range: ['2026-12-14', '2026-12-20'] }]],
  ["who's posting on 3/12?", ['plans', { range: ['2026-12-03', '2026-12-03'] }]],
  ['What is Millbrok doing next month?', ['plans', { practice: 'p-mill', range: ['2027-01-01', '2027-01-31'] }]],
  ['Has anyone planned something for Dry January?', ['plans', { campaign: 'dry-january' }]],
  ['what have we got planned over Christmas', ['plans', { range: ['2026-12-24', '2027-01-02'] }]],
  ['Riverside', ['plans', { practice: 'p-river', range: COMING_UP as unknown as [string, string] }]],
  ["what's oakfield family practice doing", ['plans', { practice: 'p-oak', range: COMING_UP as unknown as [string, string] }]],
  ['show me plans for the next 3 weeks', ['plans', { range: ['2026-12-01', '2026-12-21'] }]],
  ['are we doing anything for Movember', ['plans', { campaign: 'movember' }]],
  ['What is Riverside doing w/c 2 Dec', ['plans', { practice: 'p-river', range: ['2026-11-30', '2026-12-06'] }]],
  [
    'Who is posting about flu clinics in January?',
    ['plans', { campaign: 'flu-vaccination-season', range: ['2027-01-01', '2027-01-31'] }],
  ],
  // Not a question it can answer
  ['bananas', ['unknown']],
  ['what is the meaning of life', ['unknown']],
  ['Tell me a joke', ['unknown']],
  ['asdfgh', ['unknown']],
];

describe('reading questions at the weekend', () => {
  it('when "this week" is asked on a Sunday, then it covers the week ahead', () => {
    expect(summary(readQuestion("what's planned this week?", '2026-12-20', names))).toEqual([
      'plans',
      { range: ['2026-12-20', '2026-12-27'] },
    ]);
  });
});

describe('reading questions (asked on Tuesday 1 December 2026)', () => {
  it('when the table is counted, then it has at least 60 phrasings', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(TABLE)('"%s"', (question, expected) => {
    expect(summary(readQuestion(question, TODAY, names))).toEqual(expected);
  });
});
