import { type DayRange, formatDay, formatDayRange, type LondonDay, type Plan, platformList, yearOf } from '../domain';
import { foldName } from '../campaigns/matching';

/** How plans read on cards: in the house style, with the words people use. */

/** Whether two plans are for one campaign: by calendar id when both have one, else by the name as typed. */
export function sameCampaign(
  a: Pick<Plan, 'campaignId' | 'campaignName'>,
  b: Pick<Plan, 'campaignId' | 'campaignName'>,
): boolean {
  if (a.campaignId && b.campaignId) return a.campaignId === b.campaignId;
  const [x, y] = [foldName(a.campaignName ?? ''), foldName(b.campaignName ?? '')];
  return !!x && x === y;
}

/** Whether a plan is for a calendar campaign: its id, or the campaign's name typed as Other. */
export function isForCampaign(plan: Pick<Plan, 'campaignId' | 'campaignName'>, campaign: { campaignId: string; name: string }) {
  return sameCampaign(plan, { campaignId: campaign.campaignId, campaignName: campaign.name });
}

/** "Monday 7 December" this year, "Monday 4 January 2027" another year, or a range in the house style. */
export function whenLabel(range: DayRange, today: LondonDay): string {
  if (range.start !== range.end) return formatDayRange(range);
  return formatDay(range.start, yearOf(range.start) !== yearOf(today));
}

/** Text cut at a word to at most `max` characters, with an ellipsis when cut. */
export function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const head = flat.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).replace(/[\s,.;:]+$/, '')}…`;
}

/**
 * "Riverside Medical Centre: Facebook and Instagram, Stoptober: the
 * summary", for the digest: at most `max` characters, the summary cut to fit.
 */
export function planLine(plan: Plan, practiceName: string, options: { withDays?: string; max?: number } = {}): string {
  const campaign = plan.campaignName ? `, ${plan.campaignName}` : '';
  const days = options.withDays ? ` (${options.withDays})` : '';
  const posted = plan.status === 'posted' ? ' (posted)' : '';
  const head = `${practiceName}: ${platformList(plan.platforms)}${campaign}${days}: `;
  const room = Math.max(30, (options.max ?? 160) - head.length - posted.length);
  return `${head}${cut(plan.summary, room)}${posted}`;
}
