// Where the reliability suites find Postgres, the settings every app process gets, and the
// skip message when no real server answers. Each suite runs the real service as a child
// process on a scratch database of its own.
import pg from 'pg';

/** Fixed so the test can derive every receipt code and its stored hash itself. */
export const SECRET = 'reliability-secret-0123456789abcdef0123456789';

/** The server the scratch databases are created on (DATABASE_URL, else the local one). */
export const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `false` when Postgres answers; otherwise why the suite is skipped. */
export async function postgresSkip(): Promise<string | false> {
  const client = new pg.Client({ connectionString: BASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return false;
  } catch (error) {
    const where = new URL(BASE_URL);
    where.password = '';
    return `needs a real PostgreSQL (tried ${where.host}${where.pathname}: ${String(error)}); set DATABASE_URL`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The environment of an app process under test: quiet logs, no per-address limit in the way. */
export function appSettings(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SECRET,
    // Every submitter comes from 127.0.0.1: the per-address limit would otherwise be the test.
    SUBMISSIONS_PER_ADDRESS: '100000000',
    LOG_LEVEL: 'warn',
  };
}

/** The same URL with host and port replaced (to point the app at a proxy). */
export function viaPort(url: string, port: number): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return proxied.toString();
}
