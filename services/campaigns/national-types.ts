import type { Options } from 'rrule';
import type { DayRange } from '../domain';

/**
 * Where the national calendar's dates come from: the sources DOMAIN.md
 * names for the UK health-awareness calendar.
 */
export type CalendarSource =
  | 'Mental Health UK'
  | "Men's Health Forum"
  | 'Self Care Forum'
  | 'NHS England and UKHSA campaign pages'
  | 'University and ICB wellbeing calendars';

/** How long an occurrence lasts: a number of days, or through the next given date (31 March for the flu season). */
export type CampaignDuration = { readonly days: number } | { readonly through: { readonly month: number; readonly day: number } };

/** One year's published dates, which win over the rule for that year. */
export interface CampaignOverride extends DayRange {
  /** Who published them. */
  readonly source: CalendarSource;
}

/** A campaign of the national calendar shipped with the bot. */
export interface NationalCampaign {
  /** Stable for ever: the campaign's id is `national:<slug>`. */
  readonly slug: string;
  readonly name: string;
  /** Other names people use for it, matched loosely with the name. */
  readonly aliases: readonly string[];
  /** Two lines for practices: what it is, then what it means for them. */
  readonly description: readonly [string, string];
  /** Who it suits, in plain words. */
  readonly audience: string;
  /** Its typical timing in words, as DOMAIN.md's calendar table says it. */
  readonly timing: string;
  /**
   * The day it starts each year, as an RRule (YEARLY, in whole UTC days;
   * the calendar adds dtstart at 12:00 UTC so a clock change never moves a day).
   */
  readonly rule: Partial<Options>;
  /** Days from the day the rule finds to the first day (Men's Health Week: 6 days before Father's Day). */
  readonly shiftDays?: number;
  readonly duration: CampaignDuration;
  /** Published dates by the year they start in. */
  readonly overrides?: Readonly<Record<number, CampaignOverride>>;
  readonly sources: readonly CalendarSource[];
  /**
   * Posts for it invite people to book, join or act within its dates (flu
   * clinics, a sign-up challenge), so they go out of date when it ends: the
   * refresh check reminds practices about them afterwards.
   */
  readonly seasonal?: true;
}
