// Passage offsets are Unicode code points on the NFC text, end exclusive, and the quote is the
// slice they name: right on emoji (two UTF-16 units), combining marks, Arabic, Farsi with its
// zero-width non-joiner, and Ge'ez (including its supplementary-plane letters). A browser's
// UTF-16 positions are converted once, here, and a position between the halves of a surrogate
// pair is refused rather than guessed at.
import fc from 'fast-check';
import t from 'tap';
import { codePointAt16, codePointLength, sliceCodePoints, tidySpan, utf16At } from '../../src/coding/offsets.js';
import { announceSeed } from '../support/fast-check-seed.js';

announceSeed(import.meta.url);

/** Where `words` starts in `text`, in UTF-16 units (what a browser's selection reports). */
const at16 = (text: string, words: string) => {
  const index = text.indexOf(words);
  if (index < 0) throw new Error(`${words} not in ${text}`);
  return { start16: index, end16: index + words.length };
};

/** The passage a browser selection of `words` in `text` becomes: code points, and its quote. */
function selected(text: string, words: string) {
  const { start16, end16 } = at16(text, words);
  const start = codePointAt16(text, start16) as number;
  const end = codePointAt16(text, end16) as number;
  return { start, end, quote: sliceCodePoints(text, start, end) };
}

t.test('the quote of a selection is the words selected, in every script', async (t) => {
  const cases: [string, string, string][] = [
    ['emoji before the words', 'I waited 😀😀 three hours 🙏 for nothing', 'three hours'],
    ['emoji inside the words', 'Turjubaan 👩🏾‍⚕️ ma jirin', '👩🏾‍⚕️ ma'],
    ['Arabic with its marks', 'قالَت الطَّبيبةُ إنَّني بخير، لكنّني كنتُ مريضةً.', 'إنَّني بخير'],
    ['Farsi with a zero-width non-joiner', 'من می‌خواهم با پزشک زن صحبت کنم؟', 'می‌خواهم با پزشک'],
    ['Tigrinya (Ge’ez)', 'ሓኪም ኣይሰምዓንን። ተርጓሚ ኣይነበረን፧', 'ተርጓሚ ኣይነበረን'],
    ['Ge’ez beyond the basic plane', 'ስም 𞟠𞟡 ሓኪም', '𞟡 ሓኪም'],
    ['a combining mark on a Latin letter', 'Noémie na q̇ sukaar', 'q̇ sukaar'],
  ];
  for (const [what, text, words] of cases) {
    const passage = selected(text, words);
    t.equal(passage.quote, words, `${what}: the quote is the selection`);
    t.equal(passage.end - passage.start, codePointLength(words), `${what}: its length in code points`);
    t.equal(utf16At(text, passage.start), text.indexOf(words), `${what}: and back to UTF-16`);
  }
  // The ones with characters outside the basic plane count differently in UTF-16 and code points.
  const emoji = selected('I waited 😀😀 three hours', 'three hours');
  t.same([emoji.start, emoji.end], [12, 23], 'two emoji before: 14 UTF-16 units, 12 code points');
});

t.test('a UTF-16 position inside a surrogate pair, or outside the text, is refused', async (t) => {
  const text = 'ab😀cd';
  t.equal(codePointAt16(text, 2), 2);
  t.equal(codePointAt16(text, 3), undefined, 'between the halves of 😀');
  t.equal(codePointAt16(text, 4), 3);
  t.equal(codePointAt16(text, 6), 5, 'the end');
  t.equal(codePointAt16(text, 7), undefined);
  t.equal(codePointAt16(text, -1), undefined);
  t.equal(codePointAt16(text, 1.5), undefined);
});

t.test('a selection is widened to whole characters and trimmed of spaces', async (t) => {
  // "q̇" is q and a combining dot: a selection from the dot takes the q as well.
  const text = 'Noémie  q̇ sukaar ';
  const dot = [...text].indexOf('\u0307');
  t.same(tidySpan(text, dot, dot + 3), { start: dot - 1, end: dot + 3 }, 'the base letter joins its mark');
  t.same(tidySpan(text, 6, 10), { start: 8, end: 10 }, 'leading spaces dropped');
  t.equal(tidySpan(text, 6, 8), undefined, 'only spaces: nothing to code');
  // A family emoji is one character of five code points: half of it codes all of it.
  const family = 'a 👨‍👩‍👧 b';
  t.same(tidySpan(family, 3, 4), { start: 2, end: 7 });
  const arabic = 'كنتُ مريضةً';
  // The damma after ت is a mark of its own: a selection ending before it takes it.
  t.same(tidySpan(arabic, 0, 3), { start: 0, end: 4 });
});

t.test('for any text, positions convert both ways and the slice is the text between', async () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(), fc.nat(), (raw, a, b) => {
      const text = raw.normalize('NFC');
      const length = codePointLength(text);
      const [start, end] = [a % (length + 1), b % (length + 1)].sort((x, y) => x - y) as [number, number];
      const start16 = utf16At(text, start);
      const end16 = utf16At(text, end);
      if (codePointAt16(text, start16) !== start || codePointAt16(text, end16) !== end) return false;
      return sliceCodePoints(text, start, end) === text.slice(start16, end16);
    }),
  );
});
