// The CLI's commands, run against a real (isolated) database with their output captured.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Kysely } from 'kysely';
import t from 'tap';
import { commands } from '../../src/cli/commands.js';
import type { Database } from '../../src/db/schema.js';
import { DEMO_SURVEY_FILE } from '../../src/surveys/demo.js';
import { testConfig, testDatabase } from '../helper.js';

const handle = await testDatabase(t);
const db = handle.db as Kysely<Database>;
const dir = mkdtempSync(join(tmpdir(), 'codka-cli-'));

async function run(name: string, args: string[] = [], options: Record<string, string | boolean | string[]> = {}) {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => {
    text += chunk;
  });
  const command = commands[name];
  if (!command) throw new Error(`no command ${name}`);
  const code = await command.run({ db, config: testConfig(), args, options, out });
  return { code, text };
}

t.test('migrate runs the migrations, then has nothing to do', async (t) => {
  const first = await run('migrate');
  t.equal(first.code, 0);
  t.match(first.text, /Success: 2026_11_26_01_resident_journey/);
  const again = await run('migrate');
  t.match(again.text, 'Already up to date.');
});

t.test('import-survey: new, unchanged (a no-op), changed (a new immutable version)', async (t) => {
  const imported = await run('import-survey', [DEMO_SURVEY_FILE]);
  t.equal(imported.code, 0);
  t.match(imported.text, 'Imported your-experience: version 1 (open).');
  const unchanged = await run('import-survey', [DEMO_SURVEY_FILE]);
  t.match(unchanged.text, 'your-experience is unchanged (version 1); nothing to do.');

  const changed = JSON.parse(readFileSync(DEMO_SURVEY_FILE, 'utf8'));
  changed.title.en = 'Your experience of health services (2027)';
  const file = join(dir, 'changed.json');
  writeFileSync(file, JSON.stringify(changed));
  const second = await run('import-survey', [file]);
  t.match(second.text, 'Imported your-experience: version 2 (open).');
  const versions = await db
    .selectFrom('survey_versions')
    .select(['version', 'definition'])
    .orderBy('version')
    .execute();
  t.equal(versions.length, 2);
  t.equal(
    (versions[0]?.definition as { title: { en: string } } | undefined)?.title.en,
    'Your experience of health services',
    'version 1 is untouched',
  );

  const listed = await run('list-surveys');
  t.match(listed.text, /your-experience\topen\tversion 2\tYour experience of health services \(2027\)/);
});

t.test('import-survey names every problem by its JSON path', async (t) => {
  const bad = JSON.parse(readFileSync(DEMO_SURVEY_FILE, 'utf8'));
  bad.pages[1].questions[0].maxLength = 20000;
  bad.pages[3].questions[0].showIf.question = 'nowhere';
  bad.pages[0].questions[0].options[1].code = 'gp';
  delete bad.privacyNotice.en;
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify(bad));
  const result = await run('import-survey', [file]);
  t.equal(result.code, 1);
  t.match(result.text, 'pages[1].questions[0].maxLength');
  const notJson = join(dir, 'not.json');
  writeFileSync(notJson, '{ nope');
  const unreadable = await run('import-survey', [notJson]);
  t.equal(unreadable.code, 1);
  t.match(unreadable.text, 'cannot be read as JSON');

  // With the shape right, the cross-checks speak: showIf, duplicate codes, default-locale text.
  bad.pages[1].questions[0].maxLength = 10000;
  writeFileSync(file, JSON.stringify(bad));
  const crossChecks = await run('import-survey', [file]);
  t.equal(crossChecks.code, 1);
  t.match(crossChecks.text, 'pages[3].questions[0].showIf.question: showIf must name a question on an earlier page');
  t.match(crossChecks.text, 'pages[0].questions[0].options[1].code: option code is used twice');
  t.match(crossChecks.text, 'privacyNotice: needs text in the default locale (en)');
});

t.test('set-survey-status opens, closes and refuses unknown surveys', async (t) => {
  t.equal((await run('set-survey-status', ['your-experience', 'closed'])).code, 0);
  const row = await db.selectFrom('surveys').select('status').executeTakeFirstOrThrow();
  t.equal(row.status, 'closed');
  t.equal((await run('set-survey-status', ['nope', 'open'])).code, 1);
  t.equal((await run('set-survey-status', ['your-experience', 'sideways'])).code, 1);
});

t.test('i18n-report prints coverage for the interface and each survey', async (t) => {
  const report = await run('i18n-report');
  t.equal(report.code, 0);
  t.match(report.text, /Interface strings\n {2}en {2}100%/);
  t.match(report.text, /Survey your-experience \(version 2\)/);
  t.match(report.text, / {2}so {2}\d+%/);
});

t.test('i18n-report --since lists, per locale, what changed since a commit, and refuses an unknown one', async (t) => {
  const report = await run('i18n-report', [], { since: 'HEAD' });
  t.equal(report.code, 0);
  t.match(report.text, 'Strings changed since HEAD');
  for (const locale of ['en', 'so', 'ar', 'ti'])
    t.match(report.text, new RegExp(`\\n  ${locale}  \\d+ interface, \\d+ survey\\n`));
  const unknown = await run('i18n-report', [], { since: 'no-such-commit-anywhere' });
  t.equal(unknown.code, 1);
  t.match(unknown.text, 'no-such-commit-anywhere is not a commit');
});

t.test('create-user prints a one-time link and refuses bad roles', async (t) => {
  const made = await run('create-user', [], {
    email: 'Lead@Example.org',
    role: ['admin', 'safeguarding'],
    name: 'Lead',
  });
  t.equal(made.code, 0);
  t.match(made.text, /\/staff\/password\/[A-Za-z0-9_-]{40,}/);
  const user = await db.selectFrom('staff_users').selectAll().executeTakeFirstOrThrow();
  t.equal(user.email, 'lead@example.org');
  t.same(user.roles, ['admin', 'safeguarding']);
  t.equal(user.password_hash, null, 'no default password');
  t.equal((await run('create-user', [], { email: 'x@example.org', role: ['boss'] })).code, 1);
  t.equal((await run('create-user', [], { email: 'lead@example.org', role: ['admin'] })).code, 1, 'no duplicate');
});
