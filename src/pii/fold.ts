// The copy of a text that safety checks match on. What a person sees and what the characters are
// can differ: a right-to-left mark copied from a message, a zero-width space or soft hyphen from a
// phone keyboard, full-width digits from a Chinese or Japanese input method, digits in Arabic-Indic
// or Persian script, a "＠" or a "＝", or digits spaced out one by one ("0 7 7 0 0 …"). A pattern
// for a phone number or a formula sees none of those as what they look like. Folding makes the copy:
// - invisible characters are dropped: every format character (general category Cf: bidi marks,
//   embeddings and isolates, zero-width space and joiners, word joiner, soft hyphen, byte-order
//   mark…) and every other default-ignorable code point (variation selectors, the combining
//   grapheme joiner, Hangul fillers);
// - each character is replaced by its NFKC form, so compatibility forms (full-width letters and
//   digits, "＠", "＝", mathematical digits, ideographic and no-break spaces) become what they
//   stand for;
// - every decimal digit, in any script, becomes its ASCII twin (digits.ts);
// - combining marks on a digit are dropped ("0️⃣", a keycap, is "0", a selector and U+20E3);
// - the spaces between two single digits are dropped, so "0 7 7 0 0 9 0 0 1 2 3" reads as one run.
//   Only between single digits: "07911 123456 2019" must keep its groups to be cut at the number's end.
// The stored text is never changed (a Persian writer needs the zero-width non-joiner). The fold
// keeps, for every UTF-16 unit of the copy, the code-point offset of the character in the original
// it came from, so a match in the copy maps back to exactly the original characters, the invisible
// ones inside it included.
import { toAsciiDigits } from './digits.js';

const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const MARK = /^\p{M}+$/u;
const ASCII_DIGIT_AT_END = /[0-9]$/;
/** Spaces with a single digit on each side, as folded (every kind of space is " " by then). */
const SPACES_BETWEEN_SINGLE_DIGITS = /(?<=(?<![0-9])[0-9]) +(?=[0-9](?![0-9]))/g;
const HAS_SPACES_BETWEEN_SINGLE_DIGITS = new RegExp(SPACES_BETWEEN_SINGLE_DIGITS.source);
const NON_ASCII = /[^\p{ASCII}]/u;

export interface FoldedText {
  /** The copy to match on. */
  text: string;
  /** The code-point offset in the original of the character that the copy's unit `index` came from. */
  startOf(index: number): number;
  /** The code-point offset in the original just after a match in the copy that ends (exclusive) at `index`. */
  endOf(index: number): number;
}

/**
 * How one code point folds: its replacement (empty if dropped), whether the code point is a
 * combining mark, and whether the replacement ends in a digit (so a mark after it is the digit's).
 */
interface FoldedCodePoint {
  text: string;
  isMark: boolean;
  endsInDigit: boolean;
}

/** Folds of BMP code points, worked out the first time each is seen (a bounded table). */
const bmpFolds: (FoldedCodePoint | undefined)[] = new Array(0x10000);

function foldOf(char: string): FoldedCodePoint {
  const text = toAsciiDigits(char.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, ''));
  return { text, isMark: MARK.test(char), endsInDigit: ASCII_DIGIT_AT_END.test(text) };
}

function foldCodePoint(codePoint: number): FoldedCodePoint {
  if (codePoint > 0xffff) return foldOf(String.fromCodePoint(codePoint));
  let folded = bmpFolds[codePoint];
  if (folded === undefined) {
    folded = foldOf(String.fromCharCode(codePoint));
    bmpFolds[codePoint] = folded;
  }
  return folded;
}

/** A copy of `array` with room for at least `length` entries. */
function grown(array: Uint32Array, length: number): Uint32Array {
  const bigger = new Uint32Array(Math.max(length, array.length * 2));
  bigger.set(array);
  return bigger;
}

/**
 * The folded copy and, per unit of it, the original code-point offsets it came from: `starts` where
 * its character begins (one entry more: the end of the text), `ends` just after it and any marks
 * dropped from it (a digit's keycap).
 */
function foldCharacters(text: string): { folded: string; starts: Uint32Array; ends: Uint32Array } {
  let folded = '';
  let starts: Uint32Array = new Uint32Array(text.length + 1);
  let ends: Uint32Array = new Uint32Array(text.length + 1);
  let units = 0;
  let codePoints = 0;
  let afterDigit = false;
  for (let i = 0; i < text.length; i += 1, codePoints += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      folded += text.charAt(i);
      starts[units] = codePoints;
      ends[units] = codePoints + 1;
      units += 1;
      afterDigit = unit >= 0x30 && unit <= 0x39;
      continue;
    }
    let codePoint = unit;
    const low = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && (low & 0xfc00) === 0xdc00) {
      codePoint = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
      i += 1; // the low half of the pair
    }
    const fold = foldCodePoint(codePoint);
    if (fold.isMark && afterDigit) {
      // Part of the digit before it, and hidden with it.
      ends[units - 1] = codePoints + 1;
      continue;
    }
    if (fold.text === '') continue;
    if (units + fold.text.length >= starts.length) {
      starts = grown(starts, units + fold.text.length + 1);
      ends = grown(ends, units + fold.text.length + 1);
    }
    folded += fold.text;
    for (let k = 0; k < fold.text.length; k += 1) {
      starts[units] = codePoints;
      ends[units] = codePoints + 1;
      units += 1;
    }
    afterDigit = fold.endsInDigit;
  }
  starts[units] = codePoints;
  return { folded, starts: starts.subarray(0, units + 1), ends: ends.subarray(0, units) };
}

/** `text` folded for matching, with the way back from the copy's UTF-16 indices to `text`'s code points. */
export function foldForMatching(text: string): FoldedText {
  // Nearly every account is plain ASCII with no spaced-out digits: the copy is the text itself.
  if (!NON_ASCII.test(text) && !HAS_SPACES_BETWEEN_SINGLE_DIGITS.test(text)) {
    return { text, startOf: (index) => index, endOf: (index) => index };
  }
  let { folded, starts, ends } = foldCharacters(text);
  const dropped = new Set<number>();
  for (const match of folded.matchAll(SPACES_BETWEEN_SINGLE_DIGITS)) {
    for (let k = 0; k < match[0].length; k += 1) dropped.add(match.index + k);
  }
  if (dropped.size > 0) {
    const keep = (_: unknown, index: number) => !dropped.has(index);
    folded = folded.split('').filter(keep).join('');
    // `starts` has one entry more than the copy has units (the end of the text): it is kept.
    starts = starts.filter((_, index) => index === starts.length - 1 || !dropped.has(index));
    ends = ends.filter(keep);
  }
  const copyStarts = starts;
  const copyEnds = ends;
  return {
    text: folded,
    startOf: (index) => copyStarts[index] as number,
    endOf: (index) => (index === 0 ? (copyStarts[0] as number) : (copyEnds[index - 1] as number)),
  };
}

/** Only the folded copy of `text`, for checks that need no way back (a CSV cell's first character). */
export function folded(text: string): string {
  return foldForMatching(text).text;
}
