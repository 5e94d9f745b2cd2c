import type { Person } from './pcn';
import { type Platform, PLATFORMS } from './plans';
import type { LondonDay } from './campaigns';
import { daysBetween, dayOf, formatDay } from './days';

/**
 * A practice's social media channel (DOMAIN.md "Refresh reminders"): the
 * platform, its handle or web address, the practice lead who owns it, when
 * it last had fresh content and when its "about" text (what the channel is
 * for, the 111/999 line) was last reviewed. Kept in the PCN's partition
 * (id `channel:<channelId>`).
 */
export interface ChannelRecord {
  readonly pcnId: string;
  readonly channelId: string;
  readonly practiceId: string;
  readonly platform: Platform;
  /** An https web address, or an @handle. */
  readonly address: string;
  /** One of the practice's leads. */
  readonly owner: Person;
  /** ISO instant of the last fresh content; absent: never said. */
  readonly lastRefreshedAt?: string;
  /** ISO instant the "about" text was last reviewed; absent: never. */
  readonly aboutReviewedAt?: string;
  readonly createdAt: string;
  readonly createdBy: Person;
  readonly updatedAt: string;
}

/** Days after which "about" text is due a review. */
export const ABOUT_REVIEW_DAYS = 90;
/** How long Snooze puts a reminder off. */
export const SNOOZE_DAYS = 7;

/**
 * What a refresh reminder is about: one channel's content or "about" text, a
 * practice's quick check follow-ups, or a plan out of season (its campaign ended).
 */
export type ReminderKind = 'stale' | 'about' | 'actions' | 'season';

/**
 * What a person said about one reminder: snoozed until a day, or not
 * relevant (with why) while the thing it was about stays as it was
 * (`basis`: the refresh or review date, or the open actions, it was
 * dismissed for). Id `reminder:<kind>:<subject>` (a channel or practice id).
 */
export interface ReminderState {
  readonly pcnId: string;
  readonly kind: ReminderKind;
  /** The channel id (stale, about), the practice id (actions) or the plan id (season). */
  readonly subject: string;
  readonly snoozedUntil?: LondonDay;
  readonly notRelevant?: { readonly reason: string; readonly basis: string; readonly by: Person; readonly at: string };
  /** Done for follow-ups and out-of-season plans: not again while the same actions stay open, or for that season. */
  readonly done?: { readonly basis: string; readonly by: Person; readonly at: string };
  readonly updatedAt: string;
  readonly updatedBy: Person;
}

export function reminderStateId(kind: ReminderKind, subject: string): string {
  return `${kind}:${subject}`;
}

const HANDLE = /^@[A-Za-z0-9._-]{1,60}$/;

/**
 * The channel's handle or web address as stored, or a sentence saying what
 * is wrong. An https address (no spaces, a dotted host) or an @handle.
 */
export function checkChannelAddress(text: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = text.trim();
  const problem = 'Handle or web address must be an @handle (such as @RiversideSurgery) or a web address starting https://.';
  if (HANDLE.test(value)) return { ok: true, value };
  if (!/^https:\/\//i.test(value) || /\s/.test(value) || value.length > 300) return { ok: false, message: problem };
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' || !url.hostname.includes('.') || url.username || url.password) {
      return { ok: false, message: problem };
    }
    return { ok: true, value: url.toString() };
  } catch {
    return { ok: false, message: problem };
  }
}

/** "Thursday 26 November 2026 (5 days ago)" (without the year when `withYear` is false), or "never". */
export function sinceLabel(at: string | undefined, today: LondonDay, withYear = true): string {
  if (!at) return 'never';
  const day = dayOf(new Date(at));
  const n = daysBetween(day, today);
  const ago = n <= 0 ? 'today' : n === 1 ? 'yesterday' : `${n} days ago`;
  return `${formatDay(day, withYear)} (${ago})`;
}

export function platformName(platform: Platform): string {
  return PLATFORMS[platform];
}

/** One channel as the `channels` card shows it. */
export interface ChannelLine {
  readonly channelId: string;
  readonly heading: string;
  readonly detail: string;
  readonly canChange: boolean;
}

export interface ChannelPracticeView {
  readonly practiceId: string;
  readonly name: string;
  readonly channels: readonly ChannelLine[];
  /** Said when there are none. */
  readonly empty: string;
}

export interface ChannelNotice {
  readonly kind: 'success' | 'error';
  readonly text: string;
}

/** The `channels` card. */
export interface ChannelsView {
  readonly title: string;
  readonly practices: readonly ChannelPracticeView[];
  readonly notice?: ChannelNotice;
  readonly canAdd: boolean;
}

export interface Choice {
  readonly value: string;
  readonly title: string;
}

/** The add or edit card. */
export interface ChannelFormView {
  readonly title: string;
  readonly channelId?: string;
  readonly practices: readonly Choice[];
  readonly owners: readonly Choice[];
  readonly platforms: readonly Choice[];
  readonly values: { readonly practiceId: string; readonly platform: string; readonly address: string; readonly ownerId: string };
  readonly notice?: ChannelNotice;
}

/** One line of a reminder card. */
export interface ReminderItem {
  readonly kind: ReminderKind;
  readonly subject: string;
  readonly text: string;
}

/** A person's reminder card for one day: every reminder due for them, bundled. */
export interface RefreshReminderView {
  readonly pcnId: string;
  readonly day: LondonDay;
  readonly owner: Person;
  /** Mention the owner (the card is posted in the channel, not their 1:1 chat). */
  readonly mention: boolean;
  /** What the buttons answer for. */
  readonly items: readonly ReminderItem[];
  /** The practice (when there is one) and the day. */
  readonly title: string;
  /** One line per channel, then the follow-ups. */
  readonly lines: readonly string[];
  /** The 111/999 advice when an "about" text is due; else empty. */
  readonly note: string;
}

/** `refresh status`: every practice's channels, worst first. */
export interface RefreshStatusView {
  readonly lines: readonly { readonly heading: string; readonly detail: string }[];
  readonly empty: string;
  /** How many channels are up to date, and how many need attention (stale, or "about" text overdue). */
  readonly channels?: { readonly upToDate: number; readonly needAttention: number };
}

/** The cards a refresh reminder needs (implemented in cards/refresh.ts). */
export interface RefreshCardRenderer {
  reminder(view: RefreshReminderView): Record<string, unknown>;
}
