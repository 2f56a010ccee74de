// "Acknowledged = stored" (DESIGN.md promise 4), checked after a load run: the rows that
// appeared in `responses` are exactly the successful responses, and every receipt a
// confirmation page showed is there (by its keyed hash, the only form the database keeps).

import { setTimeout as sleep } from 'node:timers/promises';
import { hashReceipt, normalizeReceipt } from '../../src/accounts/receipt-code.js';
import { queryOnce } from './scratch-database.js';

export async function countResponses(databaseUrl: string): Promise<number> {
  const { rows } = await queryOnce<{ n: string }>(databaseUrl, 'select count(*) as n from responses');
  return Number(rows[0]?.n ?? 0);
}

/**
 * The row count once it stops moving. A timed warm-up ends by dropping requests in flight that
 * the app still completes a moment later; counting before they land would skew the check.
 */
export async function settledResponseCount(databaseUrl: string, quietMs = 500): Promise<number> {
  let previous = await countResponses(databaseUrl);
  for (;;) {
    await sleep(quietMs);
    const current = await countResponses(databaseUrl);
    if (current === previous) return current;
    previous = current;
  }
}

export interface StoredCheck {
  rowsAdded: number;
  receiptsShown: number;
  receiptsStored: number;
  problems: string[];
}

export async function checkStored(options: {
  databaseUrl: string;
  secret: string;
  rowsBefore: number;
  successes: number;
  receipts: string[];
}): Promise<StoredCheck> {
  const rowsAdded = (await countResponses(options.databaseUrl)) - options.rowsBefore;
  const hashes = options.receipts.map((shown) => hashReceipt(options.secret, normalizeReceipt(shown) ?? shown));
  const { rows } = await queryOnce<{ n: string }>(
    options.databaseUrl,
    'select count(*) as n from responses where receipt_hash = any($1::text[])',
    [hashes],
  );
  const receiptsStored = Number(rows[0]?.n ?? 0);
  const problems: string[] = [];
  if (rowsAdded !== options.successes)
    problems.push(`${options.successes} submissions acknowledged but ${rowsAdded} rows added to responses`);
  if (options.receipts.length !== options.successes)
    problems.push(
      `${options.successes} acknowledged but ${options.receipts.length} confirmation pages showed a receipt`,
    );
  if (new Set(options.receipts).size !== options.receipts.length) problems.push('the same receipt was shown twice');
  if (receiptsStored !== options.receipts.length)
    problems.push(`${options.receipts.length} receipts shown but ${receiptsStored} found in responses`);
  return { rowsAdded, receiptsShown: options.receipts.length, receiptsStored, problems };
}
