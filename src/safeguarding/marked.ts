// A flagged answer as the safeguarding lead reads it: the text cut by code point around the
// span a flag points at, so the page can mark it (<mark>) with the rest escaped as usual.
export interface MarkedText {
  before: string;
  marked: string;
  after: string;
}

export function markedText(text: string, start: number | null, end: number | null): MarkedText {
  const codePoints = Array.from(text);
  if (start === null || end === null || start < 0 || end > codePoints.length || end < start) {
    return { before: text, marked: '', after: '' };
  }
  return {
    before: codePoints.slice(0, start).join(''),
    marked: codePoints.slice(start, end).join(''),
    after: codePoints.slice(end).join(''),
  };
}
