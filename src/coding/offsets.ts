// Where a coded passage starts and ends. Codka counts in Unicode code points on the NFC text, end
// exclusive (../shared/reference/qualitative-analysis.md): a count that is the same in Postgres
// (char_length, substr), in every language and in REFI-QDA's plain-text selections. Browsers count
// in UTF-16 units, Taguette in UTF-8 bytes; both are converted here, at the edge, and nowhere else.

/** The text as code points, so that index i is the i-th code point. */
export const codePoints = (text: string): string[] => Array.from(text);

export const codePointLength = (text: string): number => codePoints(text).length;

/** The code points [start, end) of `text`. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return codePoints(text).slice(start, end).join('');
}

/**
 * The code-point position of a UTF-16 position in `text`, or undefined when the position is not
 * in the text or falls between the two halves of a surrogate pair (an emoji, a rare Ge'ez
 * extension), which no honest selection does.
 */
export function codePointAt16(text: string, position16: number): number | undefined {
  if (!Number.isInteger(position16) || position16 < 0 || position16 > text.length) return undefined;
  const before = text.slice(0, position16);
  const last = before.charCodeAt(before.length - 1);
  if (before.length > 0 && last >= 0xd800 && last <= 0xdbff) return undefined;
  return codePointLength(before);
}

/** The UTF-16 position of a code-point position in `text` (what a browser script counts in). */
export function utf16At(text: string, codePoint: number): number {
  return codePoints(text).slice(0, codePoint).join('').length;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * [start, end) widened to whole user-perceived characters and narrowed past white space at
 * either end: a selection that caught a base letter without its combining mark, or half a flag,
 * codes the whole character; one that caught a trailing space codes the words alone. Undefined
 * when nothing but white space is left.
 */
export function tidySpan(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const points = codePoints(text);
  let from = 0;
  let to = points.length;
  let position = 0;
  for (const { segment } of graphemes.segment(text)) {
    const length = codePointLength(segment);
    if (position <= start) from = position;
    if (position < end) to = position + length;
    position += length;
  }
  return trimSpace(points, from, to);
}

/** [start, end) of `points` without white space at either end; undefined if nothing else is there. */
export function trimSpace(
  points: readonly string[],
  start: number,
  end: number,
): { start: number; end: number } | undefined {
  let from = start;
  let to = end;
  while (from < to && /\s/u.test(points[from] as string)) from++;
  while (to > from && /\s/u.test(points[to - 1] as string)) to--;
  return from < to ? { start: from, end: to } : undefined;
}
