import Fuse from 'fuse.js';
import type { CampaignMatch, CampaignName } from '../domain';

/**
 * Campaign names as people type them: "stoptobr", "mens health week",
 * "self-care week", "flu". Names and aliases are compared after folding
 * case, apostrophes, hyphens and punctuation; an exact folded match wins
 * outright, otherwise fuse.js finds the closest, and nothing when nothing
 * is close ("bananas").
 */

/** "Men's Health Week!" -> "mens health week"; "self-care" -> "self care". */
export function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2018\u2019`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** How far from exact a fuzzy match may be (fuse.js: 0 exact, 1 anything). */
const THRESHOLD = 0.34;

/** Words that say what kind of thing it is but not which: "week" alone names no campaign. */
const GENERIC = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'for',
  'in',
  'on',
  'this',
  'next',
  'uk',
  'national',
  'world',
  'awareness',
  'campaign',
  'campaigns',
  'day',
  'days',
  'week',
  'weeks',
  'month',
  'months',
  'season',
]);

/** Edits (insert, delete, change, swap two neighbours) from one word to another. */
function edits(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Whether a typed word could be this word: the start of it, or a slip of one or two letters in a longer word. */
function wordFits(typed: string, word: string): boolean {
  if (typed.length >= 3 && word.startsWith(typed)) return true;
  const allowed = typed.length >= 8 ? 2 : typed.length >= 5 ? 1 : 0;
  return edits(typed, word) <= allowed;
}

/** Whether every telling word typed fits a word of one of the campaign's names. */
function fits(typed: readonly string[], terms: readonly string[]): boolean {
  return terms.some((term) => {
    const words = term.split(' ');
    return typed.every((t) => words.some((w) => wordFits(t, w)));
  });
}

interface Entry {
  readonly name: CampaignName;
  readonly terms: readonly string[];
}

/** A matcher over a fixed set of names; build one per set (the national names once, a PCN's with them per request). */
export class CampaignNameMatcher {
  private readonly entries: readonly Entry[];
  private readonly fuse: Fuse<Entry>;

  constructor(names: readonly CampaignName[]) {
    this.entries = names.map((name) => ({
      name,
      terms: [...new Set([name.name, ...name.aliases].map(foldName).filter(Boolean))],
    }));
    this.fuse = new Fuse(this.entries, {
      keys: ['terms'],
      includeScore: true,
      threshold: THRESHOLD,
      ignoreLocation: true,
      minMatchCharLength: 2,
    });
  }

  /** The closest campaign, or undefined when none is close enough. */
  match(text: string): CampaignMatch | undefined {
    const folded = foldName(text);
    const exact = folded && this.entries.find((e) => e.terms.includes(folded));
    if (exact) return { ...exact.name, score: 0 };
    // A year or a number says when, not which ("carers week 2026").
    const words = folded.split(' ').filter((w) => w && !/^\d+$/.test(w));
    const telling = words.filter((w) => !GENERIC.has(w) && w.length >= 2);
    if (!telling.length) return undefined;
    const query = words.join(' ');
    const again = this.entries.find((e) => e.terms.includes(query));
    if (again) return { ...again.name, score: 0 };
    // fuse.js ranks; a candidate counts only if each telling word fits one of its words ("easter" is not "breast").
    const best = this.fuse
      .search(query, { limit: 8 })
      .find((r) => r.score !== undefined && r.score <= THRESHOLD && fits(telling, r.item.terms));
    // A fuzzy match is never reported as exact.
    return best ? { ...best.item.name, score: Math.max(best.score ?? 1, 0.001) } : undefined;
  }
}
