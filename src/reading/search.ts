// What the search box asks for, in terms the list query can send to an index. The words typed
// are put in their match form (text/match-form.ts), exactly as the stored search text was, then:
// - a word of three letters or more finds any account with a word containing it, so "dhakhtar"
//   finds "dhakhtarka" (Somali adds its articles to the end) and "مستشفى" finds "المستشفى"
//   (Arabic adds its article to the front): trigram matching, through pg_trgm's index;
// - a shorter word would be part of nearly every account, so it finds only the whole word;
// - words in double quotes find exactly those words, side by side ("waiting room"): full-text
//   phrase search with the `simple` configuration.
// Every term must match. At most MAX_TERMS terms are used; the rest are named on the page.
import { matchForm } from '../text/match-form.js';

export type SearchTerm =
  | { kind: 'part'; text: string }
  | { kind: 'word'; text: string }
  | { kind: 'phrase'; text: string };

export const MAX_TERMS = 8;
export const PART_MIN_LENGTH = 3;

export interface ParsedSearch {
  terms: SearchTerm[];
  /** Terms beyond MAX_TERMS, as typed. */
  dropped: number;
}

const QUOTED_OR_WORD = /"([^"]*)"|(\S+)/gu;
const QUOTES = /[“”„«»]/gu;

export function parseSearch(typed: string): ParsedSearch {
  const terms: SearchTerm[] = [];
  let found = 0;
  // Curly and angle quotes, as phone keyboards type them, count as double quotes.
  for (const match of typed.replace(QUOTES, '"').matchAll(QUOTED_OR_WORD)) {
    const [, quoted, bare] = match;
    const folded = matchForm(quoted ?? bare ?? '');
    if (folded === '') continue;
    // Punctuation inside an unquoted word ("e-mail", "GP's") splits it into words side by side.
    const words = folded.split(' ');
    let term: SearchTerm;
    if (quoted !== undefined || words.length > 1) term = { kind: 'phrase', text: folded };
    else if (Array.from(folded).length >= PART_MIN_LENGTH) term = { kind: 'part', text: folded };
    else term = { kind: 'word', text: folded };
    found += 1;
    if (terms.length < MAX_TERMS) terms.push(term);
  }
  return { terms, dropped: found - terms.length };
}

/** `text` as a LIKE pattern that matches it anywhere, its own % _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
