// /staff/themes as analysts use it: a theme added from codes (a form that cannot be saved says
// why and keeps what was ticked), the board by status with how many accounts support each theme
// (accounts, not passages), a theme's page changing its status and codes with its history, two
// analysts saving at once (the second sees the first's version, their own edit kept), and the
// collated passages, paged, each beside the other text of its answer in its own language.
import t from 'tap';
import { addCodings } from '../../src/coding/codings.js';
import { saveTranslation } from '../../src/translation/repository.js';
import { build } from '../helper.js';
import { addCode } from '../support/codebook.js';
import { fileAccount } from '../support/file-account.js';
import { createStaffUser, csrfOf, errorMessages, signIn, staffGet, staffPost } from '../support/staff.js';

const app = await build(t);
const anaRow = await createStaffUser(app, { email: 'ana@example.org', roles: ['analyst'], displayName: 'Ana' });
await createStaffUser(app, { email: 'bo@example.org', roles: ['analyst'], displayName: 'Bo' });
await createStaffUser(app, { email: 'rev@example.org', roles: ['reviewer'], displayName: 'Rev' });
const ana = await signIn(app, 'ana@example.org');
const bo = await signIn(app, 'bo@example.org');
const interpreters = await addCode(app, 'Interpreters', '#00703C');
const waiting = await addCode(app, 'Waiting', '#00703C');

const STORY = 'لم يكن هناك مترجم. اتصلت على 07700 900123 ولم يرد أحد.';
const arabic = await fileAccount(app, { locale: 'ar', story: STORY, day: '2026-11-02' });
await saveTranslation(app.db, {
  responseId: arabic,
  targetLocale: 'en',
  texts: { what_happened: { value: 'There was no interpreter. I called [phone number] and nobody answered.' } },
  status: 'done',
  translatedBy: anaRow.id,
  translatedOn: '2026-11-03',
});
const somali = await fileAccount(app, { locale: 'so', story: 'Turjubaan ma jirin. Waan sugay.', day: '2026-11-04' });
const code = (account: string, text: string, start: number, end: number, codeId: string, coder = anaRow.id) =>
  addCodings(app.db, {
    where: { responseId: account, questionId: 'what_happened', field: 'value', translationLocale: null },
    text,
    spans: [{ start, end }],
    codeIds: [codeId],
    coder,
  });
// Two passages of the Arabic account and one of the Somali under "Interpreters".
await code(arabic, STORY, 0, 18, interpreters);
await code(arabic, STORY, 19, [...STORY].length, interpreters);
await code(somali, 'Turjubaan ma jirin. Waan sugay.', 0, 19, interpreters);
await code(somali, 'Turjubaan ma jirin. Waan sugay.', 20, 31, waiting);

const csrf = async (cookie: string, page: string) => csrfOf((await staffGet(app, page, { cookie })).body) as string;
let themeId = '';

t.test('adding a theme from codes', async (t) => {
  const empty = await staffPost(
    app,
    '/staff/themes',
    { _csrf: await csrf(ana.cookie, '/staff/themes'), survey: 'your-experience', name: '', codes: interpreters },
    { cookie: ana.cookie },
  );
  t.equal(empty.statusCode, 422);
  t.same(errorMessages(empty.body), ['Enter a name']);
  t.match(empty.body, `value="${interpreters}" checked`, 'the ticked code stays ticked');
  const made = await staffPost(
    app,
    '/staff/themes',
    {
      _csrf: await csrf(ana.cookie, '/staff/themes'),
      survey: 'your-experience',
      name: 'Not understood',
      centralIdea: 'Without an interpreter, people were not understood.',
      codes: interpreters,
    },
    { cookie: ana.cookie },
  );
  t.equal(made.statusCode, 303);
  themeId = /\/staff\/themes\/([0-9a-f-]{36})/.exec(made.headers.location as string)?.[1] as string;
  const page = await staffGet(app, made.headers.location as string, { cookie: ana.cookie });
  t.match(page.body, 'The theme is added.');
  t.match(page.body, '<strong>2 accounts support it</strong>', 'two accounts, though three passages');
});

t.test('the board groups themes by status, with their codes and accounts', async (t) => {
  const board = await staffGet(app, '/staff/themes', { cookie: ana.cookie });
  t.equal(board.statusCode, 200);
  t.match(
    board.body,
    /<h2>Candidate<\/h2>\n<ul class="theme-board"><li><h3><a href="\/staff\/themes\/[^"]+">Not understood<\/a><\/h3>/,
  );
  t.match(board.body, '<strong>2 accounts support it</strong>');
  t.match(board.body, '<span class="code-tag">Interpreters</span>');
  t.match(board.body, 'Counts are of accounts (residents), not of passages');
  const reviewer = await signIn(app, 'rev@example.org');
  t.equal((await staffGet(app, '/staff/themes', { cookie: reviewer.cookie })).statusCode, 403);
});

t.test('changing status and codes, with history; two analysts at once', async (t) => {
  const url = `/staff/themes/${themeId}`;
  const [anaPage, boPage] = [
    await staffGet(app, url, { cookie: ana.cookie }),
    await staffGet(app, url, { cookie: bo.cookie }),
  ];
  const version = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] as string;
  const saved = await staffPost(
    app,
    url,
    {
      _csrf: csrfOf(anaPage.body) as string,
      version: version(anaPage.body),
      name: 'Not understood',
      centralIdea: 'Without an interpreter, people were not understood.',
      status: 'reviewed',
      codes: [interpreters, waiting],
    },
    { cookie: ana.cookie },
  );
  t.equal(saved.statusCode, 303);
  const after = await staffGet(app, saved.headers.location as string, { cookie: ana.cookie });
  t.match(after.body, 'The theme is saved.');
  t.match(after.body, '(Reviewed)');
  t.match(after.body, '<strong>2 accounts support it</strong>', 'the Somali account counts once under both codes');
  t.match(after.body, 'Ana: moved it from Candidate to Reviewed');
  t.match(after.body, 'Ana: gathered Waiting');
  const stale = await staffPost(
    app,
    url,
    {
      _csrf: csrfOf(boPage.body) as string,
      version: version(boPage.body),
      name: 'Bo’s name',
      centralIdea: 'Bo’s idea.',
      status: 'defined',
      codes: interpreters,
    },
    { cookie: bo.cookie },
  );
  t.equal(stale.statusCode, 409);
  t.match(stale.body, 'Someone else saved this theme since you opened it.');
  t.match(stale.body, '<dt>Where the theme stands</dt><dd>Reviewed</dd>', 'their version');
  t.match(stale.body, 'value="Bo’s name"', 'Bo’s edit kept in the form');
  t.match(stale.body, 'id="f-status-defined" name="status" value="defined" checked');
  const noStatus = await staffPost(
    app,
    url,
    { _csrf: csrfOf(boPage.body) as string, version: version(stale.body), name: 'X', codes: [] },
    { cookie: bo.cookie },
  );
  t.same(errorMessages(noStatus.body), ['Choose where the theme stands']);
});

t.test('collated passages, beside the other text, paged', async (t) => {
  const page = await staffGet(app, `/staff/themes/${themeId}/passages`, { cookie: ana.cookie });
  t.equal(page.statusCode, 200);
  t.match(page.body, '<blockquote lang="ar" dir="rtl">لم يكن هناك مترجم.</blockquote>');
  t.match(
    page.body,
    /<blockquote lang="ar" dir="rtl">اتصلت على \[phone number\] ولم يرد أحد\.<\/blockquote>/,
    'the phone number hidden',
  );
  t.notMatch(page.body, '07700');
  t.match(
    page.body,
    '<figcaption class="hint">The whole answer in English</figcaption><blockquote lang="en" dir="ltr">There was no interpreter.',
  );
  t.match(page.body, '<blockquote lang="so" dir="ltr">Turjubaan ma jirin.</blockquote>');
  t.notMatch(page.body, 'rel="next"', 'one page');
  const { themePassages } = await import('../../src/review/theme-passages.js');
  const first = await themePassages(app.db, themeId, undefined, 1);
  t.equal(first.accounts.length, 1);
  const second = await themePassages(app.db, themeId, first.next, 1);
  t.equal(second.accounts.length, 1);
  t.not(second.accounts[0]?.responseId, first.accounts[0]?.responseId, 'the next page goes on from the key');
  t.equal(second.next, undefined, 'and is the last');
  t.equal((await staffGet(app, '/staff/themes/not-a-theme/passages', { cookie: ana.cookie })).statusCode, 404);
});
