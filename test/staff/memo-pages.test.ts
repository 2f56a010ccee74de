// Memos on codes, themes and accounts, with author and date, read by every coder; a memo without
// words says why, one too long keeps what was typed; and the reflexive journal, private to its
// author until they share an entry (and private again when they unshare it), whose entries no one
// else can share. Withdrawal deletes the memos on an account with its words.
import t from 'tap';
import { withdrawAccount } from '../../src/accounts/withdraw.js';
import { createTheme } from '../../src/review/themes.js';
import { build } from '../helper.js';
import { addCode, demoSurveyId } from '../support/codebook.js';
import { fileAccount } from '../support/file-account.js';
import { dumpPublicSchema, findInDump } from '../support/public-pages.js';
import { createStaffUser, csrfOf, errorMessages, signIn, staffGet, staffPost } from '../support/staff.js';

const app = await build(t);
const anaRow = await createStaffUser(app, { email: 'ana@example.org', roles: ['analyst'], displayName: 'Ana' });
await createStaffUser(app, { email: 'bo@example.org', roles: ['analyst'], displayName: 'Bo' });
const ana = await signIn(app, 'ana@example.org');
const bo = await signIn(app, 'bo@example.org');
const survey = await demoSurveyId(app);
const code = await addCode(app, 'Waiting');
const theme = await createTheme(app.db, {
  surveyId: survey,
  name: 'Kept waiting',
  centralIdea: '',
  codeIds: [code],
  by: anaRow.id,
});
const account = await fileAccount(app, { locale: 'so', story: 'Waan sugay saddex saacadood.', day: '2026-11-05' });

const MARKER = 'She told me twice about the night her son was sent home';
const memoOn = async (page: string, memo: string) =>
  staffPost(
    app,
    `${page}/memos`,
    { _csrf: csrfOf((await staffGet(app, page, { cookie: ana.cookie })).body) as string, memo },
    { cookie: ana.cookie },
  );

t.test('memos on a code, a theme and an account', async (t) => {
  for (const page of [`/staff/codebook/codes/${code}`, `/staff/themes/${theme}`, `/staff/accounts/${account}`]) {
    const empty = await memoOn(page, '   ');
    t.equal(empty.statusCode, 422, page);
    t.same(errorMessages(empty.body), ['Write the memo first'], page);
    const long = await memoOn(page, `${'x'.repeat(8001)}`);
    t.same(errorMessages(long.body), ['A memo must be 8,000 characters or fewer'], page);
    t.match(long.body, 'x'.repeat(100), 'what was typed is kept');
    const added = await memoOn(page, `${MARKER}.\nSecond line.`);
    t.equal(added.statusCode, 303, page);
    t.equal(added.headers.location, `${page}?done=memo#memos-heading`);
    const seen = await staffGet(app, page, { cookie: bo.cookie });
    t.match(
      seen.body,
      /<p><strong>Ana<\/strong>, \d+ \w+ 20\d\d, \d\d:\d\d<\/p><p class="memo-body">She told me twice/,
      `${page}: Bo reads it, with author and date`,
    );
  }
});

t.test('the journal: private until shared', async (t) => {
  const page = await staffGet(app, '/staff/journal', { cookie: ana.cookie });
  const empty = await staffPost(
    app,
    '/staff/journal',
    { _csrf: csrfOf(page.body) as string, memo: '', share: 'yes' },
    { cookie: ana.cookie },
  );
  t.equal(empty.statusCode, 422);
  t.match(empty.body, 'id="f-share" name="share" value="yes" checked', 'the tick is kept');
  const added = await staffPost(
    app,
    '/staff/journal',
    { _csrf: csrfOf(page.body) as string, memo: 'I expected cost to matter more than it does.' },
    { cookie: ana.cookie },
  );
  t.equal(added.statusCode, 303);
  const own = await staffGet(app, '/staff/journal', { cookie: ana.cookie });
  t.match(own.body, 'I expected cost to matter more than it does.');
  t.match(own.body, '(private)');
  t.notMatch(
    (await staffGet(app, '/staff/journal', { cookie: bo.cookie })).body,
    'I expected cost',
    'Bo does not see a private entry',
  );
  const entry = (await app.db.selectFrom('memos').select('id').where('kind', '=', 'journal').executeTakeFirstOrThrow())
    .id;
  const boPage = await staffGet(app, '/staff/journal', { cookie: bo.cookie });
  t.equal(
    (
      await staffPost(
        app,
        `/staff/journal/${entry}/share`,
        { _csrf: csrfOf(boPage.body) as string, shared: 'yes' },
        { cookie: bo.cookie },
      )
    ).statusCode,
    404,
    'nobody else can share it',
  );
  t.equal(
    (
      await staffPost(
        app,
        `/staff/journal/${entry}/share`,
        { _csrf: csrfOf(own.body) as string, shared: 'yes' },
        { cookie: ana.cookie },
      )
    ).statusCode,
    303,
  );
  const shared = await staffGet(app, '/staff/journal', { cookie: bo.cookie });
  t.match(shared.body, 'I expected cost to matter more than it does.');
  t.match(shared.body, '(shared with the team)');
  t.notMatch(shared.body, `/staff/journal/${entry}/share`, 'and Bo has no button on it');
  await staffPost(
    app,
    `/staff/journal/${entry}/share`,
    { _csrf: csrfOf(own.body) as string, shared: 'no' },
    { cookie: ana.cookie },
  );
  t.notMatch((await staffGet(app, '/staff/journal', { cookie: bo.cookie })).body, 'I expected cost', 'private again');
});

t.test('withdrawal deletes the memos on the account, and only those', async (t) => {
  const before = findInDump(await dumpPublicSchema(app), [MARKER]);
  t.same(before, [`memos.body contains ${MARKER}`]);
  await app.db.transaction().execute((trx) => withdrawAccount(trx, account));
  const left = await app.db
    .selectFrom('memos')
    .select(['kind'])
    .where('body', 'like', `${MARKER}%`)
    .orderBy('kind')
    .execute();
  t.same(
    left.map((row) => row.kind),
    ['code', 'theme'],
    'the code’s and the theme’s memos stay; the account’s is gone',
  );
});
