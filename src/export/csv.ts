// CSV for exports. Every cell is neutralised against formula injection: a cell that a
// spreadsheet would run as a formula (starting = + - @, tab or carriage return) gets a leading
// apostrophe, and every cell is quoted. The check reads the cell as folded for matching
// (pii/fold.ts): a full-width "＝" or small "﹦", or a formula behind invisible characters or
// leading spaces, is a formula to some spreadsheets and to anyone who pastes the cell on.
import { folded } from '../pii/fold.js';

const FORMULA_START = /^[=+\-@\t\r]/;
/** A printable ASCII character: nothing can fold it, or hide before it, into a formula. */
const PLAIN_ASCII_START = /^[\x21-\x7e]/;

function startsFormula(text: string): boolean {
  if (FORMULA_START.test(text)) return true;
  // Most cells of a million-row export start with a printable ASCII character: the fold (which
  // costs a copy of the text) is only needed for a cell starting with anything else.
  if (text === '' || PLAIN_ASCII_START.test(text)) return false;
  // Only the start decides: fold the first 64 units, and the whole text only when they fold to
  // nothing but spaces and invisible characters.
  const start = folded(text.slice(0, 64)).replace(/^[^\S\t\r]+/, '');
  if (start !== '' || text.length <= 64) return FORMULA_START.test(start);
  return FORMULA_START.test(folded(text).replace(/^[^\S\t\r]+/, ''));
}

export function neutraliseCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return startsFormula(text) ? `'${text}` : text;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map((cell) => `"${neutraliseCell(cell).replace(/"/g, '""')}"`).join(',')}\r\n`;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  // A byte-order mark so Excel opens UTF-8 (Somali, Arabic, Tigrinya names) correctly.
  return `\uFEFF${csvLine(header)}${rows.map(csvLine).join('')}`;
}
