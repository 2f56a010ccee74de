// Finds personal details in a resident's free text so they can be redacted for everyone but the
// safeguarding role (DESIGN.md, promise 1). It errs towards redacting: a digit run that merely
// looks like a phone or NHS number is hidden, because staff cannot tell and the resident was
// promised anonymity. Matching runs on a folded copy of the text (fold.ts: no invisible
// characters, compatibility forms and every script's digits as ASCII, spaced-out digits joined);
// offsets returned are Unicode code points into the original, end exclusive.
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { foldForMatching } from './fold.js';
import { findPhoneNumbersInDigitRuns } from './phone-runs.js';

export const PERSONAL_DETAIL_KINDS = ['nhs_number', 'phone', 'email', 'postcode', 'ni_number'] as const;
export type PersonalDetailKind = (typeof PERSONAL_DETAIL_KINDS)[number];

export interface PersonalDetailSpan {
  start: number;
  end: number;
  kind: PersonalDetailKind;
}

/** A match in UTF-16 indices of the folded copy. `rank` breaks ties between equal lengths. */
interface Candidate {
  start: number;
  end: number;
  kind: PersonalDetailKind;
  rank: number;
}

// A checked NHS number is the most specific reading of ten digits; an unchecked ten-digit run is
// the least specific, so a phone reading of the same characters wins over it.
const RANK_NHS_CHECKED = 3;
const RANK_SPECIFIC = 2;
const RANK_NHS_UNCHECKED = 1;

// Not inside a longer number: no digit or "+" just before, and not the tail of "3.14" or "1,234".
const NOT_AFTER_NUMBER = `(?<![0-9+]|[0-9][.,])`;
const NOT_BEFORE_NUMBER = `(?![0-9]|[.,][0-9])`;
const SPACE = String.raw`[ \u00A0\u2009\u202F]`;
const DASH = String.raw`[.\-\u2010-\u2015]`;
// Between digit groups: one space, or a dot or dash with optional spaces round it. Never "/" or
// ":", so dates (12/03/2024) and times (10:30) do not join into longer runs.
const SEP = `(?:${SPACE}?${DASH}${SPACE}?|${SPACE})`;

// Ten digits, ungrouped or grouped 3-3-4 with the same separator twice: "123456 0044" is the tail
// of one number and the head of another, not an NHS number.
const NHS_SHAPE = new RegExp(
  String.raw`${NOT_AFTER_NUMBER}[0-9]{3}(${SEP}|)[0-9]{3}\1[0-9]{4}${NOT_BEFORE_NUMBER}`,
  'g',
);
// A whole group of up to `max` digits. Groups and their number are bounded so that trying a match
// from every group of a long run of digits stays linear in the length of the text.
const digitGroup = (min: number, max: number) => `[0-9]{${min},${max}}(?![0-9])`;
// UK national: a trunk 0 and area code, perhaps bracketed — (020) 7946 0018 — then more groups.
const UK_NATIONAL = new RegExp(
  String.raw`${NOT_AFTER_NUMBER}(?:\(0[0-9]{1,5}\)(?:${SEP})?${digitGroup(2, 10)}|0${digitGroup(1, 10)})(?:${SEP}${digitGroup(2, 10)}){0,5}`,
  'g',
);
// International: "+" or "00" and a country code, then groups; a bracketed trunk "(0)" may follow.
const INTERNATIONAL = new RegExp(
  String.raw`${NOT_AFTER_NUMBER}(?:\+${SPACE}?|00(?=[1-9]))${digitGroup(1, 15)}(?:(?:${SEP})?\([0-9]{1,5}\)(?:${SEP})?${digitGroup(1, 15)}|${SEP}${digitGroup(1, 15)}){0,7}`,
  'g',
);
// local@domain.tld, letters of any script; each domain label at most 63 characters. Matches
// start only at the beginning of a word, which keeps the search linear.
const LETTER_OR_DIGIT = String.raw`[\p{L}\p{M}\p{N}]`;
const DOMAIN_LABEL = String.raw`${LETTER_OR_DIGIT}(?:[\p{L}\p{M}\p{N}-]{0,61}${LETTER_OR_DIGIT})?`;
const EMAIL = new RegExp(
  String.raw`(?<![\p{L}\p{M}\p{N}._%+-])[\p{L}\p{M}\p{N}._%+-]+@${DOMAIN_LABEL}(?:\.${DOMAIN_LABEL})*\.\p{L}[\p{L}\p{M}]{1,62}`,
  'gu',
);
// Full UK postcodes only (Royal Mail's outward shapes A9, A99, AA9, AA99, A9A, AA9A, then the
// inward code 9AA). An outward code alone ("W12") is what the survey asks for and is not flagged.
const POSTCODE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:GIR${SPACE}?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])${SPACE}?([0-9][ABD-HJLNP-UW-Z]{2}))(?![\p{L}\p{N}])`,
  'giu',
);
// "the A10 2nd time": a lower-case ordinal after a road or bus number is not an inward code.
const ORDINAL = /^[0-9](?:st|nd|rd|th)$/;
// National Insurance: HMRC's prefix rules (first letter not D F I Q U V, second not D F I O Q U V,
// and never BG GB NK KN TN NT ZZ), six digits, suffix A-D. "QQ 12 34 56 C", the example HMRC
// prints, breaks these rules and is deliberately not flagged.
const NI_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]${SPACE}?[0-9](?:${SPACE}?[0-9]){5}${SPACE}?[A-D](?![\p{L}\p{N}])`,
  'giu',
);

/** The NHS Data Dictionary's modulus 11 check: weights 10..2, 11 reads as 0, 10 is never valid. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^[0-9]{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === Number(digits[9]);
}

/**
 * Every match of a global pattern, overlapping ones included: after each match the search resumes
 * one character on, so a run such as "03-2024 07911 123456" is tried from each of its groups.
 */
function* allMatches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    yield match;
    pattern.lastIndex = match.index + 1;
  }
}

/**
 * Lengths of `run`, shortest first, that end on a group boundary with a digit count in [min, max].
 * Greedy patterns can swallow a following number ("07911 123456 2019"); these trim it back.
 */
function phoneLengths(run: string, min: number, max: number): number[] {
  const lengths: number[] = [];
  let count = 0;
  for (const group of run.matchAll(/\(0\)|[0-9]+/g)) {
    // A bracketed trunk "(0)", as in "+44 (0) 7911 123456", is written from habit and not dialled.
    if (group[0] !== '(0)') count += group[0].length;
    if (count > max) break;
    if (count >= min) lengths.push(group.index + group[0].length);
  }
  return lengths;
}

function detectNhsNumbers(text: string): Candidate[] {
  return Array.from(allMatches(NHS_SHAPE, text), (match) => ({
    start: match.index,
    end: match.index + match[0].length,
    kind: 'nhs_number' as const,
    rank: isValidNhsNumber(match[0].replace(/\D/g, '')) ? RANK_NHS_CHECKED : RANK_NHS_UNCHECKED,
  }));
}

function detectUkNationalPhones(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of allMatches(UK_NATIONAL, text)) {
    // "01-03-2024 10:30" is a date: a two-digit first group must be followed by a plain space
    // ("07 911 123 456") to count as the start of a phone number.
    if (/^0[0-9](?![0-9]| [0-9])/.test(match[0])) continue;
    const length = phoneLengths(match[0], 10, 11).pop();
    if (length !== undefined) found.push(candidate(match.index, length, 'phone'));
  }
  return found;
}

function detectInternationalPhones(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of allMatches(INTERNATIONAL, text)) {
    const digits = match[0].replace(/^\+|^00/, '').replace(/\D/g, '');
    // +44 numbers have 9 or 10 digits after the country code; elsewhere allow E.164's 8 to 15 in all.
    const [min, max] = digits.startsWith('44') ? [11, 12] : [8, 15];
    const prefix = match[0].startsWith('00') ? 2 : 0;
    const lengths = phoneLengths(match[0].slice(prefix), min, max).map((length) => prefix + length);
    // Of the plausible lengths, the longest that the country's numbering plan accepts, so that
    // "+1 (213) 373-4253 07 911 123 456" stops before the next number; else the longest.
    const plausible = (length: number) => isValidPhoneNumber(`+${match[0].slice(0, length).replace(/^\+|^00/, '')}`);
    const length = lengths.findLast(plausible) ?? lengths.at(-1);
    if (length !== undefined) found.push(candidate(match.index, length, 'phone'));
  }
  return found;
}

/**
 * libphonenumber knows every country's numbering plan, so it catches shapes the patterns above do
 * not. Its spans can run past the number ("+44 7911 123456, 020"), so each is cut back to end at the
 * last digit of the number it parsed. It is only run on the runs of digits and phone punctuation
 * that could hold a number (phone-runs.ts), with the same result as running it on the whole text.
 */
function detectLibraryPhones(text: string): Candidate[] {
  return findPhoneNumbersInDigitRuns(text).map((found) => {
    const span = text.slice(found.startsAt, found.endsAt);
    const national = found.number.nationalNumber;
    let digits = '';
    let end = span.length;
    for (let index = 0; index < span.length; index += 1) {
      const char = span.charAt(index);
      if (char < '0' || char > '9') continue;
      digits += char;
      if (digits.endsWith(national)) {
        end = index + 1;
        break;
      }
    }
    return candidate(found.startsAt, end, 'phone');
  });
}

function detectEmails(text: string): Candidate[] {
  if (!text.includes('@')) return [];
  return Array.from(text.matchAll(EMAIL), (match) => candidate(match.index, match[0].length, 'email'));
}

function detectPostcodes(text: string): Candidate[] {
  return Array.from(text.matchAll(POSTCODE))
    .filter((match) => !ORDINAL.test(match[1] ?? '') || !/\s/.test(match[0]))
    .map((match) => candidate(match.index, match[0].length, 'postcode'));
}

function detectNiNumbers(text: string): Candidate[] {
  return Array.from(text.matchAll(NI_NUMBER), (match) => candidate(match.index, match[0].length, 'ni_number'));
}

function candidate(start: number, length: number, kind: PersonalDetailKind): Candidate {
  return { start, end: start + length, kind, rank: RANK_SPECIFIC };
}

const DETECTORS = [
  detectNhsNumbers,
  detectUkNationalPhones,
  detectInternationalPhones,
  detectLibraryPhones,
  detectEmails,
  detectPostcodes,
  detectNiNumbers,
];

/**
 * Overlapping candidates become one span covering them all, so no character any detector flagged
 * is left showing; the span takes the kind of its longest member (ties go to the higher rank).
 */
function merge(candidates: Candidate[]): Omit<Candidate, 'rank'>[] {
  const merged: { start: number; end: number; best: Candidate }[] = [];
  for (const next of [...candidates].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && next.start < last.end) {
      last.end = Math.max(last.end, next.end);
      if (outranks(next, last.best)) last.best = next;
    } else {
      merged.push({ start: next.start, end: next.end, best: next });
    }
  }
  return merged.map(({ start, end, best }) => ({ start, end, kind: best.kind }));
}

function outranks(a: Candidate, b: Candidate): boolean {
  const lengthA = a.end - a.start;
  const lengthB = b.end - b.start;
  return lengthA > lengthB || (lengthA === lengthB && a.rank > b.rank);
}

/**
 * Personal details in `text` (NFC, "\n" line endings), as code-point spans into `text`: sorted by
 * start, never overlapping, end exclusive. A span covers every original character its match in the
 * folded copy came from, invisible ones inside it included.
 */
export function scanPersonalDetails(text: string): PersonalDetailSpan[] {
  const folded = foldForMatching(text);
  const spans: PersonalDetailSpan[] = [];
  for (const { start, end, kind } of merge(DETECTORS.flatMap((detect) => detect(folded.text)))) {
    const span = { start: folded.startOf(start), end: folded.endOf(end), kind };
    // One original character can fold to several ("㏕" is "mol"): two matches cut from it touch
    // the same character, and are one span, so spans stay disjoint.
    const last = spans.at(-1);
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else spans.push(span);
  }
  return spans;
}
