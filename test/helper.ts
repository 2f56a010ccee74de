// Builds the app on a database of its own for each test file: in-memory PGlite by default, or
// a freshly created database on the real server named by DATABASE_URL (dropped afterwards).
// The same tests run in both modes.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { type BuildOptions, buildApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import { type DatabaseHandle, openDatabase } from '../src/db/connect.js';
import { emptyPgliteDataDir } from './pglite-template.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    env: 'test',
    port: 0,
    host: '127.0.0.1',
    databaseUrl: process.env.DATABASE_URL,
    dataDir: 'memory://',
    secret: TEST_SECRET,
    publicUrl: 'http://localhost:3000',
    logLevel: 'silent',
    localContact: { name: 'Test contact', nameConfigured: true, phone: '020 0000 0000' },
    submissionsPerAddress: 30,
    trustProxy: false,
    require2fa: false,
    ...overrides,
  };
}

async function adminQuery(baseUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** A new, empty database on the server DATABASE_URL names: its URL, and how to drop it. */
export async function createScratchDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `codka_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(baseUrl, `drop database if exists ${name} with (force)`) };
}

/** An isolated, empty database for one test file (not yet migrated), gone when it ends. */
export async function testDatabase(t: Teardown): Promise<DatabaseHandle> {
  const baseUrl = process.env.DATABASE_URL;
  const scratch = baseUrl ? await createScratchDatabase(baseUrl) : undefined;
  const handle = openDatabase({
    databaseUrl: scratch?.url,
    pgliteDir: 'memory://',
    poolSize: 4,
    ...(scratch ? {} : { pgliteStartFrom: await emptyPgliteDataDir() }),
  });
  t.teardown(async () => {
    await handle.close();
    await scratch?.drop();
  });
  return handle;
}

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
}

/** The whole app on an isolated database, closed when the test ends. */
export async function build(
  t: Teardown,
  config: Partial<Config> = {},
  options: Omit<BuildOptions, 'database'> = {},
): Promise<FastifyInstance> {
  const database = await testDatabase(t);
  const app = await buildApp(testConfig(config), { ...options, database });
  t.teardown(() => app.close());
  return app;
}
