// How long seed-synthetic takes to write N accounts on real Postgres (default 1,000,000), beside
// the database's own ceiling for the same rows measured in the same run: one INSERT … SELECT
// from generate_series writing N rows of the same width (a typical synthetic document) with no
// client at all. Run: npx tsx bench/seed-synthetic.ts [N]. Prints both and the ratio.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { createI18n } from '../src/i18n/resources.js';
import { interfaceTextFrom } from '../src/surveys/catalog.js';
import { installDemoSurveyIfEmpty } from '../src/surveys/demo.js';
import { resolveSurvey } from '../src/surveys/model.js';
import { findSurvey } from '../src/surveys/repository.js';
import { seedSynthetic } from '../src/synthetic/seed.js';
import { createScratchDatabase } from './lib/scratch-database.js';

const count = Number(process.argv[2] ?? 1_000_000);
const scratch = await createScratchDatabase(process.env.BENCH_DATABASE_URL);
const handle = openDatabase({ databaseUrl: scratch.url, pgliteDir: 'memory://' });
const db = handle.db as Kysely<Database>;
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

try {
  await migrateToLatest(db as Kysely<unknown>);
  await installDemoSurveyIfEmpty(db);
  const stored = await findSurvey(db, 'your-experience');
  if (!stored) throw new Error('no demo survey');
  const survey = resolveSurvey(stored.definition, interfaceTextFrom(await createI18n()));

  let started = process.hrtime.bigint();
  await seedSynthetic(db, { surveyId: stored.surveyId, surveyVersionId: stored.versionId, survey, count, seed: 1 });
  const seedSeconds = seconds(started);
  const { rows } = await sql<{
    bytes: number;
  }>`select avg(pg_column_size(answers))::int as bytes from responses`.execute(db);
  const rssMb = process.memoryUsage().rss / 1e6;

  // Baseline: the same number of rows, of the same stored width, written by the server alone.
  const sample = await db.selectFrom('responses').select('answers').limit(1).executeTakeFirstOrThrow();
  await sql`delete from responses`.execute(db);
  started = process.hrtime.bigint();
  await sql`
    insert into responses (survey_version_id, locale, channel, submitted_on, receipt_hash, answers, synthetic)
    select ${stored.versionId}, 'en', 'online', current_date, md5(i::text), ${JSON.stringify(sample.answers)}::jsonb, true
    from generate_series(1, ${count}) as i`.execute(db);
  const baselineSeconds = seconds(started);

  console.log(`accounts: ${count.toLocaleString('en-GB')} (average stored document ${rows[0]?.bytes} bytes)`);
  console.log(
    `seed-synthetic: ${seedSeconds.toFixed(1)} s, ${Math.round(count / seedSeconds).toLocaleString('en-GB')} accounts/s; process RSS at the end ${rssMb.toFixed(0)} MB`,
  );
  console.log(
    `baseline INSERT … SELECT generate_series: ${baselineSeconds.toFixed(1)} s, ${Math.round(count / baselineSeconds).toLocaleString('en-GB')} rows/s`,
  );
  console.log(`ratio seed / baseline time: ${(seedSeconds / baselineSeconds).toFixed(1)}×`);
} finally {
  await handle.close();
  await scratch.drop();
}
