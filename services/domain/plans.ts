import type { DayRange } from './campaigns';
import type { Person } from './pcn';

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

export type PlanStatus = 'planned' | 'posted' | 'cancelled';

/** The longest a plan may run: so a range query needs to look back only this far for plans still running. */
export const MAX_PLAN_DAYS = 31;

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
}
