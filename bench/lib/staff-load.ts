// Load on staff pages for the scale benches: READERS signed-in readers fetching pages one after
// another for a warm-up and then for the measured seconds, every request's own time recorded;
// and EXPLAIN (ANALYZE, BUFFERS) of a compiled query, for the bench's plan file.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { startSignInSession } from '../../src/staff/sign-in-sessions.js';
import { createUser } from '../../src/staff/users.js';
import { percentile, round } from './stats.js';

export const READERS = 10;
const WARM_UP_SECONDS = 3;

export interface Timing {
  requests: number;
  failures: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
}

export async function load(
  origin: string,
  cookie: string,
  urlFor: (i: number) => string,
  durationSeconds: number,
): Promise<Timing> {
  const times: number[] = [];
  let failures = 0;
  let next = 0;
  const run = async (until: number, record: boolean) => {
    while (Date.now() < until) {
      const i = next++;
      const started = process.hrtime.bigint();
      const res = await fetch(origin + urlFor(i), { headers: { cookie } });
      await res.arrayBuffer();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (res.status !== 200) failures += 1;
      if (record) times.push(ms);
    }
  };
  const warm = Date.now() + WARM_UP_SECONDS * 1000;
  await Promise.all(Array.from({ length: READERS }, () => run(warm, false)));
  const end = Date.now() + durationSeconds * 1000;
  await Promise.all(Array.from({ length: READERS }, () => run(end, true)));
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    failures,
    p50: round(percentile(times, 0.5), 1),
    p95: round(percentile(times, 0.95), 1),
    p99: round(percentile(times, 0.99), 1),
    perSecond: round(times.length / durationSeconds, 1),
  };
}

export async function explain(
  db: Kysely<Database>,
  label: string,
  query: { sql: string; parameters: readonly unknown[] },
): Promise<string> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${sql.raw(
    // Parameters are spliced in as literals: EXPLAIN cannot take bind parameters of its own.
    query.sql.replace(/\$(\d+)/g, (_, n) => {
      const value = query.parameters[Number(n) - 1];
      return typeof value === 'number' ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
    }),
  )}`.execute(db);
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  return `### ${label}\n\n\`\`\`\n${plan}\n\`\`\`\n`;
}

/** A signed-in analyst's session cookie, straight from the database (no sign-in form to time). */
export async function analystCookie(db: Kysely<Database>): Promise<string> {
  const user = await createUser(db, {
    // Its own address each run: a kept database has the last run's.
    email: `bench-analyst-${Date.now()}@example.org`,
    displayName: 'Bench analyst',
    roles: ['analyst'],
    languages: [],
    organisationId: null,
    passwordHash: null,
  });
  const { id } = await startSignInSession(db, user.id, 'authenticated');
  return `codka-session=${id}`;
}
