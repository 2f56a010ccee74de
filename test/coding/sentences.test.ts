// Sentences to tick, split per locale: the Latin full stop, question and exclamation marks, the
// Arabic and Farsi question mark ؟ and the Arabic full stop ۔, the Ge'ez full stop ። and question
// mark ፧, and line breaks. Each sentence is trimmed, and its offsets are code points whose slice
// is the sentence.
import t from 'tap';
import { sliceCodePoints } from '../../src/coding/offsets.js';
import { sentencesOf } from '../../src/coding/sentences.js';

const split = (text: string, locale: string) =>
  sentencesOf(text, locale).map((s) => sliceCodePoints(text, s.start, s.end));

t.test('sentences in each script', async (t) => {
  t.same(split('Waxaan sugay saacado. Ma i dhagaysan! Maxaa dhacay? 😀 Waan tegey.', 'so'), [
    'Waxaan sugay saacado.',
    'Ma i dhagaysan!',
    'Maxaa dhacay?',
    '😀 Waan tegey.',
  ]);
  t.same(split('ذهبت إلى الطبيب. لم يستمع لي؟ ثم عدت إلى البيت۔ شكراً', 'ar'), [
    'ذهبت إلى الطبيب.',
    'لم يستمع لي؟',
    'ثم عدت إلى البيت۔',
    'شكراً',
  ]);
  t.same(split('به دکتر رفتم. گوش نمی‌داد؟ برگشتم', 'fa'), ['به دکتر رفتم.', 'گوش نمی‌داد؟', 'برگشتم']);
  t.same(split('ሓኪም ኣይሰምዓንን። ተርጓሚ ኣይነበረን፧ ተመሊሰ።', 'ti'), ['ሓኪም ኣይሰምዓንን።', 'ተርጓሚ ኣይነበረን፧', 'ተመሊሰ።']);
  t.same(split('ሐኪም ቤት ሄድኩ። አልሰሙኝም', 'am'), ['ሐኪም ቤት ሄድኩ።', 'አልሰሙኝም']);
  t.same(split('First line\nSecond line\n\n  Third.  ', 'en'), ['First line', 'Second line', 'Third.']);
  t.same(split('   ', 'en'), [], 'nothing but spaces has no sentence');
});

t.test('offsets are code points, so an emoji before a sentence does not move it', async (t) => {
  const text = '🙏🙏 Mahadsanid. Waan sugay.';
  const [first, second] = sentencesOf(text, 'so');
  t.same(first, { start: 0, end: 14 }, 'two emoji, a space and 11 letters (16 UTF-16 units)');
  t.same(second, { start: 15, end: 26 });
});
