import type { DayRange } from './campaigns';
import type { CardJson } from './cards';
import type { Person } from './pcn';
import type { PlanWarning } from './warnings';

/**
 * A practice's planned social media activity: what it will post, where and
 * when, for which campaign. Kept in the PCN's partition so everyone in the
 * PCN can see what everyone else is doing.
 */
export const PLATFORMS = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X',
  linkedin: 'LinkedIn',
  nextdoor: 'Nextdoor',
  youtube: 'YouTube',
  tiktok: 'TikTok',
  website: 'Website',
  other: 'Other',
} as const;

export type Platform = keyof typeof PLATFORMS;

export function isPlatform(value: string): value is Platform {
  return Object.prototype.hasOwnProperty.call(PLATFORMS, value);
}

export type PlanStatus = 'planned' | 'posted' | 'cancelled';

/** The longest a plan may run: so a range query needs to look back only this far for plans still running. */
export const MAX_PLAN_DAYS = 31;

/** Who went ahead with the warnings a plan was saved with, and when. */
export interface GoAhead {
  readonly by: Person;
  readonly at: string;
}

export interface Plan extends DayRange {
  readonly pcnId: string;
  readonly planId: string;
  readonly practiceId: string;
  readonly platforms: readonly Platform[];
  /** A calendar campaign (national or the PCN's own), when the plan is for one. */
  readonly campaignId?: string;
  /** The campaign as the planner named it (free text when it is not in the calendar). */
  readonly campaignName?: string;
  /** A short summary, or the draft text. */
  readonly summary: string;
  readonly owner?: Person;
  readonly status: PlanStatus;
  /** `YYYY-MM` of `start`: the field a range query filters on. */
  readonly startMonth: string;
  readonly createdBy: Person;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** 1 when created, one more at each change: the announcement of each version is queued once. */
  readonly version?: number;
  readonly updatedBy?: Person;
  /** The warnings the planner was shown and went ahead with (absent or empty when there were none). */
  readonly warnings?: readonly PlanWarning[];
  /** Who chose "Go ahead anyway" for those warnings, and when. */
  readonly goAhead?: GoAhead;
}

/** What a plan card sends, checked (cards/plan-inputs.ts) before the service sees it. */
export interface PlanInput extends DayRange {
  readonly practiceId: string;
  readonly platforms: readonly Platform[];
  /** A calendar campaign's id, chosen from the list. */
  readonly campaignId?: string;
  /** "Other": the campaign as typed. */
  readonly otherCampaign?: string;
  readonly summary: string;
  /** Whose plan it is: the person planning, or one of the practice's leads. */
  readonly ownerId: string;
}

/** What the plan card's inputs are called, for messages that name the field to fix. */
export const PLAN_FIELD_LABELS = {
  practiceId: 'Practice',
  start: 'From',
  end: 'To',
  platforms: 'Platforms',
  campaign: 'Campaign',
  otherCampaign: 'Other campaign',
  summary: 'Summary or draft text',
  ownerId: 'Owner',
} as const;

export const PLAN_LIMITS = {
  summary: 1000,
  otherCampaign: 80,
  /** How far ahead a plan may start, in days. */
  daysAhead: 400,
} as const;

/** The campaign choice meaning "not in the calendar: I will type it". */
export const OTHER_CAMPAIGN = 'other';

/** A plan's fields as the card shows them (typed, or from the store), all text. */
export interface PlanFormValues {
  readonly practiceId: string;
  readonly start: string;
  readonly end: string;
  /** Comma-separated platform codes, as a multi-select sends them. */
  readonly platforms: string;
  /** A campaign id, OTHER_CAMPAIGN, or empty for none. */
  readonly campaign: string;
  readonly otherCampaign: string;
  readonly summary: string;
  readonly ownerId: string;
}

export interface PlanChoice {
  readonly value: string;
  readonly title: string;
}

/** A line at the top of a plan card: what just happened, or what to fix. */
export interface PlanNotice {
  readonly text: string;
  readonly kind: 'success' | 'error';
}

/** The plan card: a new plan, or an existing one to edit. */
export interface PlanFormView {
  readonly pcnName: string;
  /** The practices the person may plan for: one when they lead one practice. */
  readonly practices: readonly PlanChoice[];
  /** Calendar campaigns of the coming months (with their dates), then Other. */
  readonly campaigns: readonly PlanChoice[];
  /** The person and the practices' leads. */
  readonly owners: readonly PlanChoice[];
  readonly values: PlanFormValues;
  /** Present when editing. */
  readonly planId?: string;
  /** The stored version the edit started from. */
  readonly version?: string;
  readonly notice?: PlanNotice;
}

/** The card that comes back on Save when the plan has warnings: nothing is saved until the planner chooses. */
export interface PlanCheckView {
  /** "Riverside Medical Centre: Facebook and Instagram, Monday 7 December". */
  readonly title: string;
  readonly warnings: readonly PlanWarning[];
  /** The text as typed. */
  readonly summary: string;
  /** Everything the card was saved with, sent back with either choice. */
  readonly values: PlanFormValues;
  readonly planId?: string;
  readonly version?: string;
  /** What "Go ahead anyway" acknowledges: these warnings and no others. */
  readonly ack: string;
}

/** One plan as the `plans` card lists it. */
export interface PlanRow {
  readonly planId: string;
  /** "Monday 7 December: Facebook and Instagram". */
  readonly heading: string;
  /** "Riverside Medical Centre, Stoptober: the summary, cut short". */
  readonly detail: string;
  /** "Posted", "Cancelled", or empty while planned. */
  readonly status: string;
  /** The person may change it (a lead of its practice, or a PCN admin) and it is still planned. */
  readonly canChange: boolean;
}

/** `plans`: the PCN's coming plans (or one practice's), soonest first. */
export interface PlansListView {
  readonly title: string;
  /** "From Monday 7 December"; or why the list is the whole PCN's. */
  readonly intro: string;
  readonly plans: readonly PlanRow[];
  /** Coming plans that did not fit on the card. */
  readonly moreCount: number;
  /** The person may plan (shows "Plan a post"). */
  readonly canPlan: boolean;
  readonly notice?: PlanNotice;
}

/** What an announcement says happened to a plan. */
export type AnnouncementKind = 'planned' | 'changed' | 'cancelled';

/** The short card the PCN's channel gets when a plan is made, changed or cancelled. */
export interface AnnouncementView {
  readonly kind: AnnouncementKind;
  readonly practiceName: string;
  /** "Monday 7 December 2026" or a range in the house style. */
  readonly when: string;
  /** "Facebook and Instagram". */
  readonly where: string;
  readonly campaign?: string;
  readonly summary: string;
  readonly owner?: string;
  /** The warnings the planner went ahead with: each reason. */
  readonly wentAheadWith: readonly string[];
  /** Who went ahead with them. */
  readonly wentAheadBy?: string;
}

/** One day of the weekly digest. */
export interface DigestDay {
  /** "Monday 7 December". */
  readonly day: string;
  /** "Riverside Medical Centre: Facebook, Stoptober: the summary". */
  readonly plans: readonly string[];
}

/** The weekly digest: the next two weeks' plans across the PCN by day, and the coming campaigns nobody plans. */
export interface DigestView {
  readonly pcnName: string;
  /** "Monday 7 December to Sunday 20 December 2026". */
  readonly period: string;
  readonly days: readonly DigestDay[];
  /** Plans left off to keep the card short. */
  readonly morePlans: number;
  /** "Stoptober: Thursday 1 October to Saturday 31 October 2026". */
  readonly gaps: readonly string[];
}

/** How the plan service gets the cards it queues, without importing cards/ (wired in bot/app.ts). */
export interface PlanCardRenderer {
  announcement(view: AnnouncementView): CardJson;
  digest(view: DigestView): CardJson;
}

/** "Facebook", "Facebook and Instagram", "Facebook, X and Instagram". */
export function platformList(platforms: readonly Platform[]): string {
  const names = platforms.map((p) => PLATFORMS[p]);
  if (names.length <= 1) return names[0] ?? 'social media';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
