import { requireAdmin, requirePcn } from '../access';
import type { Clock } from '../clock';
import {
  addDays,
  type CampaignCalendar,
  type CampaignOccurrence,
  type CalendarLinkView,
  dayOf,
  isDay,
  type PcnCalendarRecord,
  PLATFORMS,
  type Person,
  type Plan,
} from '../domain';
import { AlreadyExistsError, AppError, ConflictError } from '../errors';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { pcnOccurrence } from './calendar';
import { signFeedPath, verifyFeedFile } from './feed-links';
import { buildCalendar, type FeedEvent } from './ical';

export interface CalendarFeedOptions {
  /** The key links are signed with (the export secret); undefined switches calendar links off. */
  readonly secret?: Buffer;
  /** The bot's public base URL, without a trailing slash. */
  readonly baseUrl: string;
}

export type FeedResult =
  | { readonly status: 200; readonly ics: string; readonly filename: string }
  | { readonly status: 404 | 410; readonly message: string };

export const FEEDS_OFF = 'Calendar links are switched off on this bot: your IT team needs to set EXPORT_SECRET first.';
const NOT_VALID = 'This calendar link is not valid.';
const REPLACED =
  'This calendar link has been replaced by a new one. Ask the PCN bot for your new link: type calendar link in your PCN team.';
/** How far ahead the feed looks for national campaigns and plans. */
const DAYS_AHEAD = 365;
const ATTEMPTS = 5;

/**
 * A PCN's calendar feed: its own campaigns, the national calendar for the
 * next 12 months and its plans, as an iCalendar subscription. Links are
 * signed (see feed-links.ts) and carry the PCN's feed version, so
 * `calendar link reset` retires every link given out before.
 */
export class CalendarFeedService {
  private readonly log: Logger;

  constructor(
    private readonly deps: {
      readonly store: Pick<Store, 'pcns' | 'campaigns' | 'plans' | 'practices' | 'batch'>;
      readonly calendar: CampaignCalendar;
      readonly clock: Clock;
      readonly logger: Logger;
    },
    private readonly options: CalendarFeedOptions,
  ) {
    this.log = deps.logger.child({ module: 'calendar-feed' });
  }

  /** Refuses now, before an offer card is posted, when links are switched off or the PCN is unknown. */
  async check(pcnId: string): Promise<{ pcnName: string }> {
    const pcn = await requirePcn(this.deps.store, pcnId);
    this.secret();
    return { pcnName: pcn.name };
  }

  /** The PCN's current feed link, for anyone in its team (the router checked that). */
  async link(pcnId: string): Promise<CalendarLinkView> {
    const pcn = await requirePcn(this.deps.store, pcnId);
    const secret = this.secret();
    const version = (await this.deps.store.campaigns.calendar(pcnId))?.feedVersion ?? 1;
    this.log.info({ pcnId, version }, 'calendar link given');
    return { pcnName: pcn.name, url: `${this.options.baseUrl}${signFeedPath({ pcnId, version }, secret)}` };
  }

  /** Retires every link given so far (PCN admins); the next `calendar link` gives a new one. */
  async reset(pcnId: string, actor: Person): Promise<{ pcnName: string }> {
    const pcn = await requirePcn(this.deps.store, pcnId);
    requireAdmin(pcn, actor, 'reset the calendar link');
    const { campaigns } = this.deps.store;
    for (let attempt = 1; ; attempt++) {
      const current = await campaigns.calendar(pcnId);
      const updatedAt = this.deps.clock.now().toISOString();
      const step = current
        ? campaigns.calendarReplaceStep({ ...current, feedVersion: current.feedVersion + 1, updatedAt })
        : campaigns.calendarCreateStep({ pcnId, names: {}, feedVersion: 2, updatedAt } satisfies PcnCalendarRecord);
      try {
        await this.deps.store.batch(pcnId, [step]);
        this.log.info({ pcnId }, 'calendar links reset');
        return { pcnName: pcn.name };
      } catch (error) {
        const raced = error instanceof ConflictError || error instanceof AlreadyExistsError;
        if (!raced || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Serves the last part of a feed path: the calendar when the link is
   * genuine and current; 404 when it is not genuine (nothing more is said),
   * 410 when it was retired by a reset.
   */
  async download(file: string): Promise<FeedResult> {
    if (!this.options.secret) return { status: 404, message: NOT_VALID };
    const params = verifyFeedFile(file, this.options.secret);
    if (!params) {
      this.log.warn('calendar link refused: not genuine');
      return { status: 404, message: NOT_VALID };
    }
    const [pcn, calendar] = await Promise.all([
      this.deps.store.pcns.get(params.pcnId),
      this.deps.store.campaigns.calendar(params.pcnId),
    ]);
    if (!pcn) return { status: 404, message: NOT_VALID };
    if (params.version !== (calendar?.feedVersion ?? 1)) {
      this.log.info({ pcnId: params.pcnId }, 'calendar link refused: replaced');
      return { status: 410, message: REPLACED };
    }
    const ics = await this.feed(params.pcnId, pcn.name);
    return { status: 200, ics, filename: 'pcn-social-media-calendar.ics' };
  }

  /** The feed's iCalendar text. */
  async feed(pcnId: string, pcnName: string): Promise<string> {
    const now = this.deps.clock.now();
    const today = dayOf(now);
    const ahead = { start: today, end: addDays(today, DAYS_AHEAD) };
    const [national, own, plans, practices] = await Promise.all([
      this.deps.calendar.between(undefined, ahead),
      this.deps.store.campaigns.list(pcnId),
      this.deps.store.plans.between(pcnId, ahead),
      this.deps.store.practices.list(pcnId),
    ]);
    const practiceNames = new Map(practices.map((p) => [p.practiceId, p.name]));
    const campaignNames = new Map([...national, ...own.map(pcnOccurrence)].map((o) => [o.campaignId, o.name]));
    const events: FeedEvent[] = [
      ...national.map((o) => campaignEvent(o, 'Health awareness campaign')),
      ...own.map((c) => campaignEvent(pcnOccurrence(c), `${pcnName} campaign`)),
      ...plans.flatMap((p) => planEvent(p, practiceNames, campaignNames)),
    ];
    return buildCalendar({ name: `${pcnName} social media calendar`, pcnId, events, now });
  }

  private secret(): Buffer {
    if (!this.options.secret) throw new AppError('FORBIDDEN', FEEDS_OFF);
    return this.options.secret;
  }
}

function campaignEvent(o: CampaignOccurrence, category: string): FeedEvent {
  const lines = [o.description, o.audience && `Who it suits: ${o.audience}`, `Source: ${o.source}`].filter(Boolean);
  return {
    key: `${o.campaignId.replace(/[^A-Za-z0-9-]/g, '-')}-${o.start}`,
    title: o.name,
    description: lines.join('\n'),
    start: o.start,
    end: o.end,
    category,
  };
}

/**
 * A plan as an event. Plans are another feature's records and may be older
 * or newer than this code: one without readable dates is left out, and
 * missing words are left unsaid rather than failing the feed.
 */
function planEvent(plan: Plan, practices: ReadonlyMap<string, string>, campaigns: ReadonlyMap<string, string>): FeedEvent[] {
  if (plan.status === 'cancelled' || !isDay(String(plan.start)) || !isDay(String(plan.end)) || plan.end < plan.start) return [];
  const practice = practices.get(plan.practiceId) ?? 'A practice';
  const campaign = plan.campaignName || (plan.campaignId ? campaigns.get(plan.campaignId) : undefined);
  const names: Readonly<Record<string, string>> = PLATFORMS;
  const platforms = (Array.isArray(plan.platforms) ? (plan.platforms as readonly unknown[]) : []).map(
    (p) => names[String(p)] ?? String(p),
  );
  const lines = [
    typeof plan.summary === 'string' ? plan.summary : '',
    platforms.length ? `Where: ${platforms.join(', ')}` : '',
    plan.owner?.name ? `Owner: ${plan.owner.name}` : '',
    plan.status === 'posted' ? 'Posted' : 'Planned',
  ].filter(Boolean);
  return [
    {
      key: `plan-${String(plan.planId).replace(/[^A-Za-z0-9-]/g, '-')}`,
      title: `${practice}: ${campaign ?? 'planned post'}`,
      description: lines.join('\n'),
      start: plan.start,
      end: plan.end,
      category: 'Planned post',
    },
  ];
}
