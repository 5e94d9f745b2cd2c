/** Kept in capitals: what people write in capitals in a practice's name. */
const ACRONYMS = new Set(['NHS', 'PCN', 'GP', 'GPS', 'UK', 'ICB', 'CCG', 'HIV', 'LLP', 'CIC', 'A&E', 'OOH']);
/** Lower case inside a name ("Newcastle upon Tyne", "Stockton-on-Tees"), capitalised at its start or after "(". */
const SMALL_WORDS = new Set(['and', 'of', 'the', 'on', 'upon', 'in', 'at', 'by', 'for', 'to', 'with', 'under', 'le']);

function capitalise(word: string): string {
  const lower = word.toLowerCase();
  // "JOHN'S" -> "John's", "O'BRIEN" -> "O'Brien".
  return lower
    .replace(/^[a-z]/, (first) => first.toUpperCase())
    .replace(/'([a-z]{2,})/g, (_, rest: string) => `'${rest[0].toUpperCase()}${rest.slice(1)}`);
}

/**
 * ODS names are in capitals ("RIVERSIDE MEDICAL CENTRE"); people read them in
 * title case ("Riverside Medical Centre"), keeping NHS, PCN and GP in
 * capitals, small joining words in lower case, and "(THE)" as "(The)".
 */
export function titleCaseOrgName(name: string): string {
  const parts = name
    .trim()
    .replace(/\s+/g, ' ')
    .split(/([A-Za-z0-9&']+)/);
  let words = 0;
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return part; // separators: spaces, hyphens, brackets, full stops
      const upper = part.toUpperCase();
      const startsSegment = words++ === 0 || parts[i - 1].endsWith('(');
      if (ACRONYMS.has(upper)) return upper;
      if (!startsSegment && SMALL_WORDS.has(part.toLowerCase())) return part.toLowerCase();
      return capitalise(part);
    })
    .join('');
}
