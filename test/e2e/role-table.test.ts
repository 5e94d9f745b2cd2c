import { ASK_VERB } from '../../cards/answer';
import { CampaignVerbs } from '../../cards/campaigns';
import { ChannelVerbs } from '../../cards/channel';
import { HELP_RUN_VERB } from '../../cards/help';
import { PlanVerbs } from '../../cards/plan';
import { RefreshVerbs } from '../../cards/refresh';
import { Verbs } from '../../cards/verbs';
import { loadConfig } from '../../services/config';
import type { DocType } from '../../services/store/documents';
import { createStore, type Store } from '../../services/store';
import { FakeClock } from '../support/fakes';
import { type Harness, PCN_ID, PEOPLE, type Someone, startHarness, TEAM_ID } from '../support/bot-harness';
import { STORE_KINDS, useStore } from '../support/store-kinds';

/**
 * Every command and card action, by role: the PCN admin, the lead of the
 * practice on the card, and a member of the team. Each cell runs through
 * real HTTP: an allowed one is not refused; a refused one gets the refusal
 * and changes nothing in the store. The table must name every command and
 * verb the bot has, so a new one cannot arrive without its row.
 */
type Cell = 'allowed' | 'refused';
interface Row {
  readonly admin: Cell;
  readonly lead: Cell;
  readonly member: Cell;
  /** The card's data for an action (the practice id is filled in). */
  readonly data?: (practiceId: string) => Record<string, unknown>;
  /** Extra words after a command. */
  readonly text?: string;
}

const ADMINS: Pick<Row, 'admin' | 'lead' | 'member'> = { admin: 'allowed', lead: 'refused', member: 'refused' };
const PRACTICE: Pick<Row, 'admin' | 'lead' | 'member'> = { admin: 'allowed', lead: 'allowed', member: 'refused' };
const ANYONE: Pick<Row, 'admin' | 'lead' | 'member'> = { admin: 'allowed', lead: 'allowed', member: 'allowed' };
const Q = '2027-Q1';
const ANSWERS = { strategy: 'yes', managed: 'no', impact: 'yes', value: 'yes' };
const SETTINGS = {
  quickCheckEnabled: 'true',
  quickCheckTime: '10:00',
  reminderEnabled: 'true',
  reminderAfterDays: '7',
  digestWeekday: 'monday',
  digestTime: '09:00',
  refreshCheckTime: '10:00',
  quickCheckToLeads: 'false',
  staleAfterDays: '14',
};

/** A channel of the lead's practice, made before each row, for the rows that change one. */
const CHANNEL_ID = 'role-table-channel';
const CHANNEL = () => ({ channelId: CHANNEL_ID });
const REMINDER = () => ({
  pcnId: PCN_ID,
  day: '2027-01-04',
  reminders: `stale:${CHANNEL_ID}`,
  reason: 'We closed this account.',
});

/** A plan of the lead's practice, made before each row, for the rows that change one. */
const PLAN_ID = 'role-table-plan';
/** A plan card as Save sends it, for the lead's practice (the lead is its owner). */
const PLAN_CARD = (practiceId: string) => ({
  practiceId,
  start: '2027-01-20',
  end: '2027-01-20',
  platforms: 'facebook',
  campaign: '',
  otherCampaign: '',
  summary: 'Flu clinic dates for January.',
  ownerId: PEOPLE.lead.aadObjectId,
});

export const ROLE_TABLE: Readonly<Record<string, Row>> = {
  'command help': ANYONE,
  'command setup': ADMINS,
  'command start quick check': ADMINS,
  'command results': ANYONE,
  'command export': ADMINS,
  'command settings': ADMINS,
  'command status': ADMINS,
  'command campaigns': ADMINS,
  'command calendar link': ANYONE,
  'command calendar link reset': ADMINS,
  'command upcoming': ANYONE,
  [`action ${ASK_VERB}`]: { ...ANYONE, data: () => ({ question: 'When is Stoptober?' }) },
  [`action ${HELP_RUN_VERB}`]: { ...ANYONE, data: () => ({ command: 'results' }) },
  [`action ${Verbs.openSetup}`]: ADMINS,
  [`action ${Verbs.showSetup}`]: ADMINS,
  [`action ${Verbs.newPractice}`]: ADMINS,
  [`action ${Verbs.editSettings}`]: ADMINS,
  [`action ${Verbs.editPractice}`]: { ...ADMINS, data: (practiceId) => ({ practiceId }) },
  [`action ${Verbs.addPractice}`]: {
    ...ADMINS,
    data: () => ({ newName: 'Hillside Surgery', newOds: 'B82099', newLeads: PEOPLE.newcomer.aadObjectId }),
  },
  [`action ${Verbs.savePractice}`]: {
    ...ADMINS,
    data: (id) => ({
      practiceId: id,
      [`name_${id}`]: 'Riverside Health',
      [`ods_${id}`]: 'B82005',
      [`leads_${id}`]: PEOPLE.lead.aadObjectId,
    }),
  },
  [`action ${Verbs.removePractice}`]: { ...ADMINS, data: (practiceId) => ({ practiceId }) },
  [`action ${Verbs.saveSettings}`]: { ...ADMINS, data: () => ({ postingChannel: TEAM_ID, admins: PEOPLE.admin.aadObjectId }) },
  [`action ${Verbs.quickCheckSubmit}`]: {
    ...PRACTICE,
    data: (practiceId) => ({ roundId: Q, practiceId, pcnId: PCN_ID, ...ANSWERS }),
  },
  [`action ${Verbs.quickCheckChange}`]: { ...PRACTICE, data: (practiceId) => ({ roundId: Q, practiceId, pcnId: PCN_ID }) },
  [`action ${Verbs.resultsRemind}`]: { ...ADMINS, data: (practiceId) => ({ quarter: Q, practiceId }) },
  [`action ${Verbs.newPractices}`]: ADMINS,
  [`action ${Verbs.addPractices}`]: {
    ...ADMINS,
    data: () => ({ newPractices: 'Hillside Surgery, B82099\nValley Practice, B82098' }),
  },
  [`action ${Verbs.saveLeads}`]: {
    ...ADMINS,
    data: (id) => ({ practiceId: id, [`leads_${id}`]: PEOPLE.lead.aadObjectId, queue: '' }),
  },
  [`action ${Verbs.resultsShow}`]: { ...ANYONE, data: () => ({ view: 'trend' }) },
  [`action ${Verbs.statusShow}`]: ADMINS,
  [`action ${Verbs.statusRetry}`]: { ...ADMINS, data: () => ({ key: 'quick-check:2027-Q1:nothing-here' }) },
  [`action ${Verbs.settingsSave}`]: { ...ADMINS, data: () => SETTINGS },
  [`action ${Verbs.exportLink}`]: { ...ADMINS, data: () => ({ quarter: 'all' }) },
  [`action ${CampaignVerbs.show}`]: ADMINS,
  [`action ${CampaignVerbs.add}`]: ADMINS,
  [`action ${CampaignVerbs.edit}`]: { ...ADMINS, data: () => ({ campaignId: 'pcn:no-such-campaign' }) },
  [`action ${CampaignVerbs.save}`]: {
    ...ADMINS,
    data: () => ({ campaignId: '', version: '', name: 'Riverside Health Fair', start: '2027-01-20', end: '2027-01-20' }),
  },
  [`action ${CampaignVerbs.remove}`]: { ...ADMINS, data: () => ({ campaignId: 'pcn:no-such-campaign', version: '"0"' }) },
  [`action ${CampaignVerbs.calendarLink}`]: ANYONE,
  'command plan': { ...PRACTICE, text: 'a Facebook post about flu clinics on 20 Jan' },
  'command plans': ANYONE,
  [`action ${PlanVerbs.open}`]: PRACTICE,
  [`action ${PlanVerbs.list}`]: ANYONE,
  [`action ${PlanVerbs.save}`]: { ...PRACTICE, data: PLAN_CARD },
  [`action ${PlanVerbs.goAhead}`]: { ...PRACTICE, data: (practiceId) => ({ ...PLAN_CARD(practiceId), ack: '0' }) },
  [`action ${PlanVerbs.change}`]: { ...PRACTICE, data: PLAN_CARD },
  [`action ${PlanVerbs.edit}`]: { ...PRACTICE, data: () => ({ planId: PLAN_ID }) },
  [`action ${PlanVerbs.cancel}`]: { ...PRACTICE, data: () => ({ planId: PLAN_ID }) },
  [`action ${PlanVerbs.posted}`]: { ...PRACTICE, data: () => ({ planId: PLAN_ID }) },
  'command channels': PRACTICE,
  'command refreshed': { ...PRACTICE, text: 'Facebook' },
  'command refresh status': ADMINS,
  [`action ${ChannelVerbs.list}`]: PRACTICE,
  [`action ${ChannelVerbs.add}`]: PRACTICE,
  [`action ${ChannelVerbs.edit}`]: { ...PRACTICE, data: CHANNEL },
  [`action ${ChannelVerbs.remove}`]: { ...PRACTICE, data: CHANNEL },
  [`action ${ChannelVerbs.refreshed}`]: { ...PRACTICE, data: CHANNEL },
  [`action ${ChannelVerbs.about}`]: { ...PRACTICE, data: CHANNEL },
  [`action ${ChannelVerbs.save}`]: {
    ...PRACTICE,
    data: (practiceId) => ({ practiceId, platform: 'instagram', address: '@RiversideSurgery', ownerId: PEOPLE.lead.aadObjectId }),
  },
  [`action ${RefreshVerbs.done}`]: { ...PRACTICE, data: REMINDER },
  [`action ${RefreshVerbs.snooze}`]: { ...PRACTICE, data: REMINDER },
  [`action ${RefreshVerbs.notRelevant}`]: { ...PRACTICE, data: REMINDER },
};

const REFUSAL = /^(Only a PCN admin can|Only a practice lead or a PCN admin can|Thanks, but only)/;
/** An allowed cell must get past every check: no refusal, no apology, no "I don't recognise that". */
const NOT_DONE = new RegExp(`${REFUSAL.source}|^Sorry|went wrong|very busy`);
/** What a turn may change even when refused: the stored address of the thread it came from. */
const WATCHED: readonly DocType[] = [
  'pcn',
  'practice',
  'round',
  'answer',
  'answerHistory',
  'action',
  'outbox',
  'campaign',
  'calendar',
  'plan',
  'channel',
  'reminder',
];

async function snapshot(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const type of WATCHED) {
    const page = await store.documents.query<{ etag: string }>(PCN_ID, type, { limit: 1000 });
    parts.push(...page.items.map((d) => `${d.id}@${d.etag}`));
  }
  return parts.sort().join('\n');
}

/** Waits until the outbox has sent everything and the round has recorded where its card landed. */
async function settled(store: Store): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const outbox = await store.documents.query<{ status: string }>(PCN_ID, 'outbox', { limit: 1000 });
    const round = await store.documents.get<{ cards: object }>(PCN_ID, 'round', `round:${Q}`);
    if (outbox.items.every((o) => o.status === 'sent') && round && Object.keys(round.cards).length > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('The outbox did not settle');
}

const ROLES: readonly [keyof typeof PEOPLE & ('admin' | 'lead' | 'member'), Someone][] = [
  ['member', PEOPLE.member],
  ['lead', PEOPLE.lead],
  ['admin', PEOPLE.admin],
];

describe.each(STORE_KINDS)('who may do what (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  let practiceId: string;

  beforeEach(async () => {
    const clock = new FakeClock('2027-01-04T09:30:00Z');
    const config = loadConfig({ PLAYGROUND: '0', DEMO: '0', SQLITE_PATH: ':memory:', ...storeEnv() });
    h = await startHarness({ clock, store: createStore(config) });
    await h.install(PEOPLE.admin);
    await h.invoke(PEOPLE.admin, Verbs.addPractice, {
      newName: 'Riverside Surgery',
      newOds: 'B82005',
      newLeads: PEOPLE.lead.aadObjectId,
    });
    practiceId = (await h.store.practices.list(PCN_ID))[0]!.practiceId;
    const planner = { aadObjectId: PEOPLE.lead.aadObjectId, name: PEOPLE.lead.name };
    await h.store.plans.create({
      pcnId: PCN_ID,
      planId: PLAN_ID,
      practiceId,
      start: '2027-01-18',
      end: '2027-01-18',
      startMonth: '2027-01',
      platforms: ['instagram'],
      summary: 'Dry January: our tips for a healthier month.',
      owner: planner,
      status: 'planned',
      version: 1,
      createdBy: planner,
      createdAt: '2027-01-04T09:00:00.000Z',
      updatedAt: '2027-01-04T09:00:00.000Z',
    });
    await h.store.channels.create({
      pcnId: PCN_ID,
      channelId: CHANNEL_ID,
      practiceId,
      platform: 'facebook',
      address: '@RiversideSurgery',
      owner: planner,
      createdAt: '2026-09-01T09:00:00.000Z',
      createdBy: planner,
      updatedAt: '2026-09-01T09:00:00.000Z',
    });
    await h.say(PEOPLE.admin, 'start quick check');
    await h.connector.waitFor((a) => /opened the quick check/.test(String(a.activity.text ?? '')));
    await settled(h.store);
  });
  afterEach(() => h.close());

  it('when the table is compared with the bot, then it has a row for every command and card action, and no other', () => {
    const router = h.app.router;
    const names = [
      ...router.commands.map((c) => `command ${c.name}`),
      ...router.features.flatMap((f) => f.actions.map((a) => `action ${a.verb}`)),
    ];

    expect(names.sort()).toEqual(Object.keys(ROLE_TABLE).sort());
  });

  it.each(Object.entries(ROLE_TABLE))('%s', async (name, row) => {
    // Refused roles first, against the same state, then the allowed ones (which may change it).
    const order = [...ROLES].sort(([a], [b]) => Number(row[a] === 'allowed') - Number(row[b] === 'allowed'));
    for (const [role, person] of order) {
      const before = await snapshot(h.store);
      h.connector.reset();
      const answer = await run(h, name, row, person, practiceId);

      if (row[role] === 'refused') {
        expect({ role, answer }).toEqual({ role, answer: expect.stringMatching(REFUSAL) });
        expect(await snapshot(h.store)).toBe(before);
      } else {
        expect({ role, answer }).toEqual({ role, answer: expect.not.stringMatching(NOT_DONE) });
      }
    }
  });
});

/** Runs a command or card action as `person`; returns the text answered, or '(card)' for a card. */
async function run(h: Harness, name: string, row: Row, person: Someone, practiceId: string): Promise<string> {
  const [kind, ...rest] = name.split(' ');
  const what = rest.join(' ');
  if (kind === 'command') {
    await h.say(person, `${what}${row.text ? ` ${row.text}` : ''}`);
    const reply = await h.connector.waitFor((a) => a.activity.type === 'message');
    return typeof reply.activity.text === 'string' && reply.activity.text ? reply.activity.text : '(card)';
  }
  const { body } = await h.invoke(person, what, row.data?.(practiceId) ?? {});
  return body.type === 'application/vnd.microsoft.activity.message' ? String(body.value) : '(card)';
}
