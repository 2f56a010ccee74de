// A passage as the reading view shows it for coding: runs of the text, each either the words
// themselves or a personal detail shown as its label ("[phone number]"), with where each run
// starts and ends in the whole text in UTF-16 units. The staff page's select-to-code script
// reads those positions to say what was selected without ever seeing a hidden detail; the
// server turns them back into code points (offsets.ts).
import { codePoints } from './offsets.js';

export interface Run {
  text: string;
  /** A personal detail, shown as its label. */
  hidden: boolean;
  /** UTF-16 positions of the run in the whole text (a hidden run: of the detail it hides). */
  start16: number;
  end16: number;
}

export interface HiddenSpan {
  start: number;
  end: number;
  kind: string;
}

/**
 * The runs of `text` between code points `start` and `end`, with every span of `hidden` that
 * overlaps it shown as `label(kind)` (overlapping spans as one, so nothing hidden shows).
 */
export function runsOf(
  text: string,
  start: number,
  end: number,
  hidden: readonly HiddenSpan[],
  label: (kind: string) => string,
): Run[] {
  const points = codePoints(text);
  // UTF-16 position of each code point, and of the end.
  const at16: number[] = [0];
  for (const point of points) at16.push((at16[at16.length - 1] as number) + point.length);
  const pos16 = (codePoint: number) => at16[codePoint] as number;
  const spans = hidden
    .filter((span) => span.start < end && span.end > start && span.end > span.start)
    .sort((a, b) => a.start - b.start);
  const runs: Run[] = [];
  let cursor = start;
  let i = 0;
  while (i < spans.length) {
    const first = spans[i] as HiddenSpan;
    let hideEnd = first.end;
    // Spans that overlap the first one are hidden with it.
    while (i + 1 < spans.length && (spans[i + 1] as HiddenSpan).start < hideEnd) {
      i++;
      hideEnd = Math.max(hideEnd, (spans[i] as HiddenSpan).end);
    }
    const hideStart = Math.max(first.start, cursor);
    if (hideStart > cursor) {
      runs.push({
        text: points.slice(cursor, hideStart).join(''),
        hidden: false,
        start16: pos16(cursor),
        end16: pos16(hideStart),
      });
    }
    // A detail that runs past the passage is still hidden whole.
    runs.push({ text: label(first.kind), hidden: true, start16: pos16(first.start), end16: pos16(hideEnd) });
    cursor = Math.min(Math.max(hideEnd, cursor), end);
    i++;
  }
  if (cursor < end) {
    runs.push({ text: points.slice(cursor, end).join(''), hidden: false, start16: pos16(cursor), end16: pos16(end) });
  }
  return runs;
}

/** The words of a passage as a reader who may not see personal details reads them. */
export function redactedQuote(
  text: string,
  start: number,
  end: number,
  hidden: readonly HiddenSpan[],
  label: (kind: string) => string,
): string {
  return runsOf(text, start, end, hidden, label)
    .map((run) => run.text)
    .join('');
}
