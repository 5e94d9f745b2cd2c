import { goesOutOfDate } from '../campaigns';
import type { CampaignCalendar, CampaignOccurrence, DayRange, LondonDay, Person, Plan } from '../domain';
import { overlaps, PLATFORMS } from '../domain';
import { addDays, daysBetween, dayOf, formatDay } from '../domain/days';

/** How long after a campaign ends its out-of-season plans are reminded about: after that, nagging helps nobody. */
export const OUT_OF_SEASON_DAYS = 30;

/**
 * How far back plans are read: the longest national season (flu, 1 September
 * to 31 March: 212 days) plus the reminder window, so a plan posted on the
 * season's first day is still seen on the window's last.
 */
const LOOKBACK_DAYS = 212 + OUT_OF_SEASON_DAYS + 7;

/** The days whose plans outOfSeasonPlans needs. */
export function outOfSeasonLookback(today: LondonDay): DayRange {
  return { start: addDays(today, -LOOKBACK_DAYS), end: today };
}

/** One plan whose campaign has ended while it still says something it should not. */
export interface OutOfSeason {
  readonly plan: Plan;
  readonly owner: Person;
  /** 'posted': the post still invites people to act; 'planned': it never got marked posted or cancelled. */
  readonly why: 'posted' | 'planned';
  readonly campaign: CampaignOccurrence;
  /** Stable while nothing changes: what Done and Not relevant are remembered against. */
  readonly basis: string;
  /** Days since the campaign ended. */
  readonly days: number;
  readonly text: string;
}

/**
 * DOMAIN.md's "seasonal content out of season": for the OUT_OF_SEASON_DAYS
 * after a campaign ends, a plan for it marked posted when its posts go out
 * of date (a flu clinic post after 31 March), and a plan for any campaign
 * still marked planned after both it and the campaign have ended. `plans`:
 * at least those of outOfSeasonLookback.
 */
export async function outOfSeasonPlans(
  plans: readonly Plan[],
  calendar: CampaignCalendar,
  pcnId: string,
  today: LondonDay,
  practiceName: ReadonlyMap<string, string>,
): Promise<OutOfSeason[]> {
  const found: OutOfSeason[] = [];
  const dated = plans.filter((p) => p.campaignId && p.end < today);
  if (!dated.length) return found;
  // One read of the calendar for every plan (a PCN's own campaigns come from the store): each plan's campaign
  // dates either overlap it or come after it, and only dates that ended before today matter.
  const earliest = dated.reduce((first, p) => (p.start < first ? p.start : first), today);
  const occurrences = await calendar.between(pcnId, { start: earliest, end: today });
  for (const plan of dated) {
    const practice = practiceName.get(plan.practiceId);
    if (!practice || plan.status === 'cancelled') continue;
    const why = plan.status === 'posted' ? 'posted' : 'planned';
    if (why === 'posted' && !goesOutOfDate(plan.campaignId!)) continue;
    const campaign = campaignOf(occurrences, plan);
    if (!campaign || campaign.end >= today) continue;
    const days = daysBetween(campaign.end, today);
    if (days > OUT_OF_SEASON_DAYS) continue;
    found.push({
      plan,
      owner: plan.owner ?? plan.createdBy,
      why,
      campaign,
      basis: `${why}:${campaign.end}`,
      days,
      text: describe(plan, practice, campaign, why),
    });
  }
  return found;
}

/** The campaign's dates the plan was for: the ones it falls in, else the next ones after it starts (soonest first). */
function campaignOf(occurrences: readonly CampaignOccurrence[], plan: Plan): CampaignOccurrence | undefined {
  const own = occurrences.filter((c) => c.campaignId === plan.campaignId);
  return own.find((c) => overlaps(c, plan)) ?? own.find((c) => c.start > plan.start);
}

function describe(plan: Plan, practice: string, campaign: CampaignOccurrence, why: 'posted' | 'planned'): string {
  const summary = plan.summary.length > 60 ? `${plan.summary.slice(0, 57).trimEnd()}...` : plan.summary;
  const ended = `${campaign.name} ended on ${formatDay(campaign.end, false)}`;
  if (why === 'planned') {
    return `${practice}'s plan "${summary}" for ${campaign.name} is still marked planned, but ${ended}. Type "plans" to mark it posted or cancel it.`;
  }
  const where = plan.platforms.map((p) => PLATFORMS[p]).join(' and ');
  const posted = formatDay(dayOf(new Date(plan.updatedAt)), false);
  return `${practice}'s ${where} post "${summary}" (posted ${posted}): ${ended}. If it is pinned or still invites people to book or join, update it or take it down.`;
}
