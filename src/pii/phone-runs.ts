// libphonenumber's findPhoneNumbersInText, run only on the stretches of a text where it could find a
// number. It is the costly part of a scan: it tries every digit run (years, prices, times) against
// the numbering plans, and an account in prose has one stretch worth that, or none.
//
// Why the result is the same as searching the whole text (libphonenumber-js 1.13, PhoneNumberMatcher;
// test/pii/scan.test.ts checks the first and third premises against the installed library):
// - Its candidate pattern has no anchors, lookarounds or negated classes, and every character it can
//   match is a PHONE_NUMBER_CHARACTER. So each candidate lies inside one maximal run of them; a search
//   begun just before the run finds the same candidates in it as a search begun at the start of the
//   text; and what is tried in one run never changes what is tried in another.
// - Outside a candidate it reads only the UTF-16 unit just before and just after it (the Latin-letter
//   and currency checks), and, after a timestamp-like candidate, ":" and two digits, which if present
//   are in the same run. So each run is searched with one unit either side of it.
// - A number it returns is valid in its numbering plan, and none has fewer digits in all, country
//   code included, than FEWEST_PHONE_NUMBER_DIGITS ("+43 1111" has six). A run with fewer is skipped.
import { findPhoneNumbersInText, type NumberFound } from 'libphonenumber-js/max';

export const FEWEST_PHONE_NUMBER_DIGITS = 6;

/**
 * A superset of the characters libphonenumber's candidate pattern can match, case-insensitively:
 * decimal digits; the leading "+" and opening brackets; its punctuation (dashes, slashes, dots, spaces,
 * brackets, tildes); and what an extension may be written with ("ext.", "extensión", "anexo", "доб",
 * "int", "x", "#", ",,", ";ext=", tabs and colons). Too many only makes the runs longer; one missing
 * would split a number between two runs.
 */
export const PHONE_NUMBER_CHARACTER = new RegExp(
  [
    String.raw`[\p{Nd}`,
    String.raw`+\uFF0B(\[\uFF08\uFF3B)\]\uFF09\uFF3D`,
    String.raw`\-\u2010-\u2015\u2212\u30FC\uFF0D/\uFF0F.\uFF0E~\u2053\u223C\uFF5E`,
    String.raw` \u00A0\u00AD\u200B\u2060\u3000\t`,
    String.raw`,;=:#\uFF03aeinostx\u00F3\u0301\uFF45\uFF49\uFF4E\uFF54\uFF58\u0431\u0434\u043E]`,
  ].join(''),
  'iu',
);

const OTHER = 1;
const PHONE = 2;
const DIGIT = 3;
/** The class of each UTF-16 unit, worked out the first time it is seen (0 until then). */
const unitClasses = new Uint8Array(0x10000);

function classOf(unit: number): number {
  let unitClass = unitClasses[unit] ?? 0;
  if (unitClass === 0) {
    // A lone surrogate matches neither pattern: astral characters are never part of a number.
    const char = String.fromCharCode(unit);
    unitClass = /\p{Nd}/u.test(char) ? DIGIT : PHONE_NUMBER_CHARACTER.test(char) ? PHONE : OTHER;
    unitClasses[unit] = unitClass;
  }
  return unitClass;
}

const ANY_DIGIT = /\p{Nd}/gu;

/**
 * Exactly what `findPhoneNumbersInText(text, { defaultCountry: 'GB' })` returns, offsets included
 * (UTF-16 indices into `text`), without searching the stretches where it cannot find anything.
 */
export function findPhoneNumbersInDigitRuns(text: string): NumberFound[] {
  const found: NumberFound[] = [];
  // Jump from digit to digit; most of a text has none near.
  ANY_DIGIT.lastIndex = 0;
  for (let match = ANY_DIGIT.exec(text); match !== null; match = ANY_DIGIT.exec(text)) {
    // An astral digit, such as 𝟎, is neither a digit nor punctuation to libphonenumber.
    if (classOf(text.charCodeAt(match.index)) !== DIGIT) continue;
    // The run of phone-number characters around the digit.
    let start = match.index;
    while (start > 0 && classOf(text.charCodeAt(start - 1)) !== OTHER) start -= 1;
    let end = match.index;
    let digits = 0;
    while (end < text.length) {
      const unitClass = classOf(text.charCodeAt(end));
      if (unitClass === OTHER) break;
      if (unitClass === DIGIT) digits += 1;
      end += 1;
    }
    if (digits >= FEWEST_PHONE_NUMBER_DIGITS) {
      const from = Math.max(start - 1, 0);
      const to = Math.min(end + 1, text.length);
      for (const number of findPhoneNumbersInText(text.slice(from, to), { defaultCountry: 'GB' })) {
        found.push({ ...number, startsAt: number.startsAt + from, endsAt: number.endsAt + from });
      }
    }
    ANY_DIGIT.lastIndex = end;
  }
  return found;
}
