// Residents write numbers in their own script: Arabic-Indic (٠٧٩١١), Persian (۰۷۹۱۱), Devanagari
// (०७९११) and so on. The scanner matches on a folded copy of the text (fold.ts) in which every
// Unicode decimal digit is replaced by its ASCII twin, so one set of patterns covers every script.

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
