// Exporting a million accounts, on real Postgres: the service's own export command (a separate
// process, the compiled `cli export`, under /usr/bin/time for its peak memory) as CSV, XLSX and
// JSON Lines, beside the baseline measured in the same run: psql's \copy of the same accounts'
// rows (id, document, language, channel, day) to a CSV file, the database's own fastest way
// out with no work done on the rows. Reuses a seeded database (BENCH_KEEP, e.g. the one
// bench/themes.ts leaves) or seeds N accounts first. Run: npx tsx bench/exports.ts [N].
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.js';
import { createI18n } from '../src/i18n/resources.js';
import { interfaceTextFrom } from '../src/surveys/catalog.js';
import { installDemoSurveyIfEmpty } from '../src/surveys/demo.js';
import { resolveSurvey } from '../src/surveys/model.js';
import { findSurvey } from '../src/surveys/repository.js';
import { benchDatabase } from './lib/scratch-database.js';
import { seedAccounts } from './lib/seed-accounts.js';
import { round } from './lib/stats.js';

const count = Number(process.argv[2] ?? 1_000_000);
const MEMORY_LIMIT_MB = 200;
// BENCH_KEEP=codka_bench_name keeps the seeded database for the next run, which then skips seeding.
const { kept, scratch, handle, db } = await benchDatabase();
const dir = mkdtempSync(join(tmpdir(), 'codka-export-bench-'));

/** Runs a command under GNU time: its wall seconds and peak resident memory. */
function timed(command: string, args: string[], env: Record<string, string> = {}) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
  const [seconds, kilobytes] = (run.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { seconds: seconds ?? 0, peakMb: round((kilobytes ?? 0) / 1024, 1), stdout: run.stdout };
}

try {
  await migrateToLatest(db as Kysely<unknown>);
  await installDemoSurveyIfEmpty(db);
  const stored = await findSurvey(db, 'your-experience');
  if (!stored) throw new Error('no demo survey');
  if (!kept?.existed) {
    const survey = resolveSurvey(stored.definition, interfaceTextFrom(await createI18n()));
    await seedAccounts(db, stored, survey, count);
  }
  await sql`vacuum analyze responses`.execute(db);
  const accounts = Number(
    (
      await sql<{
        n: string;
      }>`select count(*) as n from responses where status <> 'withdrawn' and answers is not null`.execute(db)
    ).rows[0]?.n,
  );
  const env = {
    DATABASE_URL: scratch.url,
    SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
    NODE_ENV: 'development',
  };

  // Baseline: the same rows straight out of Postgres.
  const copyFile = join(dir, 'copy.csv');
  const copy = timed('psql', [
    scratch.url,
    '-q',
    '-c',
    `\\copy (select id, answers, locale, channel, submitted_on from responses where status <> 'withdrawn' and answers is not null order by id) to '${copyFile}' csv header`,
  ]);
  const results: Record<string, unknown> = {
    accounts,
    baseline: {
      what: 'psql \\copy of id, document, language, channel, day',
      seconds: copy.seconds,
      peakMb: copy.peakMb,
      megabytes: round(statSync(copyFile).size / 1e6, 1),
    },
  };
  rmSync(copyFile);
  // BENCH_FORMATS=csv measures one format alone (for working on it); all three by default.
  const formats = (process.env.BENCH_FORMATS ?? 'csv,xlsx,jsonl').split(',');
  for (const format of formats) {
    const out = join(dir, `accounts.${format}`);
    const run = timed(
      'node',
      ['--import', 'tsx', 'src/cli.ts', 'export', '--survey', 'your-experience', '--format', format, '--out', out],
      env,
    );
    results[format] = {
      seconds: run.seconds,
      peakMb: run.peakMb,
      megabytes: round(statSync(out).size / 1e6, 1),
      ratioToCopy: round(run.seconds / copy.seconds, 2),
      summary: run.stdout.trim(),
    };
    rmSync(out);
    console.log(`${format}: ${run.seconds} s, peak ${run.peakMb} MB (${round(run.seconds / copy.seconds, 2)}× \\copy)`);
  }
  console.log(
    `baseline \\copy: ${copy.seconds} s, peak ${copy.peakMb} MB, for ${accounts.toLocaleString('en-GB')} accounts`,
  );
  const csv = results.csv as { ratioToCopy: number; peakMb: number } | undefined;
  if (csv) {
    results.targets = { csvWithinTwiceCopy: csv.ratioToCopy <= 2, csvPeakUnder200Mb: csv.peakMb < MEMORY_LIMIT_MB };
  }
  writeFileSync(new URL('./results/exports.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results.targets));
} finally {
  rmSync(dir, { recursive: true, force: true });
  await handle.close();
  await scratch.drop();
}
