// Residents write numbers in their own script: Arabic-Indic (٠٧٩١١), Persian (۰۷۹۱۱), Devanagari
// (०७९११) and so on. The scanner matches on a copy of the text in which every Unicode decimal digit
// is replaced by its ASCII twin, so one set of patterns covers every script. The replacement is one
// code point for one code point, so a code-point offset in the copy is the same offset in the original.

const DECIMAL_DIGIT = /\p{Nd}/u;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
const asciiByCodePoint = new Map<number, string>();

/**
 * The ASCII digit for one decimal-digit code point. Unicode only assigns decimal digits in
 * contiguous runs of ten, ascending 0 to 9, so a maximal run of them starts on a zero and a digit's
 * value is its distance from the start of its run, modulo ten (some runs, such as the mathematical
 * digits, hold several sets of ten back to back). No lookup table to keep up to date.
 */
function asciiDigit(digit: string): string {
  const codePoint = digit.codePointAt(0) ?? 0;
  let ascii = asciiByCodePoint.get(codePoint);
  if (ascii === undefined) {
    let start = codePoint;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
    ascii = String((codePoint - start) % 10);
    asciiByCodePoint.set(codePoint, ascii);
  }
  return ascii;
}

/** `text` with every decimal digit, in any script, written as an ASCII digit; all else unchanged. */
export function toAsciiDigits(text: string): string {
  return text.replace(NON_ASCII_DIGIT, asciiDigit);
}

/**
 * A function from a UTF-16 index of `text` (0 to text.length) to the code-point offset there.
 * Regular expressions and libphonenumber report UTF-16 indices; Codka stores code-point offsets
 * (an emoji or an astral digit is one code point but two UTF-16 units).
 */
export function codePointOffsetOf(text: string): (utf16Index: number) => number {
  const offsets = new Uint32Array(text.length + 1);
  let codePoints = 0;
  for (let i = 0; i < text.length; i += 1) {
    offsets[i] = codePoints;
    const unit = text.charCodeAt(i);
    const isPair = unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (isPair) {
      // The low half belongs to the same code point; no match boundary can fall between the halves.
      i += 1;
      offsets[i] = codePoints;
    }
    codePoints += 1;
  }
  offsets[text.length] = codePoints;
  return (utf16Index) => {
    if (!Number.isInteger(utf16Index) || utf16Index < 0 || utf16Index > text.length) {
      throw new RangeError(`UTF-16 index ${utf16Index} is outside a text of length ${text.length}`);
    }
    return offsets[utf16Index] as number;
  };
}
