import { distance } from 'fastest-levenshtein';

/**
 * Finds the campaign or practice a question names, the way people write
 * them: misspelt ("stoptobr"), without apostrophes ("mens health week"),
 * shortened ("Riverside" for "Riverside Medical Centre", "self care" for
 * "Self Care Week"). Each name is compared whole with a run of the
 * question's words of about the same length, so a common word ("week",
 * "health") never matches a name on its own.
 */

export interface Named {
  readonly id: string;
  readonly name: string;
  readonly aliases?: readonly string[];
}

export interface NameHit {
  readonly id: string;
  readonly name: string;
  /** The words of the question it was found in. */
  readonly matched: string;
  /** 1 for an exact match, down to the threshold. */
  readonly similarity: number;
}

/** Lower case, apostrophes dropped ("men's" -> "mens"), anything else not a letter or digit to a space. */
export function normaliseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Words that say what kind of thing a name is, so "Riverside" and "self care" still name it. */
const GENERIC_ENDINGS = [
  'awareness week',
  'awareness month',
  'awareness day',
  'week',
  'month',
  'day',
  'season',
  'medical centre',
  'medical center',
  'health centre',
  'health center',
  'medical practice',
  'family practice',
  'medical group',
  'surgery',
  'practice',
  'group',
  'centre',
  'pcn',
];
const LEADING = ['the ', 'world ', 'national ', 'uk '];

/** Words too common to be a name on their own. */
const STOPWORDS = new Set(
  (
    'a an and any anything are about at be by can campaign campaigns coming do does doing for from has have how i in is it ' +
    'its me my next of on or our planned planning plans plan post posting posts so that the their them there this to up ' +
    'us we what whats when where which who whos will with week weeks month months day days year health care awareness ' +
    'surgery practice centre medical group team pcn people patient patients start starts begin begins end ends'
  ).split(' '),
);

/** The forms of one name worth comparing with: itself, its aliases, and those without generic words. */
export function formsOf(named: Named): string[] {
  const forms = new Set<string>();
  for (const raw of [named.name, ...(named.aliases ?? [])]) {
    const base = normaliseWords(raw);
    if (!base) continue;
    forms.add(base);
    let trimmed = base;
    for (const lead of LEADING) if (trimmed.startsWith(lead)) trimmed = trimmed.slice(lead.length);
    for (const ending of GENERIC_ENDINGS) {
      if (trimmed.endsWith(` ${ending}`)) trimmed = trimmed.slice(0, -ending.length - 1);
    }
    if (trimmed && !STOPWORDS.has(trimmed)) forms.add(trimmed);
  }
  return [...forms];
}

function similarity(a: string, b: string): number {
  return 1 - distance(a, b) / Math.max(a.length, b.length);
}

/** Short names must match exactly ("flu", "dry"); longer ones may carry a typo or two. */
function threshold(form: string): number {
  if (form.length <= 4) return 1;
  if (form.length <= 7) return 0.84;
  return 0.8;
}

/**
 * Prepared once per list of names (a PCN's practices, the campaigns): finds
 * every name a question mentions, best first.
 */
export class NameMatcher {
  private readonly forms: { readonly named: Named; readonly form: string; readonly words: number }[];

  constructor(names: readonly Named[]) {
    this.forms = names.flatMap((named) => formsOf(named).map((form) => ({ named, form, words: form.split(' ').length })));
  }

  /** Every name found in the question, the most similar (then the longest) first, one hit per name. */
  findAll(question: string): NameHit[] {
    const words = normaliseWords(question).split(' ').filter(Boolean);
    const best = new Map<string, NameHit & { length: number }>();
    for (const { named, form, words: n } of this.forms) {
      for (let size = Math.max(1, n - 1); size <= n + 1; size++) {
        for (let i = 0; i + size <= words.length; i++) {
          const window = words.slice(i, i + size);
          if (window.every((w) => STOPWORDS.has(w))) continue;
          const text = window.join(' ');
          const score = similarity(text, form);
          if (score < threshold(form)) continue;
          const seen = best.get(named.id);
          if (!seen || score > seen.similarity || (score === seen.similarity && form.length > seen.length)) {
            best.set(named.id, { id: named.id, name: named.name, matched: text, similarity: score, length: form.length });
          }
        }
      }
    }
    return [...best.values()]
      .sort((a, b) => b.similarity - a.similarity || b.length - a.length)
      .map(({ length: _length, ...hit }) => hit);
  }

  /** The best name found, if any. */
  find(question: string): NameHit | undefined {
    return this.findAll(question)[0];
  }
}
