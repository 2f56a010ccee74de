// seed-synthetic (issue 12, item 1): realistic accounts in every locale, channel and session
// mix, through the same document builder as a resident's, marked so that --remove deletes
// exactly them; the same seed gives the same accounts; production refuses to run it.
import { PassThrough } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import t from 'tap';
import type { AccountDocument } from '../../src/accounts/document.js';
import { fileDocument } from '../../src/accounts/file.js';
import { commands } from '../../src/cli/commands.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import { LOCALE_CODES } from '../../src/i18n/locales.js';
import { createI18n } from '../../src/i18n/resources.js';
import { scanPersonalDetails } from '../../src/pii/scan.js';
import { interfaceTextFrom } from '../../src/surveys/catalog.js';
import { installDemoSurveyIfEmpty } from '../../src/surveys/demo.js';
import { resolveSurvey } from '../../src/surveys/model.js';
import { findSurvey } from '../../src/surveys/repository.js';
import { syntheticValues } from '../../src/synthetic/account.js';
import { nhsNumber } from '../../src/synthetic/personal-details.js';
import { readPhraseBank, SAFEGUARDING_CATEGORIES } from '../../src/synthetic/phrases.js';
import { SeededRandom } from '../../src/synthetic/random.js';
import { testConfig, testDatabase } from '../helper.js';

const handle = await testDatabase(t);
const db = handle.db as Kysely<Database>;
await migrateToLatest(db as Kysely<unknown>);
await installDemoSurveyIfEmpty(db);
const stored = await findSurvey(db, 'your-experience');
if (!stored) throw new Error('no demo survey');
const survey = resolveSurvey(stored.definition, interfaceTextFrom(await createI18n()));

async function cli(options: Record<string, string | boolean>, env: 'test' | 'production' = 'test') {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => {
    text += chunk;
  });
  const command = commands['seed-synthetic'];
  if (!command) throw new Error('no seed-synthetic command');
  const code = await command.run({ db, config: testConfig({ env }), args: [], options, out });
  return { code, text };
}

t.test('every locale has a phrase bank with stories, personal details and each kind of risk', async (t) => {
  for (const locale of LOCALE_CODES) {
    const bank = readPhraseBank(locale);
    t.ok(bank.story.length >= 10, `${locale}: ${bank.story.length} story sentences`);
    for (const category of SAFEGUARDING_CATEGORIES) t.ok(bank.safeguarding[category]?.length, `${locale}: ${category}`);
    t.ok(
      bank.story.every((sentence) => sentence === sentence.normalize('NFC')),
      `${locale}: NFC text, as residents' answers are stored`,
    );
  }
});

t.test('made-up NHS numbers carry a valid check digit, so the scanner finds them', async (t) => {
  const rng = new SeededRandom(3);
  for (let i = 0; i < 50; i++) {
    const number = nhsNumber(rng);
    t.same(
      scanPersonalDetails(`my number is ${number}`).map((span) => span.kind),
      ['nhs_number'],
      number,
    );
  }
});

t.test('the same seed gives the same accounts; another seed others', async (t) => {
  const bank = readPhraseBank('so');
  const draw = (seed: number) => {
    const rng = new SeededRandom(seed);
    return Array.from({ length: 20 }, () => syntheticValues(survey, 'so', bank, rng));
  };
  t.same(draw(42), draw(42));
  t.not(JSON.stringify(draw(42)), JSON.stringify(draw(43)));
});

t.test('seeding 2,500 accounts (three batches), then removing exactly them', async (t) => {
  // A resident's account, which --remove must leave alone.
  await fileDocument(db, survey, { what_happened: { value: 'A real account that must stay.' } } as AccountDocument, {
    surveyVersionId: stored.versionId,
    locale: 'en',
    channel: 'online',
    submittedOn: '2026-12-01',
    receiptHash: 'real-account-receipt-hash',
  });

  const seeded = await cli({ survey: 'your-experience', responses: '2500', seed: '7' });
  t.equal(seeded.code, 0, seeded.text);
  t.match(seeded.text, /Seeded 2500 synthetic accounts \(seed 7\) in 40 sessions of 6 organisations/);

  const rows = await db
    .selectFrom('responses')
    .select(['locale', 'channel', 'submitted_on', 'session_id', 'answers', 'synthetic'])
    .where('synthetic', '=', true)
    .execute();
  t.equal(rows.length, 2500);
  t.same(new Set(rows.map((row) => row.locale)), new Set(LOCALE_CODES), 'every locale');
  t.same(new Set(rows.map((row) => row.channel)), new Set(['online', 'assisted', 'paper']), 'every channel');
  t.ok(
    rows.every((row) => row.channel === 'online' || row.session_id !== null),
    "partners' entries all belong to a session",
  );
  t.ok(
    rows.some((row) => row.channel === 'online' && row.session_id !== null),
    'some residents joined a session from their own phone',
  );
  t.ok(
    rows.every((row) => /^\d{4}-\d{2}-\d{2}$/.test(String(row.submitted_on).slice(0, 10))),
    'dates only, never a time',
  );
  const days = new Set(rows.map((row) => String(row.submitted_on).slice(0, 10)));
  t.ok(days.size > 300, `spread over two years (${days.size} different days)`);

  const documents = rows.map((row) => row.answers as AccountDocument);
  t.ok(
    documents.every((doc) => doc.consent?.value === 'yes' && typeof doc.what_happened?.value === 'string'),
    'every account consented and told a story',
  );
  const withDetails = documents.filter((doc) => doc.what_happened?.personalDetails?.length);
  t.ok(withDetails.length > 20, `personal details found and recorded in ${withDetails.length} stories`);
  const riskSentences = LOCALE_CODES.flatMap((locale) => Object.values(readPhraseBank(locale).safeguarding).flat());
  const atRisk = documents.filter((doc) => riskSentences.some((s) => String(doc.what_happened?.value).includes(s)));
  t.ok(atRisk.length > 5, `${atRisk.length} stories mention a risk of harm`);
  const somali = rows.find((row) => row.locale === 'so')?.answers as AccountDocument;
  t.ok(
    readPhraseBank('so').story.some((s) => String(somali.what_happened?.value).includes(s)),
    'written in the account’s language',
  );

  const removed = await cli({ remove: true });
  t.equal(removed.code, 0);
  t.match(removed.text, 'Removed 2500 synthetic accounts, 40 sessions and 6 organisations.');
  const left = await db.selectFrom('responses').select('receipt_hash').execute();
  t.same(
    left.map((row) => row.receipt_hash),
    ['real-account-receipt-hash'],
    "only the resident's account is left",
  );
  t.equal((await db.selectFrom('assisted_sessions').select('id').execute()).length, 0);
});

t.test('refuses production, and bad arguments, with a plain message', async (t) => {
  const refused = await cli({ survey: 'your-experience', responses: '10' }, 'production');
  t.equal(refused.code, 1);
  t.match(refused.text, 'refuses to run with NODE_ENV=production');
  t.equal((await db.selectFrom('responses').select('id').where('synthetic', '=', true).execute()).length, 0);
  t.match((await cli({ survey: 'your-experience', responses: 'many' })).text, /^Usage: /);
  t.match((await cli({ survey: 'nope', responses: '5' })).text, 'No survey "nope"');
});

t.test('--codings: a synthetic codebook, coders, codings and themes, counted as in service, and removed', async (t) => {
  const seeded = await cli({ survey: 'your-experience', responses: '300', codings: '700', seed: '5' });
  t.equal(seeded.code, 0, seeded.text);
  t.match(
    seeded.text,
    /Seeded 700 synthetic codings, and 300 more of a rare code, by 3 coders with 41 codes, and 11 themes/,
  );
  // 700 spread over the 300 accounts, and the rare code in every one of them (fewer than 5,000).
  const codings = await db.selectFrom('codings').select(['quote', 'span_start', 'span_end']).execute();
  t.equal(codings.length, 1000);
  t.ok(
    codings.every((c) => [...c.quote].length === c.span_end - c.span_start),
    'each quote is its span',
  );
  const { rows } = await sql<{ wrong: number }>`
    select count(*)::int as wrong from themes t
    where t.account_count <> (select count(distinct c.response_id) from theme_codes tc join codings c on c.code_id = tc.code_id where tc.theme_id = t.id)`.execute(
    db,
  );
  t.equal(rows[0]?.wrong, 0, 'every theme counts its accounts');
  const coders = await db
    .selectFrom('staff_users')
    .select(['disabled', 'password_hash'])
    .where('synthetic', '=', true)
    .execute();
  t.ok(coders.length === 3 && coders.every((c) => c.disabled && c.password_hash === null), 'coders who cannot sign in');
  await cli({ remove: true });
  for (const table of ['codings', 'themes', 'codes', 'theme_support'] as const) {
    t.equal((await db.selectFrom(table).select(sql`1`.as('x')).execute()).length, 0, `no ${table} left`);
  }
  t.equal((await db.selectFrom('staff_users').select('id').where('synthetic', '=', true).execute()).length, 0);
});
