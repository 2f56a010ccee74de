// Exporting accounts (issue 14, items 1 to 3, CSV and JSON Lines): read back by a real CSV
// parser, formula payloads in answers come back as text; Somali, Arabic and Amharic survive as
// written; withdrawn accounts, accounts with a flag open (but for the safeguarding lead),
// write-ins and personal details never appear; codes and themes come with each account; the
// data dictionary explains every column; every export is audited with its row count; and the
// shell writes the same file, audited as the shell or as the user it names, whose role limits it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import t from 'tap';
import { withdrawAccount } from '../../src/accounts/withdraw.js';
import { commands } from '../../src/cli/commands.js';
import { addCodings } from '../../src/coding/codings.js';
import { createTheme } from '../../src/review/themes.js';
import { raiseFlag } from '../../src/safeguarding/flags.js';
import { build, testConfig } from '../helper.js';
import { addCode, demoSurveyId } from '../support/codebook.js';
import { fileAccount } from '../support/file-account.js';
import { createStaffUser, signIn, staffGet } from '../support/staff.js';

const app = await build(t);
const analyst = await createStaffUser(app, { email: 'ana@example.org', roles: ['analyst'], displayName: 'Ana' });
await createStaffUser(app, { email: 'lead@example.org', roles: ['safeguarding'], displayName: 'Lead' });
await createStaffUser(app, { email: 'rev@example.org', roles: ['reviewer'], displayName: 'Rev' });
const ana = await signIn(app, 'ana@example.org');
const lead = await signIn(app, 'lead@example.org');

const SOMALI = 'Dhakhtarku ma i dhagaysan. Waxaan wacay 07700 900123.';
const ARABIC = 'لم يكن هناك مترجم في العيادة.';
const AMHARIC = 'ሐኪሙ አልሰማኝም። አስተርጓሚ አልነበረም።';
const FORMULAS = ['=HYPERLINK("http://evil.example","click")', '＋cmd|" /C calc"!A0', '@SUM(1+1)', '-2+3'];
const somali = await fileAccount(app, {
  locale: 'so',
  story: SOMALI,
  day: '2026-11-01',
  answers: { service: { value: 'other', writeIn: 'WRITEIN-NEVER-EXPORTED' } },
});
await fileAccount(app, { locale: 'ar', story: ARABIC, day: '2026-11-02' });
await fileAccount(app, { locale: 'am', story: AMHARIC, day: '2026-11-03' });
for (const [i, formula] of FORMULAS.entries())
  await fileAccount(app, { locale: 'en', story: formula, day: `2026-11-1${i}` });
const withdrawn = await fileAccount(app, { locale: 'en', story: 'WITHDRAWN-NEVER-EXPORTED', day: '2026-11-20' });
await app.db.transaction().execute((trx) => withdrawAccount(trx, withdrawn));
const flagged = await fileAccount(app, { locale: 'en', story: 'FLAGGED-ONLY-FOR-THE-LEAD', day: '2026-11-21' });
await raiseFlag(app.db, {
  responseId: flagged,
  category: 'abuse',
  reason: 'x',
  raisedBy: analyst.id,
  raisedOn: '2026-11-21',
});
const code = await addCode(app, 'No interpreter');
await addCodings(app.db, {
  where: { responseId: somali, questionId: 'what_happened', field: 'value', translationLocale: null },
  text: SOMALI,
  spans: [{ start: 0, end: 26 }],
  codeIds: [code],
  coder: analyst.id,
});
await createTheme(app.db, {
  surveyId: await demoSurveyId(app),
  name: 'Not heard',
  centralIdea: '',
  codeIds: [code],
  by: analyst.id,
});

const download = (cookie: string, query: string) =>
  staffGet(app, `/staff/exports/accounts?survey=your-experience&${query}`, { cookie });
const csvOf = (body: string) => parse(body, { bom: true, columns: true }) as Record<string, string>[];

t.test('CSV, read back by a CSV parser', async (t) => {
  const res = await download(ana.cookie, 'format=csv&labels=so');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], 'text/csv');
  t.match(res.headers['content-disposition'], /attachment; filename="accounts-your-experience-\d{4}-\d{2}-\d{2}\.csv"/);
  t.ok(res.body.startsWith('\uFEFF'), 'a byte-order mark for Excel');
  const rows = csvOf(res.body);
  t.equal(rows.length, 7, 'three stories, four formulas: not the withdrawn or the flagged one');
  const stories = rows.map((row) => row.what_happened);
  t.ok(stories.includes(ARABIC) && stories.includes(AMHARIC), 'Arabic and Amharic as written');
  t.ok(stories.includes('Dhakhtarku ma i dhagaysan. Waxaan wacay [phone number].'), 'Somali, the phone number hidden');
  for (const formula of FORMULAS) t.ok(stories.includes(`'${formula}`), `${formula}: text, not a formula`);
  t.notMatch(res.body, /WITHDRAWN-NEVER-EXPORTED|FLAGGED-ONLY-FOR-THE-LEAD|WRITEIN-NEVER-EXPORTED|07700/);
  const row = rows.find((r) => r.locale === 'so') as Record<string, string>;
  t.match(row.account, /^A[0-9A-F]{15}$/, 'an opaque id');
  t.not(row.account, somali);
  t.equal(row.codes, 'No interpreter');
  t.equal(row.themes, 'Not heard');
  t.equal(row.service, 'other');
  t.equal(row.consent, undefined, 'consent has no column');
  t.equal(row.submitted_on, '2026-11-01');
  const again = csvOf((await download(ana.cookie, 'format=csv')).body).find((r) => r.locale === 'so');
  t.equal(again?.account, row.account, 'the same id in every export');
});

t.test('XLSX, read back by an XLSX reader', async (t) => {
  const res = await staffGet(app, '/staff/exports/accounts?survey=your-experience&format=xlsx', { cookie: ana.cookie });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], 'spreadsheetml');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Accounts');
  const rows: string[][] = [];
  sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  const header = rows[0] as string[];
  const story = header.indexOf('what_happened');
  t.ok(story > 0);
  t.equal(rows.length, 8, 'a header and seven accounts');
  const stories = rows.slice(1).map((row) => row[story]);
  t.ok(stories.includes(ARABIC) && stories.includes(AMHARIC), 'Arabic and Amharic as written');
  for (const formula of FORMULAS) t.ok(stories.includes(`'${formula}`), `${formula}: text`);
  let formulas = 0;
  sheet?.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) formulas += 1;
    }),
  );
  t.equal(formulas, 0, 'no cell is a formula');
  t.notMatch(stories.join('\n'), /WITHDRAWN|FLAGGED|07700/);
});

t.test('JSON Lines, and the accounts list’s filter', async (t) => {
  const res = await download(ana.cookie, 'format=jsonl&locale=ar');
  const lines = res.body
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  t.equal(lines.length, 1);
  t.equal(lines[0].what_happened, ARABIC);
});

t.test('the safeguarding lead’s export holds flagged accounts too; others may not export', async (t) => {
  const rows = csvOf((await download(lead.cookie, 'format=csv')).body);
  t.equal(rows.length, 8);
  t.ok(rows.some((row) => row.what_happened === 'FLAGGED-ONLY-FOR-THE-LEAD'));
  const reviewer = await signIn(app, 'rev@example.org');
  t.equal((await download(reviewer.cookie, 'format=csv')).statusCode, 403);
  t.equal((await staffGet(app, '/staff/exports', { cookie: reviewer.cookie })).statusCode, 403);
});

t.test('every export is audited with who, format, filter and rows', async (t) => {
  const entries = await app.db
    .selectFrom('audit_log')
    .select(['actor_email', 'details'])
    .where('action', '=', 'accounts_exported')
    .execute();
  t.ok(entries.length >= 4);
  t.ok(
    entries.some((e) => e.actor_email === 'ana@example.org' && (e.details as Record<string, unknown>).rows === 1),
    'the Arabic export: one row',
  );
});

t.test('the export page and the data dictionary', async (t) => {
  const page = await staffGet(app, '/staff/exports?locale=ar', { cookie: ana.cookie });
  t.match(page.body, '<input type="hidden" name="locale" value="ar">', 'the list’s filter travels');
  const dictionary = await staffGet(app, '/staff/exports/dictionary?survey=your-experience', { cookie: ana.cookie });
  const rows = parse(dictionary.body, { bom: true, columns: true }) as Record<string, string>[];
  t.ok(rows.some((row) => row.column === 'account' && row.type === 'fixed'));
  t.ok(rows.some((row) => row.column === 'service_label'));
  t.match(rows.find((row) => row.column === 'ethnic_group')?.['codes and labels'], 'white; mixed; asian; black; other');
  const list = await staffGet(app, '/staff/accounts?locale=ar', { cookie: ana.cookie });
  t.match(list.body, 'href="/staff/exports?locale&#x3D;ar">Export these accounts');
});

t.test('from the shell', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'codka-export-'));
  const run = async (options: Record<string, string>) => {
    const out = new PassThrough();
    const code = await commands.export?.run({ db: app.db, config: testConfig(), args: [], options, out });
    return { code, text: String(out.read() ?? '') };
  };
  const file = join(dir, 'accounts.csv');
  const done = await run({ survey: 'your-experience', format: 'csv', out: file });
  t.equal(done.code, 0, done.text);
  t.match(done.text, `Exported 7 accounts of your-experience to ${file} (csv,`);
  t.equal(csvOf(readFileSync(file, 'utf8')).length, 7);
  t.match(readFileSync(`${file}.dictionary.csv`, 'utf8'), 'what_happened');
  const asLead = await run({
    survey: 'your-experience',
    format: 'jsonl',
    out: join(dir, 'lead.jsonl'),
    as: 'lead@example.org',
  });
  t.match(asLead.text, 'Exported 8 accounts');
  const asReviewer = await run({
    survey: 'your-experience',
    format: 'csv',
    out: join(dir, 'rev.csv'),
    as: 'rev@example.org',
  });
  t.equal(asReviewer.code, 1);
  t.match(asReviewer.text, 'Nothing exported: this role exports nothing.');
  t.match((await run({ survey: 'your-experience', format: 'xls', out: file })).text, /^Usage: /);
  const shell = await app.db
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', 'accounts_exported')
    .where('actor_id', 'is', null)
    .execute();
  t.ok(
    shell.some((entry) => (entry.details as Record<string, unknown>).by === 'shell'),
    'audited as the shell',
  );
});
