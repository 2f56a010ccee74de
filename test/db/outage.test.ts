// Promise 4 when the database goes away: readiness says so, a page that needs the database is a
// friendly 503 in the resident's language (no stack trace), the process stays up, and when the
// database comes back the same app recovers by itself. Staged with a TCP proxy in front of the
// real server, so only our connections are cut; the shared Postgres keeps running.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect.js';
import { createScratchDatabase, testConfig } from '../helper.js';
import { spawnServer } from '../support/spawn-server.js';
import { type CutMode, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

type Test = Parameters<Parameters<typeof t.test>[0]>[0];

const baseUrl = process.env.DATABASE_URL;
const RECOVERY_BUDGET_MS = 10_000;
/** pg's connectionTimeoutMillis is 3 s: an outage must be reported well before a phone gives up. */
const OUTAGE_ANSWER_BUDGET_MS = 5_000;

async function until<T>(what: string, budgetMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + budgetMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${budgetMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

interface Stage {
  app: FastifyInstance;
  proxy: TcpProxy;
  handle: DatabaseHandle;
  idleErrors: Error[];
}

async function stage(t: Test, url: string): Promise<Stage> {
  const scratch = await createScratchDatabase(url);
  const target = new URL(scratch.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(scratch.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);

  const idleErrors: Error[] = [];
  const handle = openDatabase({
    databaseUrl: proxied.toString(),
    pgliteDir: 'memory://',
    poolSize: 4,
    onIdleError: (error) => idleErrors.push(error),
  });
  let app: FastifyInstance | undefined;
  // One teardown, in order, whatever failed: the app, its pool, the proxy, then the database.
  t.teardown(async () => {
    await app?.close().catch(() => {});
    await handle.close().catch(() => {});
    await proxy.close();
    await scratch.drop();
  });

  // buildApp runs the migrations through the proxy.
  app = await buildApp(testConfig({ databaseUrl: proxied.toString() }), { database: handle });
  app.get('/:locale/needs-db', async () => {
    const rows = await app?.db.selectFrom('surveys').select('id').execute();
    return { surveys: rows?.length };
  });
  // A query still running when the connection is cut.
  app.get('/:locale/slow-db', async () => {
    if (app) await sql`select pg_sleep(2)`.execute(app.db);
    return { slept: true };
  });
  return { app, proxy, handle, idleErrors };
}

async function checkUp(t: Test, app: FastifyInstance, when: string): Promise<void> {
  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200, `${when}: /readyz 200`);
  const page = await app.inject({ url: '/en/needs-db' });
  t.equal(page.statusCode, 200, `${when}: the route that needs the database works`);
  t.match(page.json(), { surveys: Number });
}

async function checkDown(t: Test, app: FastifyInstance, mode: CutMode): Promise<void> {
  const [ready, readyMs] = await timed(() => app.inject({ url: '/readyz' }));
  t.comment(`cut (${mode}): /readyz answered ${ready.statusCode} in ${Math.round(readyMs)} ms`);
  t.equal(ready.statusCode, 503, `cut (${mode}): /readyz 503`);
  t.same(ready.json(), { status: 'database unavailable' });
  t.ok(readyMs < OUTAGE_ANSWER_BUDGET_MS, `cut (${mode}): readiness answered within ${OUTAGE_ANSWER_BUDGET_MS} ms`);

  for (const [locale, attributes] of [
    ['so', 'lang="so" dir="ltr"'],
    ['en', 'lang="en" dir="ltr"'],
    ['ar', 'lang="ar" dir="rtl"'],
  ] as const) {
    const [page, pageMs] = await timed(() => app.inject({ url: `/${locale}/needs-db` }));
    const where = `cut (${mode}): /${locale}/needs-db`;
    t.equal(page.statusCode, 503, `${where} is 503`);
    t.ok(pageMs < OUTAGE_ANSWER_BUDGET_MS, `${where} answered in ${Math.round(pageMs)} ms`);
    t.match(page.headers['content-type'], /^text\/html/, `${where} is an HTML page`);
    t.match(page.body, `<html ${attributes}>`, `${where} is in the resident's language`);
    t.equal(page.headers['retry-after'], '30', `${where} says when to retry`);
    t.equal(page.headers['cache-control'], 'no-store', `${where} is not cached`);
    t.match(page.body, /unavailable/, `${where} carries the stable error code`);
    t.notMatch(page.body, /\n\s+at\s|\.[jt]s:\d+|node_modules/, `${where} shows no stack trace`);
    t.notMatch(page.body, /ECONN|Connection terminated|timeout exceeded|127\.0\.0\.1/, `${where} shows no internals`);
  }
}

t.test(
  'database outage: 503 while cut, recovery without a restart',
  { skip: baseUrl ? false : 'needs a real PostgreSQL: set DATABASE_URL (PGlite runs in-process and cannot be cut)' },
  async (t) => {
    const { app, proxy, idleErrors } = await stage(t, baseUrl as string);
    await checkUp(t, app, 'before the outage');

    for (const mode of ['reset', 'refuse'] as const) {
      // Several requests at once leave several idle connections in the pool to be cut.
      await Promise.all(Array.from({ length: 4 }, () => app.inject({ url: '/en/needs-db' })));
      const idleBefore = idleErrors.length;
      const inFlight = app.inject({ url: '/so/slow-db' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await proxy.cut(mode);
      const [cutMidQuery, midQueryMs] = await timed(() => inFlight);
      t.equal(cutMidQuery.statusCode, 503, `cut (${mode}) during a query: that request gets the 503 page`);
      t.match(cutMidQuery.body, '<html lang="so"', `cut (${mode}) during a query: in the resident's language`);
      t.ok(
        midQueryMs < OUTAGE_ANSWER_BUDGET_MS,
        `cut (${mode}) during a query: answered in ${Math.round(midQueryMs)} ms`,
      );
      await until('an idle connection error', 2000, async () => (idleErrors.length > idleBefore ? true : undefined));
      t.pass(`cut (${mode}): idle connections that lost the server were reported, not thrown`);
      await checkDown(t, app, mode);

      await proxy.restore();
      const [, recoveryMs] = await timed(() =>
        until('readiness after restore', RECOVERY_BUDGET_MS, async () => {
          const res = await app.inject({ url: '/readyz' });
          return res.statusCode === 200 ? true : undefined;
        }),
      );
      t.comment(`restored (${mode}): /readyz 200 again after ${Math.round(recoveryMs)} ms`);
      await checkUp(t, app, `after restore (${mode})`);
    }
    t.ok(idleErrors.length > 0, `the process survived ${idleErrors.length} idle connection errors`);
  },
);

t.test(
  'database outage under the real process: it stays up and recovers',
  { skip: baseUrl ? false : 'needs a real PostgreSQL: set DATABASE_URL (PGlite runs in-process and cannot be cut)' },
  async (t) => {
    const scratch = await createScratchDatabase(baseUrl as string);
    const target = new URL(scratch.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(scratch.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    t.teardown(async () => {
      await proxy.close();
      await scratch.drop();
    });

    const server = await spawnServer(t, { DATABASE_URL: proxied.toString(), SECRET: 'x'.repeat(40) });
    const readyMs = await server.waitFor('/readyz', { timeoutMs: 30_000 });
    t.comment(`real process on Postgres: /readyz 200 ${Math.round(readyMs)} ms after spawn`);

    for (const mode of ['reset', 'refuse'] as const) {
      await proxy.cut(mode);
      const [ready, ms] = await timed(() => fetch(`${server.url}/readyz`));
      t.equal(ready.status, 503, `cut (${mode}): /readyz 503 in ${Math.round(ms)} ms`);
      const health = await fetch(`${server.url}/healthz`);
      t.equal(health.status, 200, `cut (${mode}): still alive (/healthz 200)`);
      await proxy.restore();
      await until('readiness after restore', RECOVERY_BUDGET_MS, async () => {
        const res = await fetch(`${server.url}/readyz`);
        return res.status === 200 ? true : undefined;
      });
      t.pass(`restored (${mode}): /readyz 200 again, same process`);
    }
    t.notOk(server.hasExited(), 'the process never exited');
    const exit = await server.stop('SIGTERM');
    t.equal(exit.code, 0, 'and it still shuts down cleanly');
  },
);
