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
  /** This calendar with the PCN's own campaigns read once, now: for work that asks it more than once (a question). */
  forPcn(pcnId: string | undefined): Promise<CampaignCalendar>;
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

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A day as noon UTC, for libraries that want a Date (rrule, which works in
 * UTC): noon UTC is 12:00 or 13:00 in London, so the instant is on the same
 * London day whatever the clocks do. Day arithmetic itself is in days.ts.
 */
export function noonUtc(day: LondonDay): Date {
  const m = DAY.exec(day);
  if (!m) throw new Error(`Not a day (YYYY-MM-DD): ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
}

/** The day of an instant rrule returns for a noon-UTC rule (see noonUtc). */
export function dayOfNoonUtc(at: Date): LondonDay {
  return at.toISOString().slice(0, 10);
}

/** A PCN's own campaign as an admin enters it on the card (checked before a service sees it). */
export interface PcnCampaignInput extends DayRange {
  readonly name: string;
  readonly description: string;
  readonly audience: string;
  readonly aliases: readonly string[];
}

/** What the campaign card's inputs are called, for messages that name the field to fix. */
export const CAMPAIGN_FIELD_LABELS = {
  name: 'Name',
  start: 'From',
  end: 'To',
  description: 'Description',
  audience: 'Who it is for',
  aliases: 'Other names',
} as const;

export const CAMPAIGN_LIMITS = {
  name: 80,
  description: 500,
  audience: 120,
  alias: 80,
  aliases: 10,
} as const;

/** One of a PCN's own campaigns, as its list card shows it. */
export interface PcnCampaignRow {
  readonly campaignId: string;
  readonly name: string;
  /** "Monday 15 June to Sunday 21 June 2026". */
  readonly datesLabel: string;
  readonly audience: string;
  /** On now (today is within its dates). */
  readonly current: boolean;
}

export interface CardNotice {
  readonly text: string;
  readonly kind: 'success' | 'error';
}

/** The `campaigns` card: the PCN's own campaigns that are on now or still to come. */
export interface PcnCampaignsView {
  readonly pcnName: string;
  /** Soonest first; at most a card's worth. */
  readonly campaigns: readonly PcnCampaignRow[];
  /** Campaigns still to come that did not fit on the card. */
  readonly moreCount: number;
  /** Campaigns that have ended (kept for the calendar feed and answers about the past). */
  readonly pastCount: number;
  readonly notice?: CardNotice;
}

/** The add or edit card of one of a PCN's own campaigns. */
export interface PcnCampaignFormView {
  readonly pcnName: string;
  /** Absent when adding. */
  readonly campaignId?: string;
  /** The stored version the edit started from, sent back so a change made meanwhile is not overwritten. */
  readonly version?: string;
  readonly values: {
    readonly name: string;
    readonly start: string;
    readonly end: string;
    readonly description: string;
    readonly audience: string;
    /** Comma-separated. */
    readonly aliases: string;
  };
  readonly notice?: CardNotice;
}

/** The `calendar link` answer: a private feed address for one person. */
export interface CalendarLinkView {
  readonly pcnName: string;
  readonly url: string;
}

/**
 * A PCN's calendar settings, one record per PCN: the names its own campaigns
 * use (folded, so two cannot share one even when added at the same moment:
 * every add, rename and removal rewrites this record under its ETag), and
 * the version of its calendar feed links (raising it retires every link).
 */
export interface PcnCalendarRecord {
  readonly pcnId: string;
  /** Folded campaign name -> campaign id. */
  readonly names: Readonly<Record<string, string>>;
  /** Calendar links carry this; `calendar link reset` raises it. */
  readonly feedVersion: number;
  readonly updatedAt: string;
}

/**
 * Whether a PCN campaign's dates may be saved: the end not before the
 * start, and at most a year in all (1 October 2026 to 30 September 2027,
 * not to 1 October 2027). Says what is wrong, or undefined when fine.
 */
export function campaignDatesProblem(range: DayRange): 'endBeforeStart' | 'overAYear' | undefined {
  if (range.end < range.start) return 'endBeforeStart';
  const yearOn = `${Number(range.start.slice(0, 4)) + 1}${range.start.slice(4)}`;
  // Text order is date order for YYYY-MM-DD, and 29 February a year on still compares correctly.
  return range.end >= yearOn ? 'overAYear' : undefined;
}

/** What is said when campaignDatesProblem finds one (the To field is the one to change). */
export const CAMPAIGN_DATE_MESSAGES = {
  endBeforeStart: 'To must be on or after the From date.',
  overAYear: 'To must be less than a year after From: a campaign runs for a year at most.',
} as const;
