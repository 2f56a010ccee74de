// Themes at scale, on real Postgres: N accounts (default 1,000,000) and M codings (default
// 2,000,000) from seed-synthetic, eleven themes (ten of about M/8 codings over four codes each,
// one gathering a code in exactly 5,000 accounts), then the real service answers 10 concurrent
// readers of:
// - the theme board (/staff/themes): every theme with its codes and its count of accounts;
// - the collated page of the 5,000-passage theme, a page of accounts at a time from a random
//   point in it (the keyset a reader's "Next" link carries);
// - the collated page of the largest theme, the same way;
// - the baseline, in the same run: the staff home page.
// p50/p95/p99 from every request's own time after a warm-up; EXPLAIN (ANALYZE, BUFFERS) of the
// queries go to bench/results/themes-explain.md and the figures to bench/results/themes.json.
// Run: npx tsx bench/themes.ts [N] [M] [DURATION]. BENCH_KEEP=name keeps the seeded database.
import { writeFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.js';
import { createI18n } from '../src/i18n/resources.js';
import { interfaceTextFrom } from '../src/surveys/catalog.js';
import { installDemoSurveyIfEmpty } from '../src/surveys/demo.js';
import { resolveSurvey } from '../src/surveys/model.js';
import { findSurvey } from '../src/surveys/repository.js';
import { seedCodings } from '../src/synthetic/codings.js';
import { startApp } from './lib/app-server.js';
import { stopAllChildren } from './lib/child-server.js';
import { benchDatabase } from './lib/scratch-database.js';
import { seedAccounts } from './lib/seed-accounts.js';
import { analystCookie, explain, load, READERS, type Timing } from './lib/staff-load.js';
import { round } from './lib/stats.js';

const accounts = Number(process.argv[2] ?? 1_000_000);
const codingCount = Number(process.argv[3] ?? 2_000_000);
const durationSeconds = Number(process.argv[4] ?? 20);
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
const TARGET_P95_MS = 200;

// BENCH_KEEP=codka_bench_name keeps the seeded database for the next run, which then skips seeding.
const { kept, scratch, handle, db } = await benchDatabase();
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

try {
  await migrateToLatest(db as Kysely<unknown>);
  await installDemoSurveyIfEmpty(db);
  const stored = await findSurvey(db, 'your-experience');
  if (!stored) throw new Error('no demo survey');
  const survey = resolveSurvey(stored.definition, interfaceTextFrom(await createI18n()));
  const timings: Record<string, number | undefined> = {};
  if (kept?.existed) {
    console.log(`reusing ${scratch.name}, seeded before`);
  } else {
    const seeded = await seedAccounts(db, stored, survey, accounts);
    timings.seedSeconds = seeded.seedSeconds;
    timings.indexSeconds = seeded.indexSeconds;
    const started = process.hrtime.bigint();
    const result = await seedCodings(db, {
      surveyId: stored.surveyId,
      count: codingCount,
      seed: 1,
      onProgress: (done) => console.log(`  coded ${done.toLocaleString('en-GB')} (${seconds(started).toFixed(0)} s)`),
    });
    timings.codingSeconds = seconds(started);
    console.log(
      `seed-synthetic --codings: ${result.codings.toLocaleString('en-GB')} codings and ${result.rare} of the rare code, ` +
        `${result.themes} themes, in ${timings.codingSeconds.toFixed(1)} s`,
    );
  }
  await sql`vacuum analyze`.execute(db);

  const facts = (
    await sql<{ codings: string; accounts: string; support: string }>`
      select (select count(*) from codings) as codings, (select count(*) from responses) as accounts,
             (select count(*) from theme_support) as support`.execute(db)
  ).rows[0];
  const themes = await db
    .selectFrom('themes')
    .select(['id', 'name', 'account_count as accountCount'])
    .orderBy('account_count')
    .execute();
  const rare = themes.find((theme) => theme.name.startsWith('Synthetic rare theme'));
  const largest = themes[themes.length - 1];
  if (!rare || !largest) throw new Error('the synthetic themes are missing');
  const keysOf = async (themeId: string) =>
    (
      await sql<{ response_id: string }>`
        select response_id from theme_support where theme_id = ${themeId}::uuid order by random() limit 2000`.execute(
        db,
      )
    ).rows.map((row) => row.response_id);
  const rareKeys = await keysOf(rare.id);
  const largeKeys = await keysOf(largest.id);
  const rarePassages = Number(
    (
      await sql<{ n: string }>`select sum(passages) as n from theme_support where theme_id = ${rare.id}::uuid`.execute(
        db,
      )
    ).rows[0]?.n,
  );

  const cookie = await analystCookie(db);

  const app = await startApp({ databaseUrl: scratch.url, secret: SECRET });
  const measured: Record<string, Timing> = {};
  try {
    const run = (urlFor: (i: number) => string) => load(app.origin, cookie, urlFor, durationSeconds);
    measured.baseline = await run(() => '/staff/');
    measured.board = await run(() => '/staff/themes');
    // Half the requests the first page, half a page from a random key (a reader pressing Next).
    measured.rarePage = await run((i) =>
      i % 2 === 0
        ? `/staff/themes/${rare.id}/passages`
        : `/staff/themes/${rare.id}/passages?after=${rareKeys[i % rareKeys.length]}`,
    );
    measured.largePage = await run((i) =>
      i % 2 === 0
        ? `/staff/themes/${largest.id}/passages`
        : `/staff/themes/${largest.id}/passages?after=${largeKeys[i % largeKeys.length]}`,
    );
  } finally {
    await app.stop();
  }

  const boardQuery = db
    .selectFrom('themes')
    .select(['themes.id', 'themes.name', 'themes.account_count'])
    .where('themes.survey_id', '=', stored.surveyId)
    .compile();
  const pageQuery = db
    .selectFrom('theme_support')
    .select('response_id')
    .where('theme_id', '=', largest.id)
    .where('response_id', '<', largeKeys[0] as string)
    .orderBy('response_id', 'desc')
    .limit(21)
    .compile();
  const sample = (
    await db
      .selectFrom('theme_support')
      .select('response_id')
      .where('theme_id', '=', largest.id)
      .orderBy('response_id', 'desc')
      .limit(20)
      .execute()
  ).map((row) => row.response_id);
  const passagesQuery = sql`
    select c.response_id, c.question_id, c.span_start, c.span_end, min(c.quote), codes.name
    from codings c join theme_codes tc on tc.code_id = c.code_id and tc.theme_id = ${largest.id}::uuid
    join codes on codes.id = c.code_id
    where c.response_id in (${sql.join(sample.map((id) => sql`${id}::uuid`))})
    group by 1, 2, 3, 4, 6`.compile(db);
  let plans = `# EXPLAIN (ANALYZE, BUFFERS) of the theme pages' queries\n\n${Number(facts?.accounts).toLocaleString('en-GB')} accounts, ${Number(facts?.codings).toLocaleString('en-GB')} codings, ${Number(facts?.support).toLocaleString('en-GB')} rows of theme_support; written by bench/themes.ts.\n\n`;
  plans += await explain(db, 'theme board: the themes with their kept counts', boardQuery);
  plans += await explain(db, `a page of the largest theme (${largest.accountCount} accounts) from a key`, pageQuery);
  plans += await explain(db, 'the passages of that page’s 20 accounts', passagesQuery);
  writeFileSync(new URL('./results/themes-explain.md', import.meta.url), plans);

  const result = {
    accounts: Number(facts?.accounts),
    codings: Number(facts?.codings),
    themeSupportRows: Number(facts?.support),
    themes: themes.map((theme) => ({ name: theme.name, accounts: theme.accountCount })),
    rareTheme: { accounts: rare.accountCount, passages: rarePassages },
    seedSeconds: timings.seedSeconds === undefined ? undefined : round(timings.seedSeconds, 1),
    indexSeconds: timings.indexSeconds === undefined ? undefined : round(timings.indexSeconds, 1),
    codingSeconds: timings.codingSeconds === undefined ? undefined : round(timings.codingSeconds, 1),
    readers: READERS,
    durationSeconds,
    targetP95Ms: TARGET_P95_MS,
    ...measured,
  };
  writeFileSync(new URL('./results/themes.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  const line = (name: string, t: Timing) =>
    `${name}: p50 ${t.p50} ms, p95 ${t.p95} ms, p99 ${t.p99} ms, ${t.perSecond}/s, ${t.requests} requests, ${t.failures} not 200`;
  console.log(line('baseline /staff/ (home)', measured.baseline as Timing));
  console.log(line('theme board', measured.board as Timing));
  console.log(line(`collated page, theme of ${rarePassages} passages`, measured.rarePage as Timing));
  console.log(line(`collated page, largest theme (${largest.accountCount} accounts)`, measured.largePage as Timing));
} finally {
  await stopAllChildren();
  await handle.close();
  await scratch.drop();
}
