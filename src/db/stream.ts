// Reading a result too large to hold at once: exports and reports over a million accounts go
// row by row in constant memory. On real Postgres a cursor (pg-cursor, on a pool of its own:
// connect.ts says why) fetches `pageSize` rows per round trip on one connection. PGlite's dialect
// would load the whole result before yielding the first row, and PGlite has a single connection
// that a long-open cursor would hold against every resident pressing Send; so there the rows come
// in keyset pages, each page its own short query, and other queries run between them.
import type { DatabaseHandle } from './connect.js';

/** What streamRows needs of a Kysely select: a page of it, or a cursor over all of it. */
export interface StreamableSelect<Row> {
  limit(limit: number): { execute(): Promise<Row[]> };
  compile(): { sql: string; parameters: readonly unknown[] };
}

export interface KeysetQuery<Row, Key> {
  /**
   * The rows whose key comes after `after` (every row when it is undefined), ordered by that
   * key. The key must be unique (a primary key, or a tuple ending in one) so no page boundary
   * can skip or repeat a row.
   */
  rowsAfter(after: Key | undefined): StreamableSelect<Row>;
  keyOf(row: Row): Key;
}

export const STREAM_PAGE_SIZE = 1000;

/** Every row of the query, in key order, holding at most about `pageSize` rows at a time. */
export async function* streamRows<Row, Key>(
  handle: Pick<DatabaseHandle, 'cursor'>,
  query: KeysetQuery<Row, Key>,
  pageSize = STREAM_PAGE_SIZE,
): AsyncGenerator<Row, void, undefined> {
  if (handle.cursor) {
    // Breaking out of the loop closes the cursor and returns the connection to the pool.
    yield* handle.cursor<Row>(query.rowsAfter(undefined).compile(), pageSize);
    return;
  }
  let after: Key | undefined;
  for (;;) {
    const page = await query.rowsAfter(after).limit(pageSize).execute();
    yield* page;
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) return;
    after = query.keyOf(last);
  }
}
