// Scaling out: several instances started at the same moment against one empty database all
// come up, and the migrations run exactly once (Kysely's migration lock).
import type { Kysely } from 'kysely';
import pg from 'pg';
import t from 'tap';
import { migrations } from '../../migrations/index.js';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createScratchDatabase, testConfig } from '../helper.js';
import { spawnServer } from '../support/spawn-server.js';

type Test = Parameters<Parameters<typeof t.test>[0]>[0];

const baseUrl = process.env.DATABASE_URL;
const skip = baseUrl
  ? false
  : 'needs a real PostgreSQL: set DATABASE_URL (PGlite is one process on one folder, so there is no concurrent start)';

async function scratchDatabase(t: Test) {
  const scratch = await createScratchDatabase(baseUrl as string);
  t.teardown(() => scratch.drop());
  return scratch;
}

/** Each migration's name and how many times it is recorded. */
async function migrationCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ name: string; count: string }>(
      'select name, count(*) as count from kysely_migration group by name order by name',
    );
    return Object.fromEntries(result.rows.map((row) => [row.name, Number(row.count)]));
  } finally {
    await client.end();
  }
}

const oncePerMigration = Object.fromEntries(Object.keys(migrations).map((name) => [name, 1]));

t.test('two server processes started at once on one empty database', { skip }, async (t) => {
  const scratch = await scratchDatabase(t);
  t.same(await tableCount(scratch.url), 0, 'the database starts empty');
  const settings = { DATABASE_URL: scratch.url, SECRET: 'concurrent-start-secret-0123456789abcdef' };
  const [a, b] = await Promise.all([spawnServer(t, settings), spawnServer(t, settings)]);
  // tap runs teardowns last-registered first: both processes are killed (if still running)
  // before the scratch database is dropped.
  t.not(a.port, b.port, 'different ports');

  const [readyA, readyB] = await Promise.all([a.waitFor('/readyz'), b.waitFor('/readyz')]);
  t.comment(`instance A ready after ${Math.round(readyA)} ms, instance B after ${Math.round(readyB)} ms`);
  for (const server of [a, b]) {
    const home = await fetch(`${server.url}/en/`);
    t.equal(home.status, 200, `instance on port ${server.port} serves the home page`);
  }
  t.same(await migrationCounts(scratch.url), oncePerMigration, 'each migration recorded exactly once');

  const [exitA, exitB] = await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
  t.equal(exitA.code, 0, 'instance A stops cleanly');
  t.equal(exitB.code, 0, 'instance B stops cleanly');
});

t.test(
  'five migrators at once on one empty database: one migrates, the others find nothing to do',
  { skip },
  async (t) => {
    const scratch = await scratchDatabase(t);
    const handles = Array.from({ length: 5 }, () =>
      openDatabase({ databaseUrl: scratch.url, pgliteDir: 'memory://', poolSize: 2 }),
    );
    t.teardown(() => Promise.all(handles.map((handle) => handle.close())));
    const results = await Promise.all(handles.map((handle) => migrateToLatest(handle.db as Kysely<unknown>)));
    const applied = results.map((result) => (result.results ?? []).filter((r) => r.status === 'Success').length);
    t.same(
      applied.slice().sort(),
      [0, 0, 0, 0, Object.keys(migrations).length],
      'exactly one migrator applied the migrations',
    );
    t.same(await migrationCounts(scratch.url), oncePerMigration, 'each migration recorded exactly once');
  },
);

t.test('five apps built concurrently in one process on one empty database', { skip }, async (t) => {
  const scratch = await scratchDatabase(t);
  const handles = Array.from({ length: 5 }, () =>
    openDatabase({ databaseUrl: scratch.url, pgliteDir: 'memory://', poolSize: 2 }),
  );
  t.teardown(() => Promise.all(handles.map((handle) => handle.close())));
  const apps = await Promise.all(
    handles.map((database) => buildApp(testConfig({ databaseUrl: scratch.url }), { database })),
  );
  t.teardown(() => Promise.all(apps.map((app) => app.close())));
  for (const [i, app] of apps.entries()) {
    const ready = await app.inject({ url: '/readyz' });
    t.equal(ready.statusCode, 200, `app ${i + 1} is ready`);
  }
  t.same(await migrationCounts(scratch.url), oncePerMigration, 'each migration recorded exactly once');
});

async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(
      `select count(*) as n from information_schema.tables where table_schema = 'public'`,
    );
    return Number(result.rows[0]?.n);
  } finally {
    await client.end();
  }
}
