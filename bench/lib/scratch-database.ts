// A throw-away database for one run, so every run starts empty (row counts are exact and
// nothing of a real deployment is touched) and leaves nothing behind.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Server and maintenance database; BENCH_DATABASE_URL points the bench at another server. */
export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(serverUrl = DEFAULT_SERVER_URL): Promise<ScratchDatabase> {
  // Only [0-9a-f] after a fixed prefix, so the name is safe to splice into DDL.
  const name = `codka_bench_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE: a child that died mid-run may still hold connections.
    drop: () =>
      onServer(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/** One query against a database, for the few checks the bench makes itself. */
export function queryOnce<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  return onServer(url, (client) => client.query<R>(text, values));
}

/**
 * A database kept between runs, for working on queries against a million accounts without
 * seeding them again each time (BENCH_KEEP=name). Created if missing; never dropped.
 */
export async function keptDatabase(
  name: string,
  serverUrl = DEFAULT_SERVER_URL,
): Promise<ScratchDatabase & { existed: boolean }> {
  if (!/^codka_bench_[a-z0-9_]+$/.test(name)) throw new Error('BENCH_KEEP must look like codka_bench_<letters>');
  const existed = await onServer(serverUrl, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${name}`);
    return (found.rowCount ?? 0) > 0;
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), existed, drop: async () => {} };
}

/**
 * The database a scale bench runs on: the one BENCH_KEEP names (made if missing, kept after the
 * run, so the next run skips seeding), or a scratch one dropped at the end; with a handle whose
 * queries may run for an hour (building a trigram index over a million accounts takes minutes).
 */
export async function benchDatabase() {
  const { openDatabase } = await import('../../src/db/connect.js');
  const kept = process.env.BENCH_KEEP
    ? await keptDatabase(process.env.BENCH_KEEP, process.env.BENCH_DATABASE_URL)
    : undefined;
  const scratch = kept ?? (await createScratchDatabase(process.env.BENCH_DATABASE_URL));
  const handle = openDatabase({ databaseUrl: scratch.url, pgliteDir: 'memory://', queryTimeoutMs: 3_600_000 });
  return { kept, scratch, handle, db: handle.db };
}
