import { RRule } from 'rrule';
import type { NationalCampaign } from './national-types';

/**
 * The UK health-awareness calendar shipped with the bot: every campaign in
 * DOMAIN.md's table, with the rule its dates follow each year and, where a
 * year's exact dates were published and differ or are confirmed, the
 * override (which wins). Rules find the first day; `duration` gives the rest.
 * A slug never changes once shipped: PCN plans and answers refer to it.
 */

const YEARLY = RRule.YEARLY;
const NHS = 'NHS England and UKHSA campaign pages' as const;
const CALENDARS = 'University and ICB wellbeing calendars' as const;
const MENTAL_HEALTH_UK = 'Mental Health UK' as const;

/** The whole month `month` (1 to 12). */
const wholeMonth = (month: number, lastDay: number) => ({
  rule: { freq: YEARLY, bymonth: month, bymonthday: 1 },
  duration: { through: { month, day: lastDay } },
});

/** One fixed day each year. */
const fixedDay = (month: number, day: number) => ({
  rule: { freq: YEARLY, bymonth: month, bymonthday: day },
  duration: { days: 1 },
});

/** The Monday that falls on one of the given days of the month: the week that starts then. */
const weekFromMonday = (month: number, firstPossibleDay: number) => ({
  rule: {
    freq: YEARLY,
    bymonth: month,
    byweekday: RRule.MO,
    bymonthday: [0, 1, 2, 3, 4, 5, 6].map((d) => firstPossibleDay + d),
  },
  duration: { days: 7 },
});

/** The week starting on the nth Monday of a month. */
const weekFromNthMonday = (month: number, nth: number) => ({
  rule: { freq: YEARLY, bymonth: month, byweekday: RRule.MO.nth(nth) },
  duration: { days: 7 },
});

export const NATIONAL_CAMPAIGNS: readonly NationalCampaign[] = [
  {
    slug: 'dry-january',
    name: 'Dry January',
    aliases: ['dry jan', 'alcohol free january', 'alcohol'],
    description: [
      'A month without alcohol, to feel the benefits and rethink drinking habits.',
      'Signpost alcohol advice and local support services, and encourage patients to sign up together.',
    ],
    audience: 'Adults who drink alcohol',
    timing: '1 to 31 January',
    ...wholeMonth(1, 31),
    sources: [NHS, CALENDARS],
    seasonal: true,
  },
  {
    slug: 'cervical-cancer-prevention-week',
    name: 'Cervical Cancer Prevention Week',
    aliases: ['cervical cancer week', 'cervical cancer prevention'],
    description: [
      'A week on preventing cervical cancer through HPV vaccination and cervical screening.',
      'Remind eligible patients to book their screening and young people to catch up on the HPV vaccine.',
    ],
    audience: 'Women and people with a cervix aged 25 to 64; young people for HPV vaccination',
    timing: 'Third or fourth week of January (the week from the Monday between 18 and 24 January)',
    ...weekFromMonday(1, 18),
    sources: [CALENDARS],
  },
  {
    slug: 'time-to-talk-day',
    name: 'Time to Talk Day',
    aliases: ['time to talk'],
    description: [
      'A day for conversations about mental health, to break the silence around it.',
      'Share how to start a conversation and where patients can get help, including NHS Talking Therapies.',
    ],
    audience: 'Everyone',
    timing: 'First Thursday of February',
    rule: { freq: YEARLY, bymonth: 2, byweekday: RRule.TH.nth(1) },
    duration: { days: 1 },
    sources: [MENTAL_HEALTH_UK, CALENDARS],
  },
  {
    slug: 'world-cancer-day',
    name: 'World Cancer Day',
    aliases: ['cancer day'],
    description: [
      'A global day to raise awareness of cancer and how to prevent, detect and treat it.',
      'Share the signs and symptoms to get checked, and promote the screening programmes patients are invited to.',
    ],
    audience: 'Everyone',
    timing: '4 February',
    ...fixedDay(2, 4),
    sources: [CALENDARS],
  },
  {
    slug: 'no-smoking-day',
    name: 'No Smoking Day',
    aliases: ['quit smoking day', 'no smoking'],
    description: [
      'A day that encourages smokers to quit, with support to stay smoke-free.',
      'Promote the local stop smoking service and how the practice can help patients quit.',
    ],
    audience: 'Adults who smoke',
    timing: 'Second Wednesday of March',
    rule: { freq: YEARLY, bymonth: 3, byweekday: RRule.WE.nth(2) },
    duration: { days: 1 },
    sources: [NHS, CALENDARS],
  },
  {
    slug: 'ovarian-cancer-awareness-month',
    name: 'Ovarian Cancer Awareness Month',
    aliases: ['ovarian cancer month', 'ovarian cancer'],
    description: [
      'A month to raise awareness of the symptoms of ovarian cancer.',
      'Share the symptoms to look out for (persistent bloating, feeling full quickly, tummy pain) and urge patients to contact the practice.',
    ],
    audience: 'Women and people with ovaries, especially over 50',
    timing: 'March',
    ...wholeMonth(3, 31),
    sources: [CALENDARS],
  },
  {
    slug: 'prostate-cancer-awareness-month',
    name: 'Prostate Cancer Awareness Month',
    aliases: ['prostate cancer month', 'prostate cancer'],
    description: [
      'A month to raise awareness of prostate cancer and who is most at risk.',
      'Encourage men at higher risk (over 50, Black men, a family history) to talk to the practice about it.',
    ],
    audience: 'Men over 50, Black men and men with a family history',
    timing: 'March',
    ...wholeMonth(3, 31),
    sources: [CALENDARS],
  },
  {
    slug: 'bowel-cancer-awareness-month',
    name: 'Bowel Cancer Awareness Month',
    aliases: ['bowel cancer month', 'bowel cancer'],
    description: [
      'A month to raise awareness of bowel cancer symptoms and screening.',
      'Encourage eligible patients to complete their home screening kit and to report symptoms early.',
    ],
    audience: 'Adults aged 50 to 74 (bowel screening); everyone for symptoms',
    timing: 'April',
    ...wholeMonth(4, 30),
    sources: [NHS, CALENDARS],
  },
  {
    slug: 'stress-awareness-month',
    name: 'Stress Awareness Month',
    aliases: ['stress month', 'stress'],
    description: [
      'A month to raise awareness of the causes of stress and ways to cope with it.',
      'Share self-help tips and signpost NHS Talking Therapies, which patients can refer themselves to.',
    ],
    audience: 'Everyone',
    timing: 'April',
    ...wholeMonth(4, 30),
    sources: [MENTAL_HEALTH_UK, CALENDARS],
  },
  {
    slug: 'hay-fever-season',
    name: 'Hay fever season',
    aliases: ['hay fever', 'hayfever', 'pollen', 'tree pollen', 'grass pollen'],
    description: [
      'Tree pollen from late March to mid May, then grass pollen from mid May to July.',
      'Point patients to their pharmacist for hay fever remedies first, and share pollen forecasts and self-care tips.',
    ],
    audience: 'People with hay fever, and parents of children with it',
    timing: 'Tree pollen late March to mid May; grass mid May to July (20 March to 31 July)',
    rule: { freq: YEARLY, bymonth: 3, bymonthday: 20 },
    duration: { through: { month: 7, day: 31 } },
    sources: [NHS, CALENDARS],
    seasonal: true,
  },
  {
    slug: 'sun-awareness-week',
    name: 'Sun Awareness Week',
    aliases: ['sun safety week', 'sun awareness', 'sun safety'],
    description: [
      'A week on staying safe in the sun and spotting the early signs of skin cancer.',
      'Share sun safety tips and encourage patients to check their skin and report changing moles.',
    ],
    audience: 'Everyone, especially parents and people who work outdoors',
    timing: 'Early May (the week from the first Monday of May)',
    ...weekFromNthMonday(5, 1),
    sources: [CALENDARS],
  },
  {
    slug: 'mental-health-awareness-week',
    name: 'Mental Health Awareness Week',
    aliases: ['mental health week', 'mhaw'],
    description: [
      'A week to raise awareness of mental health, with a different theme each year.',
      "Share the year's theme, self-help ideas and where patients can get support, including NHS Talking Therapies.",
    ],
    audience: 'Everyone',
    timing: 'Starts on the second Monday of May',
    ...weekFromNthMonday(5, 2),
    overrides: {
      // 2023 moved a week later: the second Monday was the coronation bank holiday.
      2023: { start: '2023-05-15', end: '2023-05-21', source: MENTAL_HEALTH_UK },
      2024: { start: '2024-05-13', end: '2024-05-19', source: MENTAL_HEALTH_UK },
      2025: { start: '2025-05-12', end: '2025-05-18', source: MENTAL_HEALTH_UK },
    },
    sources: [MENTAL_HEALTH_UK, CALENDARS],
  },
  {
    slug: 'carers-week',
    name: 'Carers Week',
    aliases: ['carers', 'carer week'],
    description: [
      'A week to recognise unpaid carers and the support they are entitled to.',
      'Invite carers to tell the practice they are a carer, and share local carer support and health checks.',
    ],
    audience: 'Unpaid carers',
    timing: 'Mid June (the week from the Monday between 5 and 11 June)',
    ...weekFromMonday(6, 5),
    sources: [CALENDARS],
  },
  {
    slug: 'diabetes-week',
    name: 'Diabetes Week',
    aliases: ['diabetes awareness week'],
    description: [
      'A week to raise awareness of diabetes and living well with it.',
      'Share the symptoms of type 2 diabetes, how to lower the risk, and the NHS Diabetes Prevention Programme.',
    ],
    audience: 'People with or at risk of diabetes',
    timing: 'Mid June (the week from the second Monday of June)',
    ...weekFromNthMonday(6, 2),
    sources: [CALENDARS],
  },
  {
    slug: 'mens-health-week',
    name: "Men's Health Week",
    aliases: ['mens health week', 'mens health'],
    description: [
      "A week to get men talking about their health, ending on Father's Day.",
      'Encourage men to book an NHS Health Check, talk about their mental health and not put off seeing a GP.',
    ],
    audience: 'Men',
    timing: "Monday before Father's Day (third Sunday of June) to Father's Day",
    rule: { freq: YEARLY, bymonth: 6, byweekday: RRule.SU.nth(3) },
    shiftDays: -6,
    duration: { days: 7 },
    overrides: { 2025: { start: '2025-06-09', end: '2025-06-15', source: "Men's Health Forum" } },
    sources: ["Men's Health Forum"],
  },
  {
    slug: 'cervical-screening-awareness-week',
    name: 'Cervical Screening Awareness Week',
    aliases: ['cervical screening week', 'smear test week', 'cervical screening'],
    description: [
      'A week to encourage people to go for cervical screening when invited.',
      'Explain what happens at a screening appointment and how to book one at the practice.',
    ],
    audience: 'Women and people with a cervix aged 25 to 64',
    timing: 'Mid to late June (the week from the third Monday of June)',
    ...weekFromNthMonday(6, 3),
    sources: [NHS, CALENDARS],
  },
  {
    slug: 'know-your-numbers-week',
    name: 'Know Your Numbers! Week',
    aliases: ['know your numbers', 'blood pressure week', 'blood pressure'],
    description: [
      'A week encouraging adults to know their blood pressure numbers.',
      'Tell patients where they can get a free blood pressure check: the practice, a pharmacy or an NHS Health Check.',
    ],
    audience: 'Adults, especially over 40',
    timing: 'September (the week from the first Monday of September)',
    ...weekFromNthMonday(9, 1),
    sources: [NHS, CALENDARS],
  },
  {
    slug: 'flu-vaccination-season',
    name: 'Flu vaccination season',
    aliases: ['flu', 'flu jabs', 'flu season', 'flu vaccine', 'flu clinics'],
    description: [
      'From 1 September for children and pregnant women, and from 1 October for people aged 65 and over and those at risk, to 31 March.',
      'Tell eligible patients how to book their flu vaccination and when the practice holds flu clinics.',
    ],
    audience: 'Children, pregnant women, people aged 65 and over, and people in clinical risk groups',
    timing: 'From 1 September (children, pregnant) and 1 October (65+, at risk) to 31 March',
    rule: { freq: YEARLY, bymonth: 9, bymonthday: 1 },
    duration: { through: { month: 3, day: 31 } },
    sources: [NHS],
    seasonal: true,
  },
  {
    slug: 'stoptober',
    name: 'Stoptober',
    aliases: ['stop smoking month', 'stop smoking'],
    description: [
      'The national 28-day stop smoking challenge, starting on 1 October.',
      'Encourage smokers to join in and promote the local stop smoking service and free support.',
    ],
    audience: 'Adults who smoke',
    timing: '1 to 31 October',
    ...wholeMonth(10, 31),
    sources: [NHS],
    seasonal: true,
  },
  {
    slug: 'world-mental-health-day',
    name: 'World Mental Health Day',
    aliases: ['mental health day'],
    description: [
      'A global day for mental health awareness and support.',
      'Share where patients can get mental health support, including NHS 111 (option 2) in a crisis.',
    ],
    audience: 'Everyone',
    timing: '10 October',
    ...fixedDay(10, 10),
    sources: [MENTAL_HEALTH_UK, CALENDARS],
  },
  {
    slug: 'breast-cancer-awareness-month',
    name: 'Breast Cancer Awareness Month',
    aliases: ['breast cancer month', 'breast cancer'],
    description: [
      'A month to raise awareness of breast cancer, checking and screening.',
      'Encourage patients to check their breasts regularly and to go for breast screening when invited.',
    ],
    audience: 'Women, especially aged 50 to 71 (breast screening); everyone for checking',
    timing: 'October',
    ...wholeMonth(10, 31),
    sources: [CALENDARS],
  },
  {
    slug: 'stay-well-this-winter',
    name: 'Stay Well This Winter',
    aliases: ['stay well', 'winter wellbeing', 'winter'],
    description: [
      'The NHS winter campaign: vaccinations, the right service first, and keeping warm and well.',
      'Remind patients to use NHS 111 online and their pharmacy, keep medicines stocked and get vaccinated.',
    ],
    audience: 'Everyone, especially older people and people with long-term conditions',
    timing: 'October to March',
    rule: { freq: YEARLY, bymonth: 10, bymonthday: 1 },
    duration: { through: { month: 3, day: 31 } },
    sources: [NHS],
    seasonal: true,
  },
  {
    slug: 'self-care-week',
    name: 'Self Care Week',
    aliases: ['self care', 'selfcare week'],
    description: [
      'A week on looking after your own health, and knowing when and where to get help.',
      'Share self-care tips for minor illnesses and when to use a pharmacy, NHS 111 or the practice.',
    ],
    audience: 'Everyone',
    timing: 'Mid November (the week from the Monday between 12 and 18 November)',
    ...weekFromMonday(11, 12),
    overrides: {
      2024: { start: '2024-11-18', end: '2024-11-24', source: 'Self Care Forum' },
      2025: { start: '2025-11-17', end: '2025-11-23', source: 'Self Care Forum' },
    },
    sources: ['Self Care Forum'],
  },
  {
    slug: 'world-antimicrobial-resistance-awareness-week',
    name: 'World Antimicrobial Resistance Awareness Week',
    aliases: ['waaw', 'antibiotic awareness week', 'antimicrobial resistance', 'antibiotics'],
    description: [
      'A global week to slow the spread of resistance to antibiotics and other antimicrobials.',
      'Explain why antibiotics do not help colds and flu, and how to take them properly when prescribed.',
    ],
    audience: 'Everyone',
    timing: '18 to 24 November',
    rule: { freq: YEARLY, bymonth: 11, bymonthday: 18 },
    duration: { days: 7 },
    sources: [NHS],
  },
  {
    slug: 'world-diabetes-day',
    name: 'World Diabetes Day',
    aliases: ['diabetes day'],
    description: [
      'A global day to raise awareness of diabetes.',
      'Share the symptoms of diabetes and encourage patients to attend their diabetes reviews and eye screening.',
    ],
    audience: 'People with or at risk of diabetes',
    timing: '14 November',
    ...fixedDay(11, 14),
    sources: [CALENDARS],
  },
  {
    slug: 'movember',
    name: 'Movember',
    aliases: ['moustache month'],
    description: [
      "A month of growing moustaches to raise money and awareness for men's health.",
      "Use it to talk about men's mental health, prostate cancer and testicular cancer, and encourage men to seek help.",
    ],
    audience: 'Men',
    timing: 'November',
    ...wholeMonth(11, 30),
    sources: [CALENDARS],
  },
];
