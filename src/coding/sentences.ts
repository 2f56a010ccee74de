// A free-text answer as its sentences, for coding without JavaScript: each sentence is a
// passage an analyst can tick. ICU's sentence rules (Intl.Segmenter) know the Arabic and Farsi
// question mark (؟), the Arabic full stop (۔), the Ge'ez full stop and question mark (። ፧) and a
// new line, in every locale Codka speaks; each sentence is trimmed of the space after it, so a
// ticked sentence and the same words selected by hand are the same passage.
import { codePointLength, codePoints, trimSpace } from './offsets.js';

export interface Sentence {
  /** Code points into the text, end exclusive. */
  start: number;
  end: number;
}

export function sentencesOf(text: string, locale: string): Sentence[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
  const points = codePoints(text);
  const sentences: Sentence[] = [];
  let position = 0;
  for (const { segment } of segmenter.segment(text)) {
    const length = codePointLength(segment);
    // Segment boundaries are always between whole characters; only the spaces need trimming.
    const span = trimSpace(points, position, position + length);
    if (span) sentences.push(span);
    position += length;
  }
  return sentences;
}
