/**
 * Small text helpers shared by the draft checks: one normalised copy of the
 * draft (same length as the original, so a match's position slices the
 * draft's own words), sentences, matching, negation and how a reason quotes
 * the words it names.
 */

/** A piece of the draft that raised (or helps raise) a warning. */
export interface Hit {
  /** The words exactly as the draft has them. */
  readonly words: string;
  readonly start: number;
  readonly end: number;
}

/** The draft as the rules read it. */
export interface Draft {
  /** As written. */
  readonly text: string;
  /**
   * Curly quotes and dashes made plain, one character for one, so positions
   * match `text`. Rules match on this and quote `text`.
   */
  readonly plain: string;
  /** Where each sentence (or heading, or line) starts and ends in the draft. */
  readonly sentences: readonly { readonly start: number; readonly end: number }[];
}

export function readDraft(text: string): Draft {
  const plain = text
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u2033]/g, '"')
    .replace(/[\u2010\u2011\u2012\u2013\u2014\u2212]/g, '-')
    .replace(/[\u00A0\u2007\u202F]/g, ' ');
  return { text, plain, sentences: sentencesOf(plain) };
}

/**
 * Sentences: text up to ".", "!" or "?" followed by a space and a capital,
 * digit, quote or emoji, or up to a line break. "Dr. Patel" and "e.g. this"
 * stay in one sentence because a title or "e.g." is not an end.
 */
function sentencesOf(plain: string): { start: number; end: number }[] {
  const ends = /(?<!\b(?:Mr|Mrs|Ms|Dr|Mx|St|Prof|e\.g|i\.e|etc|approx|no|No|tel|Tel))[.!?]+["')]*(?=\s+\S)|\n+/g;
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (const m of plain.matchAll(ends)) {
    const end = (m.index ?? 0) + m[0].length;
    if (plain.slice(start, end).trim()) out.push({ start, end });
    start = end;
  }
  if (plain.slice(start).trim()) out.push({ start, end: plain.length });
  return out;
}

/** Every match of a global pattern in the plain text, with the draft's own words. */
export function findAll(draft: Draft, pattern: RegExp): Hit[] {
  if (!pattern.global) throw new Error('findAll needs a global pattern');
  const hits: Hit[] = [];
  for (const m of draft.plain.matchAll(pattern)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    hits.push({ words: draft.text.slice(start, end).trim(), start, end });
  }
  return hits;
}

/** The sentence a position falls in. */
export function sentenceAt(draft: Draft, position: number): { start: number; end: number } {
  return draft.sentences.find((s) => position >= s.start && position < s.end) ?? { start: 0, end: draft.plain.length };
}

/** The plain text of the clause before a hit, back to the start of its sentence or a clause break (";", ":", ",", " but "). */
export function clauseBefore(draft: Draft, hit: Hit, maxChars = 80): string {
  const sentence = sentenceAt(draft, hit.start);
  const before = draft.plain.slice(Math.max(sentence.start, hit.start - maxChars), hit.start);
  const parts = before.split(/[;:,]|\bbut\b|\bhowever\b|\bso\b/i);
  return parts[parts.length - 1];
}

/**
 * Words that say something is not so, or not wanted: "we do not offer",
 * "please don't", "never", "no longer", "unable to", "isn't".
 */
export const NEGATION =
  /\b(?:not|never|no longer|don't|dont|do not|doesn't|does not|didn't|did not|isn't|is not|aren't|are not|won't|will not|can't|cannot|can not|couldn't|unable|without|nor|no|avoid|instead of|rather than|stop|refrain from)\b/i;

/** True when the clause just before a hit negates it ("we do not offer walk-in appointments"). */
export function negatedBefore(draft: Draft, hit: Hit, maxChars = 60): boolean {
  return NEGATION.test(clauseBefore(draft, hit, maxChars));
}

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`: how a reason names the words that raised it. */
export function quoteList(words: readonly string[]): string {
  const quoted = words.map((w) => `"${w}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** Words once each, in the order met, ignoring case. */
export function unique(words: readonly string[]): string[] {
  const seen = new Set<string>();
  return words.filter((w) => {
    const key = w.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A pattern alternative from a word list: longest first, so "heart attack" wins over "heart". */
export function alternatives(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}

/**
 * A pattern's source with every letter made to match either case ("thank" ->
 * "[tT][hH]..."), for keyword parts of patterns whose names must stay
 * case-sensitive. Escapes ("\\b", "\\w") and character classes are kept.
 */
export function anyCase(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      out += c;
      if (c === ']') inClass = false;
    } else if (c === '[') {
      out += c;
      inClass = true;
    } else if (/[a-zA-Z]/.test(c)) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    } else {
      out += c;
    }
  }
  return out;
}
