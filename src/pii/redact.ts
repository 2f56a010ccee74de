// Replaces personal details with a label ("[phone number]") for every role but safeguarding.
// Spans are in Unicode code points (scan.ts), so the text is cut by code point, never by UTF-16
// unit: an emoji before an NHS number must not shift the cut into the middle of the number.
import type { PersonalDetailKind, PersonalDetailSpan } from './scan.js';

/**
 * `text` with each span replaced by `label(kind)`. Spans may come in any order; overlapping ones
 * are redacted as one (with the first one's label) rather than letting any flagged character
 * through. A span outside the text is a bug in the caller and throws rather than redacting the
 * wrong characters.
 */
export function redact(
  text: string,
  spans: readonly PersonalDetailSpan[],
  label: (kind: PersonalDetailKind) => string,
): string {
  // Nearly every answer has nothing to hide: no copy of it.
  if (spans.length === 0) return text;
  const codePoints = Array.from(text);
  for (const { start, end } of spans) {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > codePoints.length) {
      throw new RangeError(`span ${start}–${end} does not fit a text of ${codePoints.length} code points`);
    }
  }
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  for (const span of ordered) {
    if (span.start === span.end) continue; // nothing to hide
    if (span.start < cursor) {
      // Overlaps the span before: that label already stands here, so just hide the rest.
      cursor = Math.max(cursor, span.end);
      continue;
    }
    out += codePoints.slice(cursor, span.start).join('') + label(span.kind);
    cursor = span.end;
  }
  return out + codePoints.slice(cursor).join('');
}
