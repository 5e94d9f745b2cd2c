import type { LondonDay } from '../domain';
import { type AskedRange, askedRange, comingUp } from './dates';
import { type NameHit, type NameMatcher, normaliseWords } from './names';

/**
 * What a question asks, read from its words:
 * - `when`: the dates of a campaign ("when is Stoptober?", "when does flu season start?");
 * - `plans`: who is posting what ("what's planned next week?", "what is Riverside doing in January?",
 *   "who is posting about flu?");
 * - `upcoming`: the campaigns in a period ("what campaigns are coming up?", "what's on in December?");
 * - `unknown`: none of these, answered with examples of what to ask.
 */
export type Intent =
  | { readonly kind: 'when'; readonly campaign: NameHit }
  | {
      readonly kind: 'plans';
      /** Absent when the question names a campaign and no period: the campaign's own dates are used. */
      readonly period?: AskedRange;
      readonly practice?: NameHit;
      readonly campaign?: NameHit;
    }
  | { readonly kind: 'upcoming'; readonly period: AskedRange }
  | { readonly kind: 'unknown' };

export interface QuestionNames {
  readonly campaigns: NameMatcher;
  readonly practices: NameMatcher;
}

const WHEN =
  /\b(when|what date|what dates|which date|which dates|dates? (of|for)|how long|what day|which day|start date|end date)\b/;
const PLANS =
  /\b(plan|plans|planned|planning|posting|post|posts|posted|publishing|doing|scheduled|sharing|share|who is|whos|who are|anyone|anybody|any practice|which practices?|is anyone|are we|what are we)\b/;
const UPCOMING =
  /\b(campaigns?|coming up|upcoming|whats on|what is on|awareness|events?|happening|calendar|anything|next few|ahead|look ahead|soon|days|weeks|months|dates)\b/;

/** Words that say when: a name found only in them ("winter" for Stay Well This Winter) is a date, not a campaign. */
const DATE_WORDS = new Set(
  'january february march april may june july august september october november december spring summer autumn winter christmas xmas new year week month'.split(
    ' ',
  ),
);

function notOnlyDates(hit: NameHit | undefined): NameHit | undefined {
  return hit && hit.matched.split(' ').every((w) => DATE_WORDS.has(w)) ? undefined : hit;
}

/** The question with the words a name was found in taken out. */
function without(question: string, hits: readonly (NameHit | undefined)[]): string {
  let text = question.toLowerCase().replace(/[’']/g, '');
  for (const hit of hits) {
    if (!hit) continue;
    const words = hit.matched.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    text = text.replace(new RegExp(words.join('[^a-z0-9]*'), 'i'), ' ');
  }
  return text;
}

/** Reads a question; `today` is the London day it is asked on. */
export function readQuestion(question: string, today: LondonDay, names: QuestionNames): Intent {
  const text = normaliseWords(question);
  if (!text) return { kind: 'unknown' };
  const campaign = notOnlyDates(names.campaigns.find(question));
  const practice = names.practices.find(question);
  // Names are not dates: "Dry January" and "Stay Well This Winter" say nothing about when.
  const period = askedRange(without(question, [campaign, practice]), today);
  const asksWhen = WHEN.test(text);
  const asksPlans = PLANS.test(text);

  if (campaign && asksWhen && !practice) return { kind: 'when', campaign };
  if (practice || asksPlans)
    return { kind: 'plans', period: period ?? (campaign ? undefined : comingUp(today)), practice, campaign };
  if (campaign) return { kind: 'when', campaign };
  if (period || UPCOMING.test(text)) return { kind: 'upcoming', period: period ?? comingUp(today) };
  return { kind: 'unknown' };
}
