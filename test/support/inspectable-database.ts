// A test database with the pageinspect extension, to read what Postgres really keeps on its
// pages (dead row versions included), on both kinds: a scratch database on the real server, or
// PGlite loaded with its bundled pageinspect.
import { PGlite } from '@electric-sql/pglite';
import { pageinspect } from '@electric-sql/pglite/contrib/pageinspect';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type Kysely, sql } from 'kysely';
import { type DatabaseHandle, pgliteHandle } from '../../src/db/connect.js';
import type { Database } from '../../src/db/schema.js';
import { testDatabase } from '../helper.js';
import { emptyPgliteDataDir } from '../pglite-template.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function inspectableDatabase(t: Teardown): Promise<DatabaseHandle> {
  if (process.env.DATABASE_URL) {
    const handle = await testDatabase(t);
    await sql`create extension if not exists pageinspect`.execute(handle.db);
    return handle;
  }
  const pglite = new PGlite('memory://', {
    extensions: { pageinspect, pg_trgm },
    loadDataDir: await emptyPgliteDataDir(),
  });
  const handle = pgliteHandle(pglite);
  await sql`create extension if not exists pageinspect`.execute(handle.db);
  t.teardown(() => handle.close());
  return handle;
}

/** The relation and its TOAST table: every file the account's words could be written to. */
async function relationsOf(db: Kysely<Database>, table: string): Promise<string[]> {
  const { rows } = await sql<{ toast: string | null }>`
    select reltoastrelid::regclass::text as toast from pg_class where oid = ${table}::regclass`.execute(db);
  return [table, ...(rows[0]?.toast && rows[0].toast !== '-' ? [rows[0].toast] : [])];
}

/** Row versions, live or dead, of `table` (and its TOAST table) whose bytes contain `needle`. */
export async function rowVersionsHolding(db: Kysely<Database>, table: string, needle: string): Promise<number> {
  let found = 0;
  for (const relation of await relationsOf(db, table)) {
    const { rows } = await sql<{ n: string }>`
      select count(*)::text as n
      from generate_series(0, (pg_relation_size(${relation}::regclass) / current_setting('block_size')::int) - 1) as block,
        lateral heap_page_items(get_raw_page(${relation}, block::int)) as item
      where position(convert_to(${needle}, 'UTF8') in coalesce(item.t_data, ''::bytea)) > 0`.execute(db);
    found += Number(rows[0]?.n ?? 0);
  }
  return found;
}

/** Pages of `table` (and its TOAST table) whose raw bytes, free space included, contain `needle`. */
export async function pagesHolding(db: Kysely<Database>, table: string, needle: string): Promise<number> {
  let found = 0;
  for (const relation of await relationsOf(db, table)) {
    const { rows } = await sql<{ n: string }>`
      select count(*)::text as n
      from generate_series(0, (pg_relation_size(${relation}::regclass) / current_setting('block_size')::int) - 1) as block
      where position(convert_to(${needle}, 'UTF8') in get_raw_page(${relation}, block::int)) > 0`.execute(db);
    found += Number(rows[0]?.n ?? 0);
  }
  return found;
}
