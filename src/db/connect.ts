// Opens the database the configuration points at: a pg Pool against a real server when
// DATABASE_URL is set, otherwise PGlite (Postgres in WebAssembly) in DATA_DIR.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Database } from './schema.js';

const DATE_OID = 1082;

// `date` columns stay `YYYY-MM-DD` strings: a Date object would invent a time of day and a
// time zone for a value that deliberately has neither.
pg.types.setTypeParser(DATE_OID, (value: string) => value);

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * On Postgres, the rows of a query through a server-side cursor, `chunkSize` per round trip,
   * on a pool of its own whose connections have no read timeout: the main pool's 30 s timeout
   * is one timer per query, which a cursor never clears, so it would break any export running
   * longer and hold the process open after it. Absent on PGlite (db/stream.ts pages instead).
   */
  cursor?<Row>(query: { sql: string; parameters: readonly unknown[] }, chunkSize: number): AsyncIterable<Row>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** Folder for PGlite's files; `memory://` keeps everything in memory (tests). */
  pgliteDir: string;
  /** Called when an idle pooled connection fails, e.g. the server restarted. */
  onIdleError?: (error: Error) => void;
  poolSize?: number;
  /** Longest a query may wait for the server before failing as unavailable. */
  queryTimeoutMs?: number;
  /**
   * PGlite only: an initialised data directory (`PGlite.dumpDataDir`) to start from instead of
   * running initdb, which takes seconds. Tests open dozens of databases and use it.
   */
  pgliteStartFrom?: Blob;
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options)
    : openPglite(options.pgliteDir, options.pgliteStartFrom);
}

function openPostgres(connectionString: string, options: DatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    // Fail fast while the server is down, so residents get the outage page in seconds
    // rather than a hanging phone; the pool reconnects by itself when it returns.
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    // A server that vanishes without closing the connection (a network partition) would
    // otherwise leave queries waiting forever: keep-alives notice it, the timeout gives up.
    keepAlive: true,
    query_timeout: options.queryTimeoutMs ?? 30_000,
  });
  // Without a listener, an idle client losing its server would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  // The pool listens only to idle clients: one checked out for a query whose connection drops
  // emits 'error' with no listener, which would crash the process too. The query itself
  // already fails with that error (and the request gets the outage page), so ignore it here.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // Long reads (exports, reports) stream through cursors on their own few connections, made
  // when first needed and never holding a connection the residents' requests could use.
  let streamPool: pg.Pool | undefined;
  const streams = () => {
    streamPool ??= new pg.Pool({
      connectionString,
      max: 4,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 10_000,
      keepAlive: true,
    });
    streamPool.on('error', (error) => options.onIdleError?.(error));
    return streamPool;
  };
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await db.destroy();
      await streamPool?.end();
    },
    async *cursor<Row>(query: { sql: string; parameters: readonly unknown[] }, chunkSize: number) {
      const client = await streams().connect();
      client.on('error', () => {});
      const cursor = client.query(new Cursor<Row>(query.sql, query.parameters.slice()));
      let broken = false;
      try {
        for (;;) {
          const rows = await cursor.read(chunkSize);
          if (rows.length === 0) return;
          yield* rows;
        }
      } catch (error) {
        broken = true;
        throw error;
      } finally {
        // Stopped early (a broken download) or done: close the cursor, give the connection back.
        await cursor.close().catch(() => {
          broken = true;
        });
        client.release(broken);
      }
    },
  };
}

function openPglite(dir: string, startFrom?: Blob): DatabaseHandle {
  const location = dir === 'memory://' ? dir : join(dir, 'pgdata');
  if (location !== 'memory://') mkdirSync(location, { recursive: true });
  const pglite = new PGlite(location, {
    parsers: { [DATE_OID]: (value: string) => value },
    // Trigram matching for searching parts of words (the accounts list), as on real Postgres.
    extensions: { pg_trgm },
    ...(startFrom ? { loadDataDir: startFrom } : {}),
  });
  return pgliteHandle(pglite);
}

/** A handle on a PGlite instance already made (tests that load other extensions, or none). */
export function pgliteHandle(pglite: PGlite): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    // Kysely only closes a driver it has used; PGlite must be closed even if nothing ran,
    // or its worker keeps the process alive.
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * Waits for the database to answer, so an app started beside its database (docker compose,
 * a rebooting host) does not give up while the server is still starting.
 */
export async function waitForDatabase(handle: DatabaseHandle, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await handle.ping();
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
