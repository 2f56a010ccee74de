// The reading room at scale, on real Postgres: seed-synthetic writes N accounts (default
// 1,000,000) into a scratch database, then the real service (its own process, production mode)
// answers 10 concurrent readers:
// - the accounts list with two filters and a search term (a different combination each request,
//   the search words taken from the phrase banks, so they match many accounts, as real words do);
// - the reading view of random accounts;
// - the baseline, in the same run: the staff home page, the cheapest signed-in staff page (the
//   sign-in session look-up that every staff page makes, and a render).
// Each is run for DURATION seconds after a warm-up; p50/p95/p99 come from every request's own
// time. Then EXPLAIN (ANALYZE, BUFFERS) of each list query shape is written to
// bench/results/reading-room-explain.md, and the figures to bench/results/reading-room.json.
// Run: npx tsx bench/reading-room.ts [N] [DURATION]
import { writeFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.js';
import { createI18n } from '../src/i18n/resources.js';
import { countQuery, countUpToQuery, LIST_TOTAL_UP_TO } from '../src/reading/count.js';
import type { AccountFilter } from '../src/reading/filter.js';
import { filterQuery } from '../src/reading/filter.js';
import { listQuery, SEARCH_WINDOW, windowedListQuery } from '../src/reading/list.js';
import { interfaceTextFrom } from '../src/surveys/catalog.js';
import { installDemoSurveyIfEmpty } from '../src/surveys/demo.js';
import { resolveSurvey } from '../src/surveys/model.js';
import { findSurvey } from '../src/surveys/repository.js';
import { startApp } from './lib/app-server.js';
import { stopAllChildren } from './lib/child-server.js';
import { benchDatabase } from './lib/scratch-database.js';
import { type Seeded, seedAccounts } from './lib/seed-accounts.js';
import { analystCookie, explain, load, READERS, type Timing } from './lib/staff-load.js';
import { round } from './lib/stats.js';

const count = Number(process.argv[2] ?? 1_000_000);
const durationSeconds = Number(process.argv[3] ?? 20);
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

// BENCH_KEEP=codka_bench_name keeps the seeded database for the next run, which then skips seeding.
const { kept, scratch, handle, db } = await benchDatabase();

/** Words from the phrase banks' stories, three letters or more: what a reader would search for. */
const SEARCH_WORDS: Record<string, string[]> = {
  so: ['dhakhtar', 'turjubaan', 'isbitaal', 'ballan', 'sugayay'],
  ar: ['طبيب', 'مستشفى', 'موعد', 'مترجم', 'انتظرت'],
  ti: ['ሆስፒታል', 'ሓኪም', 'ተርጓሚ', 'ቆጸራ'],
  en: ['interpreter', 'appointment', 'waiting', 'listen', 'receptionist'],
  fr: ['médecin', 'interprète', 'rendez'],
};
const CHANNELS = ['online', 'assisted', 'paper'];
const AGE_BANDS = ['18_24', '25_34', '35_44', '45_54', '55_64', '65_74'];

function listFilter(i: number): AccountFilter {
  const locales = Object.keys(SEARCH_WORDS);
  const locale = locales[i % locales.length] as keyof typeof SEARCH_WORDS;
  const words = SEARCH_WORDS[locale] as string[];
  const q = words[Math.floor(i / locales.length) % words.length];
  // Two filters: the language (every request) and one more, in turn a channel, an age band, a date.
  const second: AccountFilter =
    i % 3 === 0
      ? { channel: CHANNELS[i % CHANNELS.length] as 'online' }
      : i % 3 === 1
        ? { ageBand: AGE_BANDS[i % AGE_BANDS.length] }
        : { from: '2026-01-01' };
  return { locale: locale as 'so', ...second, q };
}

async function seededBefore(): Promise<Seeded> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from responses`.execute(db);
  console.log(`reusing ${scratch.name}: ${Number(rows[0]?.n).toLocaleString('en-GB')} accounts, seeded before`);
  return {};
}

try {
  await migrateToLatest(db as Kysely<unknown>);
  await installDemoSurveyIfEmpty(db);
  const stored = await findSurvey(db, 'your-experience');
  if (!stored) throw new Error('no demo survey');
  const survey = resolveSurvey(stored.definition, interfaceTextFrom(await createI18n()));
  const seeded = kept?.existed ? await seededBefore() : await seedAccounts(db, stored, survey, count);
  // Every table the pages read, so the planner knows how many flags are open.
  await sql`vacuum analyze`.execute(db);

  const cookie = await analystCookie(db);
  const sample = await sql<{ id: string }>`select id from responses tablesample system (1) limit 2000`.execute(db);
  const ids = sample.rows.map((row) => row.id);

  const app = await startApp({ databaseUrl: scratch.url, secret: SECRET });
  let list: Timing;
  let view: Timing;
  let baseline: Timing;
  try {
    const run = (urlFor: (i: number) => string) => load(app.origin, cookie, urlFor, durationSeconds);
    baseline = await run(() => '/staff/');
    list = await run((i) => `/staff/accounts${filterQuery(listFilter(i))}`);
    view = await run((i) => `/staff/accounts/${ids[i % ids.length]}`);
  } finally {
    await app.stop();
  }

  const all = { kind: 'all' } as const;
  const shapes: [string, AccountFilter][] = [
    [
      'two filters and a search term (locale, channel, "dhakhtar")',
      { locale: 'so', channel: 'assisted', q: 'dhakhtar' },
    ],
    [
      'two filters and an Arabic search term (locale, age band, "مستشفى")',
      { locale: 'ar', ageBand: '35_44', q: 'مستشفى' },
    ],
    ['no filter (the first page anyone sees)', {}],
    ['one filter (locale)', { locale: 'ti' }],
    [
      'three filters (ethnic group, age band, date range)',
      { ethnicGroup: 'black', ageBand: '65_74', from: '2026-01-01' },
    ],
    ['a phrase', { q: '"waiting room"' }],
  ];
  let plans = `# EXPLAIN (ANALYZE, BUFFERS) of the accounts list's queries\n\n${count.toLocaleString('en-GB')} synthetic accounts on PostgreSQL, written by bench/reading-room.ts.\nEach shape has the page query (50 rows and one more; for a search, first from a window of the newest candidates), the total as the list counts it (a search is not counted unless asked), and the exact total a reader can ask for.\n\n`;
  for (const [label, filter] of shapes) {
    if (filter.q && !filter.q.startsWith('"')) {
      plans += await explain(
        db,
        `${label}: page from the newest ${SEARCH_WINDOW.toLocaleString('en-GB')} candidates (tried first)`,
        windowedListQuery(db, { filter, scope: all }).compile(),
      );
    }
    plans += await explain(db, `${label}: page`, listQuery(db, { filter, scope: all }).compile());
    plans += await explain(
      db,
      `${label}: total, counted up to ${LIST_TOTAL_UP_TO.toLocaleString('en-GB')}`,
      countUpToQuery(db, filter, all, LIST_TOTAL_UP_TO).compile(),
    );
    plans += await explain(db, `${label}: exact total (when asked for)`, countQuery(db, filter, all).compile());
  }
  writeFileSync(new URL('./results/reading-room-explain.md', import.meta.url), plans);

  const result = {
    accounts: count,
    seedSeconds: seeded.seedSeconds === undefined ? undefined : round(seeded.seedSeconds, 1),
    indexSeconds: seeded.indexSeconds === undefined ? undefined : round(seeded.indexSeconds, 1),
    readers: READERS,
    durationSeconds,
    baseline,
    list,
    view,
  };
  writeFileSync(new URL('./results/reading-room.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  const line = (name: string, t: Timing) =>
    `${name}: p50 ${t.p50} ms, p95 ${t.p95} ms, p99 ${t.p99} ms, ${t.perSecond}/s, ${t.requests} requests, ${t.failures} not 200`;
  console.log(line('baseline /staff/ (home)', baseline));
  console.log(line('accounts list, two filters + search', list));
  console.log(line('reading view', view));
} finally {
  await stopAllChildren();
  await handle.close();
  await scratch.drop();
}
