import type { Clock } from '../clock';
import {
  addDays,
  type CampaignCalendar,
  dayOf,
  type DigestDay,
  type DigestView,
  formatDay,
  formatDayRange,
  type LondonDay,
  type NewOutboxItem,
  type Pcn,
  type PlanCardRenderer,
} from '../domain';
import type { Logger } from '../logger';
import type { Outbox } from '../outbox/outbox';
import { postingChannelAddress } from '../quick-check/addresses';
import type { Store } from '../store';
import { isForCampaign, planLine } from './plan-text';

/** The digest covers the next two weeks. */
export const DIGEST_DAYS = 14;
/** A campaign starting this soon with nobody planning for it is a gap. */
export const GAP_DAYS = 14;
/**
 * What the card may hold, in lines of a 446 px wide card, so it stays under
 * 600 px: a day's heading is one, a plan or a gap one per LINE_CHARACTERS
 * (at most two each); the gaps are kept first, then plans fill the rest,
 * and what does not fit is counted.
 */
const LINES_ON_CARD = 16;
const LINE_CHARACTERS = 52;
const MAX_GAPS = 3;
const lineCount = (text: string) => Math.ceil(text.length / LINE_CHARACTERS);
/** How far past the fortnight plans are read to see whether a coming campaign has any. */
const GAP_LOOK_DAYS = 62;

/** The outbox key of a PCN's digest for an ISO week (`2027-W05`). */
export function digestKey(week: string): string {
  return `plan-digest:${week}`;
}

/**
 * The weekly digest (the scheduler's `weekly-digest` job, Monday 09:00 by
 * default): the next two weeks' plans across all practices by day, and the
 * calendar campaigns starting within two weeks that nobody plans for.
 * Queued once per PCN per ISO week under the week's key; a week with
 * nothing planned and no gap sends nothing.
 */
export class DigestService {
  private readonly log: Logger;

  constructor(
    private readonly deps: {
      readonly store: Store;
      readonly calendar: CampaignCalendar;
      readonly clock: Clock;
      readonly logger: Logger;
      readonly outbox: Pick<Outbox, 'enqueue'>;
      readonly cards: PlanCardRenderer;
    },
  ) {
    this.log = deps.logger.child({ module: 'plan-digest' });
  }

  /** What the digest says for the fortnight from `today`, or undefined when there is nothing to say. */
  async view(pcn: Pcn, today: LondonDay = dayOf(this.deps.clock.now())): Promise<DigestView | undefined> {
    const { store, calendar } = this.deps;
    const fortnight = { start: today, end: addDays(today, DIGEST_DAYS - 1) };
    const [practices, occurrences] = await Promise.all([
      store.practices.list(pcn.pcnId),
      calendar.between(pcn.pcnId, { start: today, end: addDays(today, GAP_DAYS) }),
    ]);
    const starting = occurrences.filter((o) => o.start >= today);
    const lookTo = starting.reduce((end, o) => (o.end > end ? o.end : end), fortnight.end);
    const read = await store.plans.between(pcn.pcnId, {
      start: today,
      end: lookTo < addDays(today, GAP_LOOK_DAYS) ? lookTo : addDays(today, GAP_LOOK_DAYS),
    });
    const live = read.filter((p) => p.status !== 'cancelled');
    const names = new Map(practices.map((p) => [p.practiceId, p.name]));

    const inFortnight = live.filter((p) => p.start <= fortnight.end);
    const unplanned = starting
      .filter((o) => !live.some((p) => isForCampaign(p, o) && p.start <= o.end && o.start <= p.end))
      .map((o) => `${o.name}: ${formatDayRange(o)}`);
    if (inFortnight.length === 0 && unplanned.length === 0) return undefined;
    const gaps =
      unplanned.length > MAX_GAPS
        ? [
            ...unplanned.slice(0, MAX_GAPS - 1),
            `and ${unplanned.length - MAX_GAPS + 1} more: ask “what campaigns are coming up?”`,
          ]
        : unplanned;

    let room = LINES_ON_CARD - (gaps.length ? 1 + gaps.reduce((n, g) => n + lineCount(g), 0) : 0);
    const days = new Map<LondonDay, string[]>();
    let shown = 0;
    for (const plan of inFortnight) {
      const day = plan.start < today ? today : plan.start;
      const practiceName = names.get(plan.practiceId) ?? 'A practice no longer in the PCN';
      const until = plan.start === plan.end ? {} : { withDays: `to ${formatDay(plan.end, false)}` };
      const line = planLine(plan, practiceName, { ...until, max: LINE_CHARACTERS * 2 - 4 });
      const needs = lineCount(line) + (days.has(day) ? 0 : 1);
      if (needs > room) break;
      room -= needs;
      days.set(day, [...(days.get(day) ?? []), line]);
      shown += 1;
    }
    const byDay: DigestDay[] = [...days.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, plans]) => ({ day: formatDay(day, false), plans }));
    return {
      pcnName: pcn.name,
      period: formatDayRange(fortnight),
      days: byDay,
      morePlans: inFortnight.length - shown,
      gaps,
    };
  }

  /**
   * Queues the week's digest for the PCN's posting channel, once per ISO
   * week (the outbox refuses a key twice). False when there was nothing to say.
   */
  async queueWeekly(pcn: Pcn, week: string): Promise<boolean> {
    const view = await this.view(pcn);
    if (!view) {
      this.log.info({ pcnId: pcn.pcnId, week }, 'nothing planned and no gaps: no digest this week');
      return false;
    }
    const channel = await postingChannelAddress(this.deps.store, pcn);
    const item: NewOutboxItem = {
      pcnId: pcn.pcnId,
      key: digestKey(week),
      target: { kind: 'newThread', address: channel, channelId: channel.conversationId },
      message: { card: this.deps.cards.digest(view), summary: `Plans for the next two weeks: ${view.period}` },
      about: { what: 'weekly digest', daysLabel: view.period },
    };
    const { created } = await this.deps.outbox.enqueue(item);
    this.log.info({ pcnId: pcn.pcnId, week, created }, 'weekly digest queued');
    return created;
  }
}
