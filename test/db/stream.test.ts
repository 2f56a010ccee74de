// streamRows reads more rows than fit in one page, in key order, none skipped or repeated, on
// both databases: a cursor on real Postgres, keyset pages on PGlite. Memory stays flat while a
// large result goes by (figures for 10,000 to 200,000 rows: bench/streaming.ts), and a reader
// that stops early gives its connection back.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import t from 'tap';
import { streamRows } from '../../src/db/stream.js';
import { testDatabase } from '../helper.js';

// Retained heap, not garbage waiting for collection: a full collection before each reading.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const retainedHeap = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

const ROWS = 50_000;
// 2 KB a row: the whole result is 100 MB, far more than a streaming reader may hold.
const BODY_BYTES = 2048;

const handle = await testDatabase(t);
const db = handle.db.withTables<{ stream_probe: { id: number; body: string } }>();
await sql`create table stream_probe (id int primary key, body text not null)`.execute(db);
// Filled by the server in one statement; md5 makes each body different so nothing is shared.
await sql`insert into stream_probe (id, body)
  select g, rpad(md5(g::text), ${BODY_BYTES}, md5((g * 7)::text)) from generate_series(1, ${ROWS}) g`.execute(db);

let queries = 0;
const counted = db.withPlugin({
  transformQuery: (args) => {
    queries++;
    return args.node;
  },
  transformResult: async (args) => args.result,
});

const probe = {
  rowsAfter: (after: number | undefined) =>
    counted
      .selectFrom('stream_probe')
      .select(['id', 'body'])
      .$if(after !== undefined, (q) => q.where('id', '>', after ?? 0))
      .orderBy('id'),
  keyOf: (row: { id: number; body: string }) => row.id,
};

t.test(`all ${ROWS} rows, in order, none skipped or repeated, in constant memory (${handle.kind})`, async (t) => {
  queries = 0;
  const before = retainedHeap();
  let peak = 0;
  let expected = 1;
  let wrong = 0;
  for await (const row of streamRows(handle, probe, 1000)) {
    if (row.id !== expected || row.body.length !== BODY_BYTES) wrong++;
    expected++;
    if (row.id % 5000 === 0) peak = Math.max(peak, retainedHeap() - before);
  }
  t.equal(expected - 1, ROWS, 'every row');
  t.equal(wrong, 0, 'each in its place, whole');
  const peakMb = peak / 1e6;
  t.comment(`retained heap while streaming ${(ROWS * BODY_BYTES) / 1e6} MB of rows: at most ${peakMb.toFixed(1)} MB`);
  // Holding the result would take over 100 MB of heap; a streaming reader holds a page or two
  // (2 MB each here).
  t.ok(peakMb < 20, 'a few pages, not the result');
  // The baseline, measured the same way: the whole result at once, as a plain query returns it.
  const base = retainedHeap();
  const all = await probe.rowsAfter(undefined).execute();
  const heldMb = (retainedHeap() - base) / 1e6;
  t.comment(`retained heap holding the whole result instead: ${heldMb.toFixed(1)} MB (${all.length} rows)`);
  t.ok(heldMb > 5 * peakMb, 'the measure tells the two apart');
  if (handle.kind === 'pglite')
    t.equal(queries, ROWS / 1000 + 2, 'PGlite: one short query per page of 1,000 (and the baseline)');
  else t.equal(queries, 2, 'Postgres: one query, read through a cursor (and the baseline)');
});

t.test('a page size that divides the rows exactly, and an empty result', async (t) => {
  let count = 0;
  for await (const _ of streamRows(handle, probe, 5000)) count++;
  t.equal(count, ROWS);
  const none = {
    rowsAfter: () => counted.selectFrom('stream_probe').select(['id', 'body']).where('id', '<', 0).orderBy('id'),
    keyOf: (row: { id: number }) => row.id,
  };
  let empty = 0;
  for await (const _ of streamRows(handle, none, 100)) empty++;
  t.equal(empty, 0);
});

t.test('readers that stop early give their connection back', async (t) => {
  // More early stops than the pool has connections (4 in tests): a leak would hang here.
  for (let i = 0; i < 10; i++) {
    let seen = 0;
    for await (const _ of streamRows(handle, probe, 100)) {
      if (++seen === 3) break;
    }
  }
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from stream_probe`.execute(db);
  t.equal(rows[0]?.n, ROWS, 'the database still answers');
});

t.test(
  'a cursor outlives the pool’s read timeout, and leaves nothing open behind it',
  { skip: handle.kind !== 'postgres' && 'Postgres only' },
  async (t) => {
    // The main pool gives up on a query after its read timeout: one timer per query, which a
    // cursor never clears. Reading slowly past it must still read every row.
    const { openDatabase } = await import('../../src/db/connect.js');
    // The same scratch database as the other tests, through a pool with a 200 ms read timeout.
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
    const url = new URL(process.env.DATABASE_URL ?? '');
    url.pathname = `/${rows[0]?.name}`;
    const short = openDatabase({ databaseUrl: url.toString(), pgliteDir: 'memory://', queryTimeoutMs: 200 });
    t.teardown(() => short.close());
    const slow = {
      rowsAfter: () =>
        short.db
          .withTables<{ stream_probe: { id: number; body: string } }>()
          .selectFrom('stream_probe')
          .select(['id'])
          .where('id', '<=', 2000)
          .orderBy('id'),
      keyOf: (row: { id: number }) => row.id,
    };
    let seen = 0;
    for await (const _ of streamRows(short, slow, 500)) {
      seen++;
      if (seen % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 150));
    }
    t.equal(seen, 2000, 'every row, though the reading took longer than the timeout');
  },
);
