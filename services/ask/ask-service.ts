import type { Clock } from '../clock';
import {
  type AnswerCampaign,
  type AnswerView,
  type CampaignCalendar,
  type CampaignOccurrence,
  type DayRange,
  type LondonDay,
  type Plan,
  PLATFORMS,
  type Practice,
} from '../domain';
import { addDays, dayOf, formatDay, formatDayRange } from '../domain/days';
import type { Store } from '../store';
import { type AskedRange, comingUp } from './dates';
import { type Intent, readQuestion } from './intent';
import { NameMatcher, normaliseWords } from './names';

/** A campaign starting this soon with nobody planning for it is a gap worth saying. */
export const GAP_DAYS = 14;
/** At most this many campaigns or days in one answer, so the card stays readable. */
const MAX_ITEMS = 8;

type PracticeNames = ReadonlyMap<string, string>;

/**
 * Answers questions in plain English from the campaign calendar (national
 * and the PCN's own) and the PCN's plans: what is coming up, when a
 * campaign is, who is planning what. Every answer is a view for one card;
 * a question it cannot read gets examples of what to ask.
 */
export class AskService {
  constructor(
    private readonly store: Pick<Store, 'practices' | 'plans'>,
    private readonly calendar: CampaignCalendar,
    private readonly clock: Clock,
  ) {}

  /** `upcoming`: the campaigns of the next six weeks, with the PCN's plans for them. */
  async upcoming(pcnId: string | undefined): Promise<AnswerView> {
    const today = dayOf(this.clock.now());
    const practices = await this.practices(pcnId);
    return this.upcomingIn(pcnId, this.calendar, comingUp(today), today, practiceNames(practices));
  }

  async answer(pcnId: string | undefined, question: string): Promise<AnswerView> {
    const today = dayOf(this.clock.now());
    // The PCN's own campaigns are read once: the question's names and its answer both need them.
    const [practices, calendar] = await Promise.all([this.practices(pcnId), this.calendar.forPcn(pcnId)]);
    const campaignNames = await calendar.names(pcnId);
    const intent = readQuestion(question, today, {
      campaigns: new NameMatcher(campaignNames.map((c) => ({ id: c.campaignId, name: c.name, aliases: c.aliases }))),
      practices: new NameMatcher(practices.map((p) => ({ id: p.practiceId, name: p.name }))),
    });
    return this.answerIntent(pcnId, calendar, intent, today, practices);
  }

  private async answerIntent(
    pcnId: string | undefined,
    calendar: CampaignCalendar,
    intent: Intent,
    today: LondonDay,
    practices: Practice[],
  ): Promise<AnswerView> {
    const names = practiceNames(practices);
    switch (intent.kind) {
      case 'upcoming':
        return this.upcomingIn(pcnId, calendar, intent.period, today, names);
      case 'when':
        return this.campaignDates(pcnId, calendar, intent.campaign.id, today, names);
      case 'plans':
        return this.plansFor(pcnId, calendar, intent, today, names);
      case 'unknown':
        return notUnderstood(practices);
    }
  }

  private async upcomingIn(
    pcnId: string | undefined,
    calendar: CampaignCalendar,
    period: AskedRange,
    today: LondonDay,
    names: PracticeNames,
  ): Promise<AnswerView> {
    const [occurrences, plans] = await Promise.all([calendar.between(pcnId, period.range), this.plans(pcnId, period.range)]);
    const campaigns = occurrences.slice(0, MAX_ITEMS).map((o) => campaignLine(o, plansFor(o, plans), today, names));
    return {
      title: `Campaigns ${period.said}`,
      intro: formatDayRange(period.range),
      campaigns,
      days: [],
      empty: campaigns.length ? undefined : `There are no health campaigns in the calendar ${period.said}.`,
    };
  }

  private async campaignDates(
    pcnId: string | undefined,
    calendar: CampaignCalendar,
    campaignId: string,
    today: LondonDay,
    names: PracticeNames,
  ): Promise<AnswerView> {
    const occurrence = await calendar.next(pcnId, campaignId, today);
    if (!occurrence)
      return { title: 'Not in the calendar', campaigns: [], days: [], empty: 'I could not find the dates for that campaign.' };
    const plans = plansFor(occurrence, await this.plans(pcnId, occurrence));
    return { title: occurrence.name, campaigns: [campaignLine(occurrence, plans, today, names, true)], days: [] };
  }

  private async plansFor(
    pcnId: string | undefined,
    calendar: CampaignCalendar,
    intent: Extract<Intent, { kind: 'plans' }>,
    today: LondonDay,
    names: PracticeNames,
  ): Promise<AnswerView> {
    const occurrence = intent.campaign ? await calendar.next(pcnId, intent.campaign.id, today) : undefined;
    // Who is posting about a campaign that is already on means from today: what was posted before is done.
    const period: AskedRange =
      intent.period ??
      (occurrence
        ? {
            range: { start: occurrence.start < today ? today : occurrence.start, end: occurrence.end },
            said: `for ${occurrence.name}`,
          }
        : comingUp(today));
    let plans = await this.plans(pcnId, period.range);
    if (intent.practice) plans = plans.filter((p) => p.practiceId === intent.practice!.id);
    if (intent.campaign) plans = plans.filter((p) => isFor(p, intent.campaign!.id, intent.campaign!.name));
    const who = intent.practice ? intent.practice.name : 'The PCN';
    const about = intent.campaign ? ` about ${intent.campaign.name}` : '';
    const days = byDay(plans, names, !intent.practice);
    return {
      title: `${who}: plans${about} ${period.said}`,
      intro: formatDayRange(period.range),
      campaigns: occurrence && !intent.period ? [campaignLine(occurrence, plans, today, names)] : [],
      days: days.slice(0, MAX_ITEMS),
      empty: days.length
        ? undefined
        : `Nothing is planned${about} ${period.said}${intent.practice ? ` by ${intent.practice.name}` : ''}. Practices add their plans with **plan**.`,
    };
  }

  private async practices(pcnId: string | undefined): Promise<Practice[]> {
    return pcnId ? this.store.practices.list(pcnId) : [];
  }

  private async plans(pcnId: string | undefined, range: DayRange): Promise<Plan[]> {
    if (!pcnId) return [];
    return (await this.store.plans.between(pcnId, range)).filter((p) => p.status !== 'cancelled');
  }
}

function practiceNames(practices: readonly Practice[]): PracticeNames {
  return new Map(practices.map((p) => [p.practiceId, p.name]));
}

/** Whether a plan is for the campaign: by its id, or by the name the planner typed. */
function isFor(plan: Plan, campaignId: string, campaignName: string): boolean {
  if (plan.campaignId) return plan.campaignId === campaignId;
  return !!plan.campaignName && normaliseWords(plan.campaignName) === normaliseWords(campaignName);
}

function plansFor(occurrence: CampaignOccurrence, plans: readonly Plan[]): Plan[] {
  return plans.filter(
    (p) => isFor(p, occurrence.campaignId, occurrence.name) && p.start <= occurrence.end && occurrence.start <= p.end,
  );
}

function platforms(plan: Plan): string {
  const names = plan.platforms.map((p) => PLATFORMS[p]);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? 'social media');
}

/** "Riverside Medical Centre: Facebook, Monday 5 October: flu clinic dates (posted)". */
function planLine(plan: Plan, names: PracticeNames, withPractice = true, withDay = true): string {
  const practice = names.get(plan.practiceId) ?? 'A practice no longer in the PCN';
  const when = plan.start === plan.end ? formatDay(plan.start, false) : formatDayRange(plan);
  const parts = [withPractice ? `${practice}: ${platforms(plan)}` : platforms(plan)];
  if (withDay) parts.push(when);
  const text = `${parts.join(', ')}: ${plan.summary}`;
  return plan.status === 'posted' ? `${text} (posted)` : text;
}

function campaignLine(
  occurrence: CampaignOccurrence,
  plans: readonly Plan[],
  today: LondonDay,
  names: PracticeNames,
  full = false,
): AnswerCampaign {
  const startsSoon = occurrence.start >= today && occurrence.start <= addDays(today, GAP_DAYS);
  return {
    name: occurrence.name,
    dates: formatDayRange(occurrence),
    description: full ? occurrence.description : undefined,
    audience: full && occurrence.audience ? `Suits: ${occurrence.audience}` : undefined,
    plans: plans.map((p) => planLine(p, names)),
    gap:
      startsSoon && plans.length === 0 ? 'Starts within two weeks and no practice has planned anything for it yet.' : undefined,
    note: occurrence.kind === 'pcn' ? "Your PCN's own campaign" : undefined,
  };
}

function byDay(plans: readonly Plan[], names: PracticeNames, withPractice: boolean): AnswerView['days'] {
  const days = new Map<string, string[]>();
  for (const plan of plans) {
    const day = formatDay(plan.start, true);
    const lines = days.get(day) ?? [];
    lines.push(planLine(plan, names, withPractice, plan.start !== plan.end));
    days.set(day, lines);
  }
  return [...days.entries()].map(([day, lines]) => ({ day, plans: lines }));
}

/** The reply to a question the bot cannot read: what it can answer, with the PCN's own names in the examples. */
function notUnderstood(practices: readonly Practice[]): AnswerView {
  const practice = practices[0]?.name.split(' ')[0] ?? 'Riverside';
  return {
    title: "I'm not sure what you're asking",
    intro: 'I can answer questions about health campaigns and what practices plan to post. For example:',
    campaigns: [],
    days: [],
    examples: ['What campaigns are coming up?', 'When is Stoptober?', `What is ${practice} doing next week?`],
  };
}

export { type Intent } from './intent';
