// Finding writing about a risk of harm, from the phrase lists in safeguarding/phrases/<locale>.json
// (data a reviewer can extend without touching code; the README beside them says how). Every
// account is checked against every locale's list: residents mix languages, and an English phrase
// in a Somali account counts as much. Text and phrases are compared in their match form
// (text/match-form.ts: case, accents and Arabic marks, Arabic letter variants, Ge'ez homophones,
// punctuation), and what is found is the span of the resident's own characters, so a flag can say
// where to look without holding a copy of the words.
// The rule: a phrase's words appear side by side, the first starting a word; each word is whole
// except the last, which may go on ("kill mysel" would find "kill myself"; the Somali stem
// "is dil" finds "is dilay"). In Arabic and Farsi text a phrase's first word may also carry an
// attached prefix (و ف ب ل ال وال بال لل), which Arabic writes joined to the word.
import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../paths.js';
import { matchForm, matchFormWithOffsets } from '../text/match-form.js';
import { RISK_CATEGORIES, type RiskCategory } from './categories.js';

export interface RiskSpan {
  category: RiskCategory;
  /** Code-point offsets in the text as written. */
  start: number;
  end: number;
}

const phraseFileSchema = z.object({
  locale: z.string(),
  categories: z.object(
    Object.fromEntries(RISK_CATEGORIES.map((c) => [c, z.array(z.string().trim().min(2)).min(1)])) as Record<
      RiskCategory,
      z.ZodArray<z.ZodString>
    >,
  ),
});

export interface Phrase {
  category: RiskCategory;
  folded: string;
}

// Folded forms of the attached prefixes (ال folds to itself; the longest are tried first).
const ARABIC_PREFIXES = ['وال', 'بال', 'لل', 'ال', 'و', 'ف', 'ب', 'ل'].map(matchForm);
const ARABIC_LETTER = /[\u0600-\u06ff]/u;

export function readPhraseLists(folder = projectPath('safeguarding', 'phrases')): Phrase[] {
  const phrases: Phrase[] = [];
  const seen = new Set<string>();
  for (const name of readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()) {
    const parsed = phraseFileSchema.safeParse(JSON.parse(readFileSync(`${folder}/${name}`, 'utf8')));
    if (!parsed.success) throw new Error(`${folder}/${name}: ${parsed.error.message}`);
    for (const category of RISK_CATEGORIES) {
      for (const phrase of parsed.data.categories[category]) {
        const folded = matchForm(phrase);
        if (folded === '' || seen.has(`${category}:${folded}`)) continue;
        seen.add(`${category}:${folded}`);
        phrases.push({ category, folded });
      }
    }
  }
  return phrases;
}

/** Phrases by their first two characters, so each word start is compared with a handful only. */
export interface PhraseIndex {
  byStart: Map<string, Phrase[]>;
}

export function indexPhrases(phrases: readonly Phrase[]): PhraseIndex {
  const byStart = new Map<string, Phrase[]>();
  for (const phrase of phrases) {
    const key = phrase.folded.slice(0, 2);
    byStart.set(key, [...(byStart.get(key) ?? []), phrase]);
  }
  return { byStart };
}

let shipped: PhraseIndex | undefined;
const shippedPhrases = () => {
  shipped ??= indexPhrases(readPhraseLists());
  return shipped;
};

interface Hit {
  category: RiskCategory;
  /** Where the phrase's first word starts, and where the word it ends in ends, in the folded text. */
  from: number;
  to: number;
}

/** The first place of each phrase in a text already in its match form. */
function scan(folded: string, phrases: PhraseIndex): Hit[] {
  const hits: Hit[] = [];
  const done = new Set<Phrase>();
  const tryAt = (wordStart: number, at: number) => {
    for (const phrase of phrases.byStart.get(folded.slice(at, at + 2)) ?? []) {
      if (done.has(phrase) || !folded.startsWith(phrase.folded, at)) continue;
      done.add(phrase);
      const next = folded.indexOf(' ', at + phrase.folded.length);
      hits.push({ category: phrase.category, from: wordStart, to: next === -1 ? folded.length : next });
    }
  };
  for (let at = 0; at !== -1 && at < folded.length; ) {
    tryAt(at, at);
    if (ARABIC_LETTER.test(folded[at] ?? '')) {
      for (const prefix of ARABIC_PREFIXES) if (folded.startsWith(prefix, at)) tryAt(at, at + prefix.length);
    }
    const space = folded.indexOf(' ', at);
    at = space === -1 ? -1 : space + 1;
  }
  return hits;
}

/**
 * Every place in `text` where a phrase from the lists is written: the first place of each phrase,
 * running to the end of the word it ends in. Nearly every account has none, so the text is first
 * scanned in its quick match form, and only an account with a find is folded again one character
 * at a time to map the find back to the resident's characters.
 */
export function findRisks(text: string, phrases: PhraseIndex = shippedPhrases()): RiskSpan[] {
  if (scan(matchForm(text), phrases).length === 0) return [];
  const form = matchFormWithOffsets(text);
  const found: RiskSpan[] = [];
  const taken = new Set<string>();
  for (const hit of scan(form.text, phrases)) {
    const span = { category: hit.category, start: form.startOf(hit.from), end: form.endOf(hit.to) };
    const key = `${span.category}:${span.start}:${span.end}`;
    if (taken.has(key)) continue;
    taken.add(key);
    found.push(span);
  }
  return found.sort((a, b) => a.start - b.start || a.end - b.end);
}
