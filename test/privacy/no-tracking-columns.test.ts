// Promise 1, read straight from the database: after real submissions (through every step of
// the survey, a receipt look-up and a withdrawal, all from one identifiable browser) no table
// holds the client address, user agent or referrer, no column can hold a time of day, no value
// looks like one, and the receipt code exists only as its keyed hash.
import { sql } from 'kysely';
import t from 'tap';
import type { AccountDocument } from '../../src/accounts/document.js';
import { hashReceipt, normalizeReceipt } from '../../src/accounts/receipt-code.js';
import { build, TEST_SECRET } from '../helper.js';
import {
  Browser,
  type ColumnDump,
  dumpPublicSchema,
  findInDump,
  SurveyWalker,
  walkToCheck,
} from '../support/public-pages.js';

const CLIENT_ADDRESS = '203.0.113.9';
const FORWARDED_ADDRESS = '192.0.2.77';
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 7.0; PrivacyProbe)';
const REFERER = 'https://referrer.example/poster?utm_source=privacy-probe';

// The account names an email, a phone number and a full postcode, as residents often do.
const SOMALI_STORY =
  'Dhakhtarka ayaa i dhegeysan waayay. Waxay igu yiraahdeen iimayl u dir hooyo.warsame@example.org ' +
  'ama wac 07911 123456. Waxaan deggenahay W12 7QX.';

// The migrator's own bookkeeping: kysely_migration.timestamp records when the schema was
// migrated at start-up, not anything about a public request, so these two tables are left out.
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];
// Staff tables record staff actions (sessions expire, one-time links expire, the audit log says
// when): times there are about staff, never about a resident's request. The first-run setup
// link is written at start-up, so staff_tokens is not empty here.
const STAFF_TABLES = [
  'organisations',
  'staff_users',
  'staff_recovery_codes',
  'staff_sessions',
  'staff_tokens',
  'login_attempts',
  'audit_log',
];
const CONTENT_TABLES = ['responses', 'surveys', 'survey_versions'];

const app = await build(t);
const browser = new Browser(app, {
  remoteAddress: CLIENT_ADDRESS,
  gzip: true,
  headers: {
    'user-agent': USER_AGENT,
    referer: REFERER,
    'x-forwarded-for': FORWARDED_ADDRESS,
    'accept-language': 'so-SO,so;q=0.9,en;q=0.5',
  },
});

async function submit(locale: string, story: string): Promise<string> {
  const walker = new SurveyWalker(browser, locale);
  await walkToCheck(walker, {
    serviceOther: 'Xarunta caafimaadka ee Shepherds Bush',
    story,
    more: 'Waxay u maleeyeen inaanan Ingiriisi aqoon.',
    better: 'Turjubaan iyo waqti badan.',
  });
  await walker.press('submit');
  const receipt = walker.receipt;
  if (walker.status !== 200 || !receipt) throw new Error(`submission failed: ${walker.status} ${walker.title}`);
  return receipt;
}

await browser.get('/');
await browser.get('/so/');
const somaliReceipt = await submit('so', SOMALI_STORY);
await browser.post('/so/receipt', [['code', somaliReceipt]]);
await browser.post('/so/receipt', [['code', 'ZZZZ-ZZZZ-ZZZZ']]);
// A second account, withdrawn, so the withdrawal path has written to the database as well.
const withdrawnReceipt = await submit('ar', 'لم يستمع الطبيب إليّ. انتظرت طويلا.');
await browser.post('/ar/receipt', [
  ['code', withdrawnReceipt],
  ['_action', 'confirm-withdraw'],
]);

const dump: ColumnDump[] = await dumpPublicSchema(app, { exceptTables: [...MIGRATION_TABLES, ...STAFF_TABLES] });

t.test('the accounts really are in the database (so the checks below have something to read)', async (t) => {
  t.same(findInDump(dump, ['hooyo.warsame@example.org']), ['responses.answers contains hooyo.warsame@example.org']);
  const statuses = await app.db
    .selectFrom('responses')
    .select(['locale', 'status', 'channel'])
    .orderBy('locale')
    .execute();
  t.same(statuses, [
    { locale: 'ar', status: 'withdrawn', channel: 'online' },
    { locale: 'so', status: 'received', channel: 'online' },
  ]);
  const stored = await app.db
    .selectFrom('responses')
    .select('answers')
    .where('status', '=', 'received')
    .executeTakeFirstOrThrow();
  const story = (stored.answers as AccountDocument).what_happened;
  const kinds = (story?.personalDetails ?? []).map((span) => span.kind);
  for (const kind of ['email', 'phone', 'postcode'])
    t.ok(kinds.includes(kind), `the ${kind} is recorded for redaction`);
  const tables = new Set(dump.map((c) => c.table));
  for (const table of CONTENT_TABLES) t.ok(tables.has(table), `${table} was read`);
});

t.test('no value of any column holds the address, user agent or referrer', async (t) => {
  const needles = [CLIENT_ADDRESS, FORWARDED_ADDRESS, USER_AGENT, 'PrivacyProbe', REFERER, 'referrer.example'];
  t.same(findInDump(dump, needles), [], `none of ${needles.join(' | ')} is stored`);
  // Nor the address written another way (as an inet, in hex, or reversed as in PTR names).
  const hex = CLIENT_ADDRESS.split('.')
    .map((n) => Number(n).toString(16).padStart(2, '0'))
    .join('');
  t.same(findInDump(dump, [hex, '9.113.0.203']), []);
});

t.test('no column of the content tables can hold a time of day', async (t) => {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = 'public' and table_name in (${sql.join(CONTENT_TABLES)})
    order by table_name, ordinal_position`.execute(app.db);
  t.same([...new Set(rows.map((r) => r.table_name))].sort(), [...CONTENT_TABLES].sort(), 'all four tables listed');
  const timed = rows
    .filter((r) => /^(timestamp|time)\b/.test(r.data_type))
    .map((r) => `${r.table_name}.${r.column_name}: ${r.data_type}`);
  t.same(timed, [], 'no timestamp, timestamptz, time or timetz column');
  const dates = rows.filter((r) => r.data_type === 'date').map((r) => `${r.table_name}.${r.column_name}`);
  t.same(dates.sort(), ['responses.submitted_on', 'survey_versions.imported_on'], 'days are kept as dates');
});

t.test('no stored value looks like a time of day', async (t) => {
  const clock = /\b\d{2}:\d{2}(:\d{2})?\b/;
  const found = dump.flatMap(({ table, column, values }) =>
    values.filter((v): v is string => v !== null && clock.test(v)).map((v) => `${table}.${column}: ${v.slice(0, 80)}`),
  );
  t.same(found, [], 'nothing matching hh:mm anywhere outside the migrator’s tables');
  // The same reading does see a time where one is kept: the migrator's own timestamp.
  const migrator = await dumpPublicSchema(app);
  const migratedAt = migrator.find((c) => c.table === 'kysely_migration' && c.column === 'timestamp');
  t.match(migratedAt?.values[0], clock, 'the check would catch a stored time (kysely_migration.timestamp)');
  const submitted = dump.find((c) => c.table === 'responses' && c.column === 'submitted_on');
  for (const value of submitted?.values ?? []) t.match(value, /^\d{4}-\d{2}-\d{2}$/, 'submitted_on is a bare date');
});

t.test('the receipt code shown to the resident is stored only as its keyed hash', async (t) => {
  for (const shown of [somaliReceipt, withdrawnReceipt]) {
    const code = normalizeReceipt(shown) ?? '';
    t.equal(code.length, 12);
    t.same(
      findInDump(dump, [shown, code]),
      [],
      `${shown} is nowhere in the database, in any case, with or without dashes`,
    );
    const hash = hashReceipt(TEST_SECRET, code);
    t.same(findInDump(dump, [hash]), [`responses.receipt_hash contains ${hash}`], 'only its hash is, once');
  }
});
