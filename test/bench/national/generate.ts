/**
 * The national data set: every PCN in England with four years of quick
 * check rounds and their answer history, a year of plans, channels and
 * reminder states, deterministic from a seed. Loaded through the Store
 * port's typed repositories and their batch steps (the same calls the
 * services make), never as raw documents, so it loads into either store.
 * The services themselves (PlanService with its draft checks, AnswerService
 * with its outbox advice) would take hours for 700,000 plans; what they
 * write is reproduced here record for record.
 */
import type { Answers, Pcn, Plan, Platform, Practice } from '../../../services/domain';
import type { ChannelRecord, ReminderState } from '../../../services/domain/channels';
import { DEFAULT_PCN_SETTINGS } from '../../../services/domain';
import { addDays, dayOf } from '../../../services/domain/days';
import { previousQuarter, type Quarter, quarterOf } from '../../../services/domain/quarters';
import type { Store } from '../../../services/store';
import type { BatchOperation } from '../../../services/store/documents';
import { seededRandom } from '../../support/teams-connector';
import { addMinutes, loadRound, type NationalCounts } from './rounds';
import { BOT_ID, NATIONAL, NATIONAL_TENANT, nationalShape, type PcnShape, type PracticeShape } from './shape';

export type { NationalCounts } from './rounds';

export interface NationalOptions {
  readonly seed: number;
  /** Everything is dated relative to this instant: the newest round is its quarter's. */
  readonly now: Date;
  readonly serviceUrl: string;
  readonly pcns?: number;
  readonly practices?: number;
  /** Quarters of rounds, the newest (now's) open; default 16 (four years). */
  readonly quarters?: number;
  /** Plans per practice over the year around now; default 100. */
  readonly plansPerPractice?: number;
  /** When each PCN installed the bot; default four years before now. The morning sets it just before the opening. */
  readonly installedAt?: string;
  /** Load only these PCNs (indexes into the national shape), each with the data it has in the whole nation. */
  readonly only?: ReadonlySet<number>;
  /** Called after each PCN is loaded (progress). */
  readonly onPcn?: (done: number, total: number) => void;
}

const PLATFORMS: readonly Platform[] = ['facebook', 'instagram', 'x', 'website', 'nextdoor', 'linkedin'] as Platform[];
const CAMPAIGNS = [
  'national:flu-vaccination-season',
  'national:dry-january',
  'national:stoptober',
  'national:stress-awareness-month',
  'national:bowel-cancer-awareness-month',
];
const SUMMARIES = [
  'Flu clinic dates for over 65s, book through the NHS App',
  'Reminder: our pharmacy team can help with minor illnesses',
  'Staff spotlight: meet our social prescriber',
  'Opening hours over the bank holiday',
  'How to order repeat prescriptions online',
  'Health check invitations for 40 to 74 year olds',
];

/** Loads the nation into `store` (which must be empty and initialised); returns what it wrote. */
export async function loadNational(store: Store, options: NationalOptions): Promise<NationalCounts> {
  const shape = nationalShape(options.seed, options.pcns ?? NATIONAL.pcns, options.practices ?? NATIONAL.practices);
  const counts: NationalCounts = {
    pcns: 0,
    practices: 0,
    rounds: 0,
    answers: 0,
    history: 0,
    actions: 0,
    plans: 0,
    channels: 0,
    reminders: 0,
  };
  const chosen = options.only ? shape.filter((p) => options.only?.has(p.index)) : shape;
  for (const [i, pcn] of chosen.entries()) {
    // One stream per PCN: a PCN's data does not depend on how many PCNs came before it.
    const random = seededRandom(options.seed * 100_003 + pcn.index);
    await loadPcn(store, pcn, options, random, counts);
    options.onPcn?.(i + 1, chosen.length);
  }
  return counts;
}

/** Commits steps in the PCN's partition, at most 100 at a time (the batch limit on both stores). */
class Batcher {
  private steps: BatchOperation[] = [];
  constructor(
    private readonly store: Store,
    private readonly pcnId: string,
  ) {}
  async add(step: BatchOperation): Promise<void> {
    this.steps.push(step);
    if (this.steps.length === 100) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.steps.length === 0) return;
    const steps = this.steps;
    this.steps = [];
    await this.store.batch(this.pcnId, steps);
  }
}

async function loadPcn(store: Store, shape: PcnShape, options: NationalOptions, random: () => number, counts: NationalCounts) {
  const now = options.now;
  const installedAt = options.installedAt ?? addYears(now, -4).toISOString();
  const general = { id: shape.teamId, name: 'General' };
  const pcn: Pcn = {
    pcnId: shape.pcnId,
    tenantId: NATIONAL_TENANT,
    teamId: shape.teamId,
    name: shape.name,
    admins: [shape.admin],
    postingChannel: general,
    serviceUrl: options.serviceUrl,
    botId: BOT_ID,
    installedAt,
    installedBy: shape.admin,
    active: true,
    settings: DEFAULT_PCN_SETTINGS,
    odsCodes: Object.fromEntries(shape.practices.map((p) => [p.odsCode, p.practiceId])),
    welcomed: { at: installedAt, token: `welcome-${shape.index}` },
  };
  const practices: Practice[] = shape.practices.map((p) => ({
    pcnId: shape.pcnId,
    practiceId: p.practiceId,
    name: p.name,
    odsCode: p.odsCode,
    leads: [p.lead],
    createdAt: installedAt,
  }));
  const batch = new Batcher(store, shape.pcnId);
  await batch.add(store.pcns.createStep(pcn));
  for (const practice of practices) await batch.add(store.practices.createStep(practice));
  await batch.flush();
  await store.conversations.save({
    pcnId: shape.pcnId,
    address: {
      conversationId: shape.teamId,
      channelId: shape.teamId,
      serviceUrl: options.serviceUrl,
      tenantId: NATIONAL_TENANT,
      botId: BOT_ID,
      botName: 'PCN Social Media',
      isGroup: true,
      conversationType: 'channel',
    },
    active: true,
    updatedAt: installedAt,
  });
  counts.pcns++;
  counts.practices += practices.length;

  // Rounds, oldest first, so each practice's follow-up actions open and close in order.
  const quarters: Quarter[] = [];
  for (let q = quarterOf(now), i = 0; i < (options.quarters ?? 16); i++, q = previousQuarter(q)) quarters.unshift(q);
  const lastAnswers = new Map<string, Answers>();
  for (const q of quarters) {
    const current = q.id === quarterOf(now).id;
    await loadRound(batch, store, shape, q, current, random, lastAnswers, counts);
  }
  await batch.flush();

  for (const practice of shape.practices) {
    for (const plan of plansFor(shape, practice, now, options.plansPerPractice ?? 100, random)) {
      await batch.add(store.plans.createStep(plan));
      counts.plans++;
    }
  }
  await batch.flush();

  for (const practice of shape.practices) {
    const channels = channelsFor(shape, practice, now, random);
    for (const channel of channels) {
      await batch.add(store.channels.createStep(channel));
      counts.channels++;
      if (random() < 0.3) {
        await batch.add(store.channels.saveReminderStep(snoozed(shape, practice, channel, now)));
        counts.reminders++;
      }
    }
  }
  await batch.flush();
}

function plansFor(shape: PcnShape, practice: PracticeShape, now: Date, n: number, random: () => number): Plan[] {
  const today = dayOf(now);
  const first = addDays(today, -182);
  return Array.from({ length: n }, (_, i) => {
    const start = addDays(first, Math.floor((i * 365) / n + random() * 3));
    const days = random() < 0.15 ? 1 + Math.floor(random() * 14) : 0;
    const end = addDays(start, days);
    const campaign = random() < 0.4 ? CAMPAIGNS[Math.floor(random() * CAMPAIGNS.length)] : undefined;
    const createdAt = `${addDays(start, -Math.floor(random() * 30) - 1)}T10:00:00.000Z`;
    const status = start < today ? (random() < 0.9 ? 'posted' : 'cancelled') : random() < 0.05 ? 'cancelled' : 'planned';
    return {
      pcnId: shape.pcnId,
      planId: `${practice.practiceId}-${String(i).padStart(3, '0')}`,
      practiceId: practice.practiceId,
      start,
      end,
      startMonth: start.slice(0, 7),
      platforms: [PLATFORMS[Math.floor(random() * PLATFORMS.length)] as Platform],
      ...(campaign ? { campaignId: campaign } : {}),
      summary: SUMMARIES[Math.floor(random() * SUMMARIES.length)] as string,
      owner: practice.lead,
      status,
      createdBy: practice.lead,
      createdAt,
      updatedAt: createdAt,
      version: 1,
    };
  });
}

function channelsFor(shape: PcnShape, practice: PracticeShape, now: Date, random: () => number): ChannelRecord[] {
  const count = 1 + Math.floor(random() * 3);
  return Array.from({ length: count }, (_, i) => {
    const platform = PLATFORMS[i] as Platform;
    const refreshed = addMinutes(now.toISOString(), -60 * 24 * Math.floor(random() * 40));
    return {
      pcnId: shape.pcnId,
      channelId: `${practice.practiceId}-${platform}`,
      practiceId: practice.practiceId,
      platform,
      address: platform === 'website' ? `https://www.example.nhs.uk/${practice.odsCode}` : `@${practice.odsCode.toLowerCase()}`,
      owner: practice.lead,
      lastRefreshedAt: refreshed,
      aboutReviewedAt: addMinutes(refreshed, -60 * 24 * 30),
      createdAt: addMinutes(now.toISOString(), -60 * 24 * 400),
      createdBy: practice.lead,
      updatedAt: refreshed,
    };
  });
}

function snoozed(shape: PcnShape, practice: PracticeShape, channel: ChannelRecord, now: Date): ReminderState {
  return {
    pcnId: shape.pcnId,
    kind: 'stale',
    subject: channel.channelId,
    snoozedUntil: addDays(dayOf(now), 3),
    updatedAt: now.toISOString(),
    updatedBy: practice.lead,
  };
}

function addYears(at: Date, years: number): Date {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}
