import { RRule } from 'rrule';
import { addDays, type CampaignOccurrence, type DayRange, dayOfNoonUtc, type LondonDay, noonUtc, overlaps } from '../domain';
import type { NationalCampaign } from './national-types';

/**
 * A national campaign's occurrences, in London days. rrule works in UTC, so
 * every date it sees or returns is a day at 12:00 UTC (noonUtc), which is
 * 12:00 or 13:00 in London: the clocks changing never moves a day. A
 * campaign that starts in one year and ends in the next (flu season) belongs
 * to the year it starts in.
 */

export const nationalId = (slug: string): string => `national:${slug}`;

/** The years a range touches, with the year before (an occurrence started then may still be on). */
function yearsFor(range: DayRange): number[] {
  const first = Number(range.start.slice(0, 4)) - 1;
  const last = Number(range.end.slice(0, 4));
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  return years;
}

const rules = new WeakMap<NationalCampaign, RRule>();

function ruleOf(campaign: NationalCampaign): RRule {
  let rule = rules.get(campaign);
  if (!rule) {
    rule = new RRule({ ...campaign.rule, dtstart: noonUtc('1990-01-01'), tzid: null });
    rules.set(campaign, rule);
  }
  return rule;
}

/** The last day of an occurrence that starts on `start`. */
function endOf(campaign: NationalCampaign, start: LondonDay): LondonDay {
  const { duration } = campaign;
  if ('days' in duration) return addDays(start, duration.days - 1);
  // The first such date on or after the start: 31 March after a 1 September start is next year's.
  const through = new RRule({
    freq: RRule.YEARLY,
    bymonth: duration.through.month,
    bymonthday: duration.through.day,
    dtstart: noonUtc(start),
    tzid: null,
  }).after(noonUtc(start), true);
  if (!through) throw new Error(`No end date for ${campaign.slug} starting ${start}`);
  return dayOfNoonUtc(through);
}

/** The dates of a campaign in one year (the year it starts in): the published override if there is one, else the rule's. */
export function datesIn(campaign: NationalCampaign, year: number): (DayRange & { readonly source?: string }) | undefined {
  const override = campaign.overrides?.[year];
  if (override) return override;
  const found = ruleOf(campaign).between(noonUtc(`${year}-01-01`), noonUtc(`${year}-12-31`), true)[0];
  if (!found) return undefined;
  const start = addDays(dayOfNoonUtc(found), campaign.shiftDays ?? 0);
  return { start, end: endOf(campaign, start) };
}

/**
 * A campaign's occurrences, by year, worked out once: the national data never
 * changes while the bot runs, and expanding a recurrence rule costs more than
 * the rest of answering a question.
 */
const known = new WeakMap<NationalCampaign, Map<number, CampaignOccurrence | undefined>>();

/** One year's occurrence as the calendar hands it out. */
export function occurrenceIn(campaign: NationalCampaign, year: number): CampaignOccurrence | undefined {
  let years = known.get(campaign);
  if (!years) known.set(campaign, (years = new Map()));
  if (!years.has(year)) years.set(year, workOut(campaign, year));
  return years.get(year);
}

function workOut(campaign: NationalCampaign, year: number): CampaignOccurrence | undefined {
  const dates = datesIn(campaign, year);
  if (!dates) return undefined;
  const sources = campaign.sources.join('; ');
  return {
    campaignId: nationalId(campaign.slug),
    name: campaign.name,
    description: campaign.description.join('\n'),
    audience: campaign.audience,
    kind: 'national',
    source: dates.source ? `${dates.source} (published dates for ${year}); ${sources}` : sources,
    start: dates.start,
    end: dates.end,
  };
}

/** Every occurrence of these campaigns overlapping the range (inclusive), unsorted. */
export function nationalBetween(campaigns: readonly NationalCampaign[], range: DayRange): CampaignOccurrence[] {
  const found: CampaignOccurrence[] = [];
  for (const year of yearsFor(range)) {
    for (const campaign of campaigns) {
      const occurrence = occurrenceIn(campaign, year);
      if (occurrence && overlaps(occurrence, range)) found.push(occurrence);
    }
  }
  return found;
}

/** Soonest first; on the same day, the shorter first (a day inside a month reads before the month), then by name. */
export function byStart(a: CampaignOccurrence, b: CampaignOccurrence): number {
  return a.start.localeCompare(b.start) || a.end.localeCompare(b.end) || a.name.localeCompare(b.name);
}
