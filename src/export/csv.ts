// CSV for exports. Every cell is neutralised against formula injection: a cell that a
// spreadsheet would run as a formula (starting = + - @, tab or carriage return) gets a leading
// apostrophe, and every cell is quoted.

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map((cell) => `"${neutraliseCell(cell).replace(/"/g, '""')}"`).join(',')}\r\n`;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  // A byte-order mark so Excel opens UTF-8 (Somali, Arabic, Tigrinya names) correctly.
  return `\uFEFF${csvLine(header)}${rows.map(csvLine).join('')}`;
}
