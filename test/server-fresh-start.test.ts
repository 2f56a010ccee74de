// A fresh machine: no DATABASE_URL, an empty data folder. The real process comes up on the
// embedded database, serves pages, stops cleanly on SIGTERM, and starts again on the same
// folder with its migrations, data and development secret intact.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import t from 'tap';
import { migrations } from '../migrations/index.js';
import { type ServerProcess, spawnServer, stackLines } from './support/spawn-server.js';

type Test = Parameters<Parameters<typeof t.test>[0]>[0];

const STARTUP_BUDGET_MS = 30_000;
const SHUTDOWN_BUDGET_MS = 5_000;

/** Opens the folder the process left behind (only once it has exited: PGlite is single-process). */
async function withDataFolder<T>(dataDir: string, fn: (db: PGlite) => Promise<T>): Promise<T> {
  const db = new PGlite(join(dataDir, 'pgdata'));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function migrationNames(db: PGlite): Promise<string[]> {
  const result = await db.query<{ name: string }>('select name from kysely_migration order by name');
  return result.rows.map((row) => row.name);
}

async function startAndCheck(t: Test, dataDir: string, run: string): Promise<ServerProcess> {
  // DATABASE_URL is left out of the child's environment even when this suite runs against Postgres.
  const server = await spawnServer(t, { DATA_DIR: dataDir, DATABASE_URL: undefined, LOG_LEVEL: 'info' });
  const healthyMs = await server.waitFor('/healthz', { timeoutMs: STARTUP_BUDGET_MS });
  t.comment(`${run}: /healthz answered 200 ${Math.round(healthyMs)} ms after spawn (embedded database)`);
  t.ok(healthyMs < STARTUP_BUDGET_MS, `${run}: healthy within ${STARTUP_BUDGET_MS / 1000} s`);

  const htmlMs = await server.waitFor('/', { timeoutMs: STARTUP_BUDGET_MS });
  t.comment(`${run}: GET / answered 200 ${Math.round(htmlMs)} ms after spawn`);

  const ready = await fetch(`${server.url}/readyz`);
  t.equal(ready.status, 200, `${run}: /readyz 200`);
  t.same(await ready.json(), { status: 'ready' });

  const chooser = await fetch(`${server.url}/`);
  const html = await chooser.text();
  t.equal(chooser.status, 200, `${run}: GET / 200`);
  t.match(chooser.headers.get('content-type'), /^text\/html/, `${run}: GET / is HTML`);
  t.match(html, /^<!doctype html>/i);
  t.match(html, /<html lang="en" dir="ltr">/);

  const home = await fetch(`${server.url}/so/`);
  t.equal(home.status, 200, `${run}: GET /so/ 200`);
  t.match(await home.text(), /<html lang="so"/);
  return server;
}

async function stopAndCheck(t: Test, server: ServerProcess, run: string): Promise<void> {
  const exit = await server.stop('SIGTERM', SHUTDOWN_BUDGET_MS * 2);
  t.comment(`${run}: exited ${Math.round(exit.ms)} ms after SIGTERM`);
  t.equal(exit.code, 0, `${run}: SIGTERM exits 0`);
  t.equal(exit.signal, null, `${run}: exited by itself, not killed`);
  t.ok(exit.ms < SHUTDOWN_BUDGET_MS, `${run}: exited within ${SHUTDOWN_BUDGET_MS} ms`);
  t.match(server.stdout(), /"msg":"shutting down"/, `${run}: logged the graceful shutdown`);
  t.same(stackLines(server.stderr()), [], `${run}: no stack trace on stderr`);
}

t.test('fresh start on the embedded database, restart on the same folder', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'codka-fresh-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const expected = Object.keys(migrations).sort();

  const first = await startAndCheck(t, dataDir, 'first start');
  await stopAndCheck(t, first, 'first start');
  t.match(first.stderr(), /SECRET is not set: generated one into/, 'first start generated a development secret');
  const secret = readFileSync(join(dataDir, 'secret'), 'utf8');
  t.match(secret, /^[0-9a-f]{64}\n$/, 'the secret file is in DATA_DIR');

  await withDataFolder(dataDir, async (db) => {
    t.same(await migrationNames(db), expected, 'after the first run, every migration is recorded once');
    // Something the second run must not lose or re-create.
    await db.query(`insert into surveys (slug, status) values ('persistence-marker', 'draft')`);
  });

  const second = await startAndCheck(t, dataDir, 'second start');
  await stopAndCheck(t, second, 'second start');
  t.notMatch(second.stderr(), /generated one/, 'second start did not generate another secret');
  t.equal(readFileSync(join(dataDir, 'secret'), 'utf8'), secret, 'the same secret file was reused');

  await withDataFolder(dataDir, async (db) => {
    t.same(await migrationNames(db), expected, 'after the second run, still one row per migration');
    const marker = await db.query<{ slug: string }>(`select slug from surveys where slug = 'persistence-marker'`);
    t.equal(marker.rows.length, 1, 'data written between runs survived the restart');
  });
});
