// Formula neutralising in every CSV export (csv.ts): a cell a spreadsheet would run as a formula
// gets a leading apostrophe, also when the formula character is a full-width or other
// compatibility form, or hides behind invisible characters or leading spaces.
import fc from 'fast-check';
import t from 'tap';
import { csvLine, neutraliseCell, toCsv } from '../../src/export/csv.js';
import { announceSeed } from '../support/fast-check-seed.js';

announceSeed(import.meta.url);

const FORMULA_CHARACTERS = ['=', '+', '-', '@', '\t', '\r'];

t.test('a cell starting with a formula character is neutralised', async (t) => {
  for (const start of FORMULA_CHARACTERS) t.equal(neutraliseCell(`${start}1+1`), `'${start}1+1`, JSON.stringify(start));
  t.equal(neutraliseCell('Drop-in at the library'), 'Drop-in at the library');
  t.equal(neutraliseCell(12), '12');
  t.equal(neutraliseCell(null), '');
  t.equal(neutraliseCell(undefined), '');
});

t.test('full-width and small forms of a formula character are neutralised too', async (t) => {
  for (const cell of [
    '＝HYPERLINK("http://x","y")',
    '﹦1+1',
    '＋1+1',
    '﹢1',
    '－1+1',
    '﹣1',
    '＠SUM(A1)',
    '﹫SUM(A1)',
  ]) {
    t.equal(neutraliseCell(cell), `'${cell}`, cell);
  }
});

t.test('invisible characters and leading spaces before a formula do not hide it', async (t) => {
  for (const cell of [
    '\u200B=1+1',
    '\u200E\u200F=1+1',
    '\uFEFF=1+1',
    '\u2066＝1+1\u2069',
    ' =1+1',
    '\u00A0\u3000=1+1',
    '\n=1+1',
  ]) {
    t.equal(neutraliseCell(cell), `'${cell}`, JSON.stringify(cell));
  }
});

t.test('a line quotes every cell; a file starts with a byte-order mark', async (t) => {
  t.equal(csvLine(['＝1', 'a"b', 3]), `"'＝1","a""b","3"\r\n`);
  t.equal(toCsv(['a'], [['=1']]), `\uFEFF"a"\r\n"'=1"\r\n`);
});

/** What a spreadsheet sees first: invisible characters gone, compatibility forms folded, leading spaces trimmed. */
const firstSeen = (text: string) =>
  text
    .replace(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, '')
    .normalize('NFKC')
    .replace(/^[\s]+(?=[^\t\r])/u, '')
    .charAt(0);

t.test('any cell whose folded form starts with a formula character comes out neutralised', async (t) => {
  const lead = fc.array(
    fc.constantFrom(
      '\u200B',
      '\u200E',
      '\u200F',
      '\u061C',
      '\u2060',
      '\u00AD',
      '\uFEFF',
      '\u2066',
      ' ',
      '\u00A0',
      '\u3000',
      '\n',
    ),
    { maxLength: 4 },
  );
  const formula = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', '﹦', '＋', '﹢', '－', '﹣', '＠', '﹫');
  const cell = fc
    .tuple(lead, formula, fc.string({ unit: 'binary', maxLength: 20 }))
    .map(([spaces, start, rest]) => `${spaces.join('')}${start}${rest}`);
  fc.assert(
    fc.property(fc.oneof(cell, fc.string({ unit: 'binary', maxLength: 20 })), (text) => {
      const out = neutraliseCell(text);
      if (FORMULA_CHARACTERS.includes(firstSeen(text))) return out === `'${text}`;
      return out === text || out === `'${text}`;
    }),
  );
  t.pass('every one neutralised');
});
