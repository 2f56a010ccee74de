// Community review of draft themes: an analyst puts a theme before a review round; its reviewer
// reads the theme's central idea, its count through disclosure control and passages from the
// round's own accounts only (personal details hidden, none with a safeguarding flag open), and
// comments ("does this say what people told us?", "what is missing?"); a form without words says
// why and keeps nothing lost. Another reviewer, outside the round, and any reviewer once the round
// has closed, find no such page. The analysts see the comment on the theme, with its round, and
// answer it; the reviewer sees the answer; the board says which rounds commented.
import t from 'tap';
import { londonDate } from '../../src/accounts/file.js';
import { addCodings } from '../../src/coding/codings.js';
import { addAccount, createRound, setReviewers } from '../../src/review/rounds.js';
import { createTheme } from '../../src/review/themes.js';
import { raiseFlag } from '../../src/safeguarding/flags.js';
import { build } from '../helper.js';
import { addCode, demoSurveyId } from '../support/codebook.js';
import { fileAccount } from '../support/file-account.js';
import { createStaffUser, csrfOf, errorMessages, signIn, staffGet, staffPost } from '../support/staff.js';

const app = await build(t);
const analystRow = await createStaffUser(app, { email: 'ana@example.org', roles: ['analyst'], displayName: 'Ana' });
const reviewerRow = await createStaffUser(app, {
  email: 'rahma@example.org',
  roles: ['reviewer'],
  displayName: 'Rahma',
});
await createStaffUser(app, { email: 'other@example.org', roles: ['reviewer'], displayName: 'Other' });
const analyst = await signIn(app, 'ana@example.org');
const reviewer = await signIn(app, 'rahma@example.org');
const outsider = await signIn(app, 'other@example.org');
const survey = await demoSurveyId(app);
const code = await addCode(app, 'Interpreters');

const inRound = 'لم يكن هناك مترجم. اتصلت على 07700 900123';
const outside = 'Passage from an account outside the round';
const flagged = 'Passage from a flagged account in the round';
const accounts: Record<string, string> = {};
for (const [key, story, locale] of [
  ['inRound', inRound, 'ar'],
  ['outside', outside, 'en'],
  ['flagged', flagged, 'en'],
] as const) {
  accounts[key] = await fileAccount(app, { locale, story, day: '2026-11-10' });
  await addCodings(app.db, {
    where: {
      responseId: accounts[key] as string,
      questionId: 'what_happened',
      field: 'value',
      translationLocale: null,
    },
    text: story,
    spans: [{ start: 0, end: [...story].length }],
    codeIds: [code],
    coder: analystRow.id,
  });
}
const theme = await createTheme(app.db, {
  surveyId: survey,
  name: 'Not understood',
  centralIdea: 'Without an interpreter, people were not understood.',
  codeIds: [code],
  by: analystRow.id,
});
const today = londonDate();
const round = await createRound(app.db, {
  name: 'Somali and Arabic speakers',
  opensOn: '2026-01-01',
  closesOn: '2099-12-31',
  createdBy: analystRow.id,
  createdOn: today,
});
await setReviewers(app.db, round, [reviewerRow.id]);
await addAccount(app.db, round, accounts.inRound as string, today);
await addAccount(app.db, round, accounts.flagged as string, today);
await raiseFlag(app.db, {
  responseId: accounts.flagged as string,
  category: 'abuse',
  reason: 'check',
  raisedBy: analystRow.id,
  raisedOn: today,
});
const themesPage = `/staff/rounds/${round}/themes`;

t.test('the analyst puts the theme before the round', async (t) => {
  const page = await staffGet(app, `/staff/rounds/${round}`, { cookie: analyst.cookie });
  t.match(page.body, `id="f-themes-${theme}" name="themes" value="${theme}">`);
  const saved = await staffPost(
    app,
    `/staff/rounds/${round}/themes`,
    { _csrf: csrfOf(page.body) as string, themes: theme },
    { cookie: analyst.cookie },
  );
  t.equal(saved.statusCode, 303);
  t.match(
    (await staffGet(app, saved.headers.location as string, { cookie: analyst.cookie })).body,
    'The themes for the reviewers are saved.',
  );
  t.equal(
    (
      await staffPost(
        app,
        `/staff/rounds/${round}/themes`,
        { _csrf: csrfOf(page.body) as string },
        { cookie: reviewer.cookie },
      )
    ).statusCode,
    403,
    'a reviewer cannot choose',
  );
});

t.test('the reviewer reads the theme: its idea, a disclosed count, and passages of their round only', async (t) => {
  const list = await staffGet(app, '/staff/rounds', { cookie: reviewer.cookie });
  t.match(list.body, `href="${themesPage}">Draft themes`);
  const page = await staffGet(app, themesPage, { cookie: reviewer.cookie });
  t.equal(page.statusCode, 200);
  t.match(page.body, '<h2 id="theme-0" tabindex="-1">Not understood</h2>');
  t.match(page.body, 'Without an interpreter, people were not understood.');
  t.match(
    page.body,
    '&lt;5 accounts across the survey support this theme.',
    'three accounts: a small count is suppressed',
  );
  t.match(page.body, '<blockquote lang="ar" dir="rtl">لم يكن هناك مترجم. اتصلت على [phone number]</blockquote>');
  t.notMatch(page.body, '07700');
  t.notMatch(page.body, outside, 'nothing from outside the round');
  t.notMatch(page.body, flagged, 'nothing with a flag open');
  t.equal(
    (await staffGet(app, '/staff/themes', { cookie: reviewer.cookie })).statusCode,
    403,
    'the theme board is the analysts’',
  );
  t.equal((await staffGet(app, `/staff/themes/${theme}/passages`, { cookie: reviewer.cookie })).statusCode, 403);
});

t.test('the reviewer comments; an empty comment says why', async (t) => {
  const page = await staffGet(app, themesPage, { cookie: reviewer.cookie });
  const action = `${themesPage}/${theme}/comments`;
  const empty = await staffPost(
    app,
    action,
    { _csrf: csrfOf(page.body) as string, says: '  ', missing: '' },
    { cookie: reviewer.cookie },
  );
  t.equal(empty.statusCode, 422);
  t.same(errorMessages(empty.body), ['Write something in at least one of the two boxes']);
  const sent = await staffPost(
    app,
    action,
    {
      _csrf: csrfOf(page.body) as string,
      says: 'Yes, but it is also about respect.',
      missing: 'Women asked for a female doctor.',
    },
    { cookie: reviewer.cookie },
  );
  t.equal(sent.statusCode, 303);
  const after = await staffGet(app, sent.headers.location as string, { cookie: reviewer.cookie });
  t.match(after.body, 'Thank you. Your comment is saved');
  t.match(after.body, '<strong>Rahma</strong>');
  t.match(after.body, 'Women asked for a female doctor.');
  t.notMatch(after.body, 'rahma@example.org', 'a display name, never an address');
});

t.test('outside the round, or after it closes, there is no such page', async (t) => {
  const page = await staffGet(app, themesPage, { cookie: outsider.cookie });
  t.equal(page.statusCode, 404);
  const post = await staffPost(
    app,
    `${themesPage}/${theme}/comments`,
    { _csrf: csrfOf((await staffGet(app, '/staff/rounds', { cookie: outsider.cookie })).body) as string, says: 'x' },
    { cookie: outsider.cookie },
  );
  t.equal(post.statusCode, 404);
  await app.db.updateTable('review_rounds').set({ closes_on: '2026-01-02' }).where('id', '=', round).execute();
  t.equal(
    (await staffGet(app, themesPage, { cookie: reviewer.cookie })).statusCode,
    404,
    'closed: gone for the reviewer',
  );
  t.equal((await staffGet(app, themesPage, { cookie: analyst.cookie })).statusCode, 200, 'the analyst still reads it');
  await app.db.updateTable('review_rounds').set({ closes_on: '2099-12-31' }).where('id', '=', round).execute();
});

t.test('the analysts see the comment, with its round, and answer it', async (t) => {
  const page = await staffGet(app, `/staff/themes/${theme}`, { cookie: analyst.cookie });
  t.match(page.body, '<strong>Rahma</strong>, in Somali and Arabic speakers,');
  t.match(page.body, 'Yes, but it is also about respect.');
  const comment = (await app.db.selectFrom('theme_comments').select('id').executeTakeFirstOrThrow()).id;
  const empty = await staffPost(
    app,
    `/staff/themes/${theme}/comments/${comment}`,
    { _csrf: csrfOf(page.body) as string, answer: '' },
    { cookie: analyst.cookie },
  );
  t.same(errorMessages(empty.body), ['Write an answer']);
  const answered = await staffPost(
    app,
    `/staff/themes/${theme}/comments/${comment}`,
    { _csrf: csrfOf(page.body) as string, answer: 'We will add a code for the gender of staff.' },
    { cookie: analyst.cookie },
  );
  t.equal(answered.statusCode, 303);
  const board = await staffGet(app, '/staff/themes', { cookie: analyst.cookie });
  t.match(board.body, 'Commented on in: Somali and Arabic speakers');
  const seen = await staffGet(app, themesPage, { cookie: reviewer.cookie });
  t.match(seen.body, 'Ana answered:</span> We will add a code for the gender of staff.');
});
