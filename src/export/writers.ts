// An export's rows as the bytes of a file, a chunk at a time: CSV (UTF-8 with a byte-order mark
// so Excel shows Somali, Arabic and Ge'ez as written; every cell, headers too, quoted and
// neutralised against formulas: csv.ts), XLSX (ExcelJS's streaming writer, every cell a string
// neutralised the same way, no shared-strings table, so memory stays flat however many rows) and
// JSON Lines (one object per account, keyed by column).
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ExportColumn } from './columns.js';
import { csvLine, neutraliseCell } from './csv.js';

export type ExportFormat = 'csv' | 'xlsx' | 'jsonl';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'jsonl'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

type Item = { columns: ExportColumn[] } | { cells: string[] };

async function* writeText(
  format: 'csv' | 'jsonl',
  items: AsyncIterable<Item>,
  onRow: () => void,
  chunkRows: number,
): AsyncGenerator<string> {
  let names: string[] = [];
  let chunk = '';
  let inChunk = 0;
  for await (const item of items) {
    if ('columns' in item) {
      names = item.columns.map((column) => column.name);
      if (format === 'csv') yield `\uFEFF${csvLine(names)}`;
      continue;
    }
    chunk +=
      format === 'csv'
        ? csvLine(item.cells)
        : `${JSON.stringify(Object.fromEntries(names.map((name, i) => [name, item.cells[i] ?? ''])))}\n`;
    onRow();
    inChunk += 1;
    if (inChunk >= chunkRows) {
      yield chunk;
      chunk = '';
      inChunk = 0;
    }
  }
  if (chunk) yield chunk;
}

async function* writeXlsx(items: AsyncIterable<Item>, onRow: () => void): AsyncGenerator<Buffer> {
  // Loaded only for a workbook: the library is large, and CSV and JSON Lines need none of it.
  const { default: ExcelJS } = await import('exceljs');
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Accounts');
  let stopped = false;
  const produce = (async () => {
    for await (const item of items) {
      // The reader went away (a broken download): stop reading the database too.
      if (stopped) break;
      const cells = 'columns' in item ? item.columns.map((column) => column.name) : item.cells;
      sheet.addRow(cells.map(neutraliseCell)).commit();
      if ('cells' in item) onRow();
      // Wait while the bytes already written are not yet taken: memory stays flat.
      if (output.writableNeedDrain) await once(output, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  })();
  produce.catch((error: unknown) => output.destroy(error as Error));
  try {
    for await (const chunk of output) yield chunk as Buffer;
    await produce;
  } finally {
    stopped = true;
  }
}

/** The file's bytes in chunks (of about `chunkRows` rows for text); `onRow` counts accounts as they go. */
export function writeExport(
  format: ExportFormat,
  items: AsyncIterable<Item>,
  onRow: () => void,
  chunkRows = 500,
): AsyncGenerator<string | Buffer> {
  return format === 'xlsx' ? writeXlsx(items, onRow) : writeText(format, items, onRow, chunkRows);
}
