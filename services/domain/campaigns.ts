/**
 * Health-awareness campaigns: the national UK calendar shipped with the bot
 * (services/campaigns/) and a PCN's own (a local health fair). Dates are
 * London calendar days written `YYYY-MM-DD`, inclusive at both ends, so a
 * campaign "1 to 31 October" is start 2026-10-01, end 2026-10-31.
 */

/** A London calendar day, `YYYY-MM-DD`. */
export type LondonDay = string;

export interface DayRange {
  readonly start: LondonDay;
  /** Inclusive. */
  readonly end: LondonDay;
}

/** One year's dates of one campaign. */
export interface CampaignOccurrence extends DayRange {
  /** Stable: `national:<slug>` for the shipped calendar, `pcn:<uuid>` for a PCN's own. */
  readonly campaignId: string;
  readonly name: string;
  /** Two lines for practices: what it is and why it matters to them. */
  readonly description: string;
  /** Who it suits, in plain words ("Adults who smoke", "Parents of young children"). */
  readonly audience: string;
  readonly kind: 'national' | 'pcn';
  /** Where the dates come from (a page title and address, or the PCN admin who added it). */
  readonly source: string;
}

/** A PCN's own campaign as stored (its own partition; the admin set its dates). */
export interface PcnCampaign extends DayRange {
  readonly pcnId: string;
  readonly campaignId: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly audience: string;
  readonly createdBy: { readonly aadObjectId: string; readonly name: string };
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The calendar a question is answered from: the national campaigns for any
 * year, with a PCN's own added. Implemented in services/campaigns/.
 */
export interface CampaignCalendar {
  /** Every occurrence overlapping [from, to] (inclusive London days), soonest first, national and the PCN's. */
  between(pcnId: string | undefined, range: DayRange): Promise<readonly CampaignOccurrence[]>;
  /**
   * The campaign a name means, matched loosely ("stoptobr", "mens health
   * week", "flu"), with its names for matching; undefined when nothing is close.
   */
  find(pcnId: string | undefined, name: string): Promise<CampaignMatch | undefined>;
  /** The next occurrence of a campaign that ends on or after `day` (this year's if still on, else next year's). */
  next(pcnId: string | undefined, campaignId: string, day: LondonDay): Promise<CampaignOccurrence | undefined>;
  /** Every campaign name and alias, for the question parser's fuzzy matching. */
  names(pcnId: string | undefined): Promise<readonly CampaignName[]>;
}

export interface CampaignName {
  readonly campaignId: string;
  readonly name: string;
  readonly aliases: readonly string[];
}

export interface CampaignMatch extends CampaignName {
  /** 0 (exact) to 1 (barely): how sure the match is. */
  readonly score: number;
}
