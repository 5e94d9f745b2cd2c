import { type DayRange, type LondonDay, MAX_PLAN_DAYS, type Platform } from '../domain';
import { addDays, daysBetween } from '../domain/days';
import { askedRange } from '../ask/dates';
import { type NameHit, type NameMatcher, normaliseWords } from '../ask/names';

/**
 * "plan a Facebook post about flu clinics on 3 Dec", "plan Instagram for
 * Stoptober next Tuesday": what the words after `plan` say, to fill in the
 * plan card for the person to check. Anything not said is left for the card.
 */
export interface PlanShortcut {
  readonly platforms: readonly Platform[];
  readonly range?: DayRange;
  readonly campaign?: NameHit;
  /** What the post is about ("flu clinics"), for the summary box. */
  readonly summary?: string;
}

/** Platform words as people write them. */
const PLATFORM_WORDS: readonly [RegExp, Platform][] = [
  [/\b(facebook|fb)\b/, 'facebook'],
  [/\b(instagram|insta|ig)\b/, 'instagram'],
  [/\b(twitter|tweets?|x)\b/, 'x'],
  [/\b(linkedin|linked in)\b/, 'linkedin'],
  [/\b(nextdoor|next door)\b/, 'nextdoor'],
  [/\b(youtube|you tube)\b/, 'youtube'],
  [/\b(tiktok|tik tok)\b/, 'tiktok'],
  [/\b(website|web site|web page|our site)\b/, 'website'],
];

/** Where the "about ..." part ends: the words that start a date or a campaign. */
const ABOUT_ENDS =
  /\s(?:(?:on|next|this|from|in|by|for|during|over|tomorrow|today|w\/?c|week (?:commencing|beginning|of))(?=\s|$)|\d{1,2}(?:st|nd|rd|th)?(?=\s|$|\/))/i;

/** Words that only say "a post" ("plan a post", "plan a new post"). */
const FILLER = /^(?:a |an |our |the |some )?(?:new |social media |social )?(?:posts?|plans?|items?)?$/;

/** Date words: a campaign found only in them ("winter") is a date, not a campaign. */
const DATE_WORDS = new Set(
  'january february march april may june july august september october november december spring summer autumn winter christmas xmas new year week month next this'.split(
    ' ',
  ),
);

function without(text: string, words: string): string {
  const pattern = words
    .split(' ')
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^a-z0-9]*');
  return pattern ? text.replace(new RegExp(pattern, 'i'), ' ') : text;
}

/** Reads what follows `plan`; `today` is the London day it is typed on. */
export function readShortcut(text: string, today: LondonDay, campaigns: NameMatcher): PlanShortcut {
  const rest = text
    .replace(/^\s*plan\b/i, '')
    .replace(/[’']/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const lower = rest.toLowerCase();
  if (FILLER.test(lower)) return { platforms: [] };

  const platforms = PLATFORM_WORDS.filter(([pattern]) => pattern.test(lower)).map(([, platform]) => platform);
  let rangeText = PLATFORM_WORDS.reduce((t, [pattern]) => t.replace(new RegExp(pattern.source, 'g'), ' '), lower);

  const about = /\babout (.+)$/.exec(rest);
  const summary = about
    ? about[1]!
        .split(ABOUT_ENDS)[0]!
        .trim()
        .replace(/[.,;:!?]+$/, '')
    : undefined;

  const found = campaigns.find(rest);
  const campaign = found && !found.matched.split(' ').every((w) => DATE_WORDS.has(w)) ? found : undefined;
  if (campaign) rangeText = without(rangeText, campaign.matched);
  if (summary) rangeText = without(rangeText, normaliseWords(summary));

  const asked = askedRange(rangeText, today);
  return {
    platforms: [...new Set(platforms)],
    range: asked ? withinLimit(asked.range) : undefined,
    campaign,
    summary: summary || undefined,
  };
}

/** A plan runs at most MAX_PLAN_DAYS days: a longer period said ("in December" is fine; "next year" is not) is cut. */
function withinLimit(range: DayRange): DayRange {
  if (daysBetween(range.start, range.end) < MAX_PLAN_DAYS) return range;
  return { start: range.start, end: addDays(range.start, MAX_PLAN_DAYS - 1) };
}
