// Seeding a bench database with synthetic accounts: at 200,000 and more, the accounts table's
// indexes are dropped first and built once afterwards (a trigram index built in bulk costs a
// fraction of one kept up row by row); both times are returned.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { resolveSurvey } from '../../src/surveys/model.js';
import { seedSynthetic } from '../../src/synthetic/seed.js';

export interface Seeded {
  seedSeconds?: number;
  indexSeconds?: number;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

export async function seedAccounts(
  db: Kysely<Database>,
  stored: { surveyId: string; versionId: string },
  survey: ReturnType<typeof resolveSurvey>,
  count: number,
): Promise<Seeded> {
  const bulk = count >= 200_000;
  const indexes = bulk
    ? (
        await sql<{ indexname: string; indexdef: string }>`
          select indexname, indexdef from pg_indexes
          where tablename = 'responses' and indexname not in ('responses_pkey', 'responses_receipt_hash_key')`.execute(
          db,
        )
      ).rows
    : [];
  for (const index of indexes) await sql`drop index ${sql.ref(index.indexname)}`.execute(db);
  const started = process.hrtime.bigint();
  await seedSynthetic(db, {
    surveyId: stored.surveyId,
    surveyVersionId: stored.versionId,
    survey,
    count,
    seed: 1,
    onProgress: (done) => {
      if (done % 100_000 === 0)
        console.log(`  seeded ${done.toLocaleString('en-GB')} (${seconds(started).toFixed(0)} s)`);
    },
  });
  const seedSeconds = seconds(started);
  const indexStarted = process.hrtime.bigint();
  // One connection, so the memory setting holds for every index built.
  await db.connection().execute(async (connection) => {
    await sql`set maintenance_work_mem = '512MB'`.execute(connection);
    for (const index of indexes) await sql.raw(index.indexdef).execute(connection);
  });
  const indexSeconds = seconds(indexStarted);
  console.log(
    `seed-synthetic: ${count.toLocaleString('en-GB')} accounts in ${seedSeconds.toFixed(1)} s` +
      (bulk ? ` with the list's ${indexes.length} indexes dropped, then built in ${indexSeconds.toFixed(1)} s` : ''),
  );
  return { seedSeconds, indexSeconds: bulk ? indexSeconds : undefined };
}
