// The form of a text that searching and phrase matching compare: the same words written on
// different keyboards, or with and without their optional marks, come out the same. It is used on
// both sides, for what is stored and for what a reader types, so they always agree; the text a
// person reads is never changed. Steps, each for a reason seen in residents' writing:
// - invisible characters go (bidi marks, zero-width joiners, the Persian zero-width non-joiner,
//   soft hyphens), so "می‌خواهم" and "میخواهم" are one word;
// - compatibility forms become what they stand for (NFKC: full-width letters, ligatures);
// - letters are lower-cased, and combining marks are dropped: Latin accents ("médecin" and
//   "medecin"), Arabic harakat and shadda (most Arabic is written without them), the Ethiopic
//   combining marks;
// - Arabic-script letters written several ways become one: hamza forms of alef (أ إ آ ٱ → ا),
//   alef maqsura and Persian yeh (ى ی → ي), Persian keheh (ک → ك), taa marbuta (ة → ه), tatweel
//   dropped;
// - Ge'ez letters that Amharic and Tigrinya writers use for the same sound: ሠ → ሰ, ፀ → ጸ, ኀ → ሀ
//   (each with all its vowel orders). ሐ/ሀ and ዐ/አ are kept apart: Tigrinya says them differently;
// - every decimal digit becomes its ASCII twin;
// - anything that is not a letter or a digit (punctuation in any script, including the Ethiopic
//   word space ፡ and full stop ።, and symbols) becomes a space, and runs of spaces one space.
import { toAsciiDigits } from '../pii/digits.js';

const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const MARKS = /\p{M}/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

const ARABIC_VARIANTS: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ی: 'ي',
  ې: 'ي',
  ک: 'ك',
  ة: 'ه',
  ۀ: 'ه',
  ـ: '',
};
const ARABIC_VARIANT = new RegExp(`[${Object.keys(ARABIC_VARIANTS).join('')}]`, 'gu');

/** First code points of Ge'ez series folded onto another series, eight vowel orders each. */
const GEEZ_SERIES: [from: number, to: number][] = [
  [0x1220, 0x1230], // ሠ → ሰ
  [0x1340, 0x1338], // ፀ → ጸ
  [0x1280, 0x1200], // ኀ → ሀ
];

function foldGeez(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    const series = GEEZ_SERIES.find(([from]) => code >= from && code < from + 8);
    out += series ? String.fromCodePoint(series[1] + (code - series[0])) : char;
  }
  return out;
}

const HAS_GEEZ = /[\u1200-\u137f]/u;

export function matchForm(text: string): string {
  // Marks are dropped after decomposing (NFD), so "é" loses its accent; NFKC first turns
  // compatibility forms into ordinary letters that NFD can then take apart.
  let folded = text.replace(INVISIBLE, '').normalize('NFKC').toLowerCase().normalize('NFD').replace(MARKS, '');
  folded = folded.normalize('NFC').replace(ARABIC_VARIANT, (c) => ARABIC_VARIANTS[c] ?? c);
  if (HAS_GEEZ.test(folded)) folded = foldGeez(folded);
  return toAsciiDigits(folded).replace(NOT_WORD, ' ').trim();
}

/** A text in its match form, and where each of its units came from in the original. */
export interface MatchFormWithOffsets {
  text: string;
  /** The code-point offset in the original of the character that the folded unit `index` came from. */
  startOf(index: number): number;
  /** The code-point offset in the original just after a match that ends (exclusive) at `index`. */
  endOf(index: number): number;
}

/**
 * The match form built one original character at a time, so that a phrase found in it can be
 * mapped back to exactly the characters the resident wrote (safeguarding records that span).
 * For the texts residents write it is the same text as matchForm gives; it is slower, so search
 * uses matchForm.
 */
export function matchFormWithOffsets(original: string): MatchFormWithOffsets {
  let text = '';
  const origin: number[] = [];
  let offset = 0;
  for (const char of original) {
    let folded = matchForm(char);
    // Punctuation and spaces fold to nothing alone, but stand between words: a gap. Invisible
    // characters, marks and tatweel vanish.
    if (folded === '' && GAP.test(char)) folded = ' ';
    for (const unit of folded) {
      // Runs of gaps are one space, and the text neither starts nor ends with one.
      if (unit === ' ' && (text === '' || text.endsWith(' '))) continue;
      text += unit;
      for (let i = 0; i < unit.length; i += 1) origin.push(offset);
    }
    offset += 1;
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    origin.pop();
  }
  return {
    text,
    startOf: (index) => origin[index] ?? offset,
    endOf: (index) => (index <= 0 ? 0 : (origin[index - 1] ?? offset - 1) + 1),
  };
}

const GAP = /^[^\p{L}\p{N}\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
