// After the load: what the database holds, compared receipt by receipt with what residents
// were told; and receipt codes typed back into the service.
import pg from 'pg';
import type { HttpClient } from './http.js';
import { interfaceText, STORY } from './journey.js';
import type { Attempt, Ledger } from './load.js';

export interface Stored {
  hashes: Set<string>;
  /** Fewest and most answers any stored response has. */
  minAnswers: number;
  maxAnswers: number;
  /** Stored responses whose account text is not exactly what was typed. */
  wrongStory: number;
}

/** Reads the scratch database directly (not through any proxy). */
export async function readStored(databaseUrl: string): Promise<Stored> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const hashes = await client.query<{ receipt_hash: string }>('select receipt_hash from responses');
    const counts = await client.query<{ min: number | null; max: number | null }>(
      `select min(n)::int as min, max(n)::int as max from (
         select (select count(*) from jsonb_object_keys(coalesce(r.answers, '{}'))) as n
         from responses r) per_response`,
    );
    const wrong = await client.query<{ n: number }>(
      `select count(*)::int as n from responses r
       where (r.answers -> 'what_happened' ->> 'value') is distinct from $1`,
      [STORY],
    );
    return {
      hashes: new Set(hashes.rows.map((row) => row.receipt_hash)),
      minAnswers: counts.rows[0]?.min ?? 0,
      maxAnswers: counts.rows[0]?.max ?? 0,
      wrongStory: wrong.rows[0]?.n ?? 0,
    };
  } finally {
    await client.end();
  }
}

export interface Comparison {
  acknowledged: number;
  stored: number;
  /** Acknowledged but not in the database: lost. Must be empty. */
  lost: Attempt[];
  /** In the database but acknowledged to no one: allowed only for requests with no answer or a 503. */
  storedUnacknowledged: Attempt[];
  /** Stored hashes no attempt of ours can explain. Must be zero. */
  unexplained: number;
}

export function compare(ledger: Ledger, stored: Stored): Comparison {
  const byHash = new Map(ledger.attempts.map((a) => [a.hash, a]));
  const acknowledged = ledger.acknowledged();
  const lost = acknowledged.filter((a) => !stored.hashes.has(a.hash));
  const storedUnacknowledged: Attempt[] = [];
  let unexplained = 0;
  for (const hash of stored.hashes) {
    const attempt = byHash.get(hash);
    if (!attempt) unexplained += 1;
    else if (attempt.outcome !== 'acknowledged') storedUnacknowledged.push(attempt);
  }
  return { acknowledged: acknowledged.length, stored: stored.hashes.size, lost, storedUnacknowledged, unexplained };
}

/** Some of `items`, spread evenly (first and last included). */
export function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))] as T);
}

export interface LookupResult {
  checked: number;
  failures: string[];
  ms: number;
}

/**
 * Types each receipt back into /{locale}/receipt (a few at a time) and expects its status page.
 * Stops early (without failing) after `budgetMs`, but always checks the first `atLeast`.
 */
export async function lookUpReceipts(
  client: HttpClient,
  baseUrl: string,
  receipts: string[],
  options: { atLeast: number; budgetMs: number; concurrency?: number; locale?: string },
): Promise<LookupResult> {
  const locale = options.locale ?? 'en';
  const statusTitle = interfaceText(locale, 'receipt', 'statusTitle');
  const started = performance.now();
  const failures: string[] = [];
  let next = 0;
  let checked = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      const receipt = receipts[index];
      if (receipt === undefined) return;
      if (index >= options.atLeast && performance.now() - started > options.budgetMs) return;
      const form = new URLSearchParams({ code: receipt }).toString();
      try {
        const reply = await client.post(`${baseUrl}/${locale}/receipt`, form);
        if (reply.status !== 200 || !reply.body.includes(statusTitle) || !reply.body.includes(receipt)) {
          failures.push(`${receipt}: ${reply.status}`);
        }
      } catch (error) {
        failures.push(`${receipt}: ${String(error)}`);
      }
      checked += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { checked, failures, ms: performance.now() - started };
}

/** Rows of each migration name in kysely_migration, and the demo survey's rows. */
export async function schemaFacts(databaseUrl: string): Promise<{
  migrations: Record<string, number>;
  demoSurveys: number;
  demoVersions: number;
  lockRows: number;
}> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const migrations = await client.query<{ name: string; n: number }>(
      'select name, count(*)::int as n from kysely_migration group by name order by name',
    );
    const surveys = await client.query<{ n: number }>(
      `select count(*)::int as n from surveys where slug = 'your-experience'`,
    );
    const versions = await client.query<{ n: number }>(
      `select count(*)::int as n from survey_versions v join surveys s on s.id = v.survey_id
       where s.slug = 'your-experience'`,
    );
    const lock = await client.query<{ n: number }>('select count(*)::int as n from kysely_migration_lock');
    return {
      migrations: Object.fromEntries(migrations.rows.map((row) => [row.name, row.n])),
      demoSurveys: surveys.rows[0]?.n ?? 0,
      demoVersions: versions.rows[0]?.n ?? 0,
      lockRows: lock.rows[0]?.n ?? 0,
    };
  } finally {
    await client.end();
  }
}
