// Coding on the reading view, as analysts do it without JavaScript: an Arabic answer shown as
// its sentences (a phone number in it hidden), sentences ticked in a row coded as one passage, a
// whole answer coded, the words a selection names (UTF-16 positions, as the staff script sends
// them) coded with the same offsets as the sentence ticked; a form that cannot be saved says why
// and keeps the ticks; two analysts coding the same passage keep both codings; "mine" and
// "everyone's"; removing a coding (only one's own, but an admin any); merging codes keeps every
// coding; and withdrawal takes every coding and quote away.
import { sql } from 'kysely';
import t from 'tap';
import { withdrawAccount } from '../../src/accounts/withdraw.js';
import { mergeCode } from '../../src/review/codebook.js';
import { build } from '../helper.js';
import { addCode } from '../support/codebook.js';
import { fileAccount } from '../support/file-account.js';
import { dumpPublicSchema, findInDump } from '../support/public-pages.js';
import { createStaffUser, csrfOf, errorMessages, signIn, staffGet, staffPost } from '../support/staff.js';

const app = await build(t);
const anaRow = await createStaffUser(app, { email: 'ana@example.org', roles: ['analyst'], displayName: 'Ana' });
await createStaffUser(app, { email: 'bo@example.org', roles: ['analyst'], displayName: 'Bo' });
await createStaffUser(app, { email: 'ad@example.org', roles: ['admin'], displayName: 'Admin' });
const ana = await signIn(app, 'ana@example.org');
const bo = await signIn(app, 'bo@example.org');
const admin = await signIn(app, 'ad@example.org');

const waiting = await addCode(app, 'Waiting', '#1D70B8');
const interpreters = await addCode(app, 'Interpreters', '#1D70B8');
const language = await addCode(app, 'Language', '#1D70B8');

// Four sentences; the second holds a phone number, which only the safeguarding lead reads.
const MARKER = 'انتظرت في غرفة الانتظار سبع ساعات';
const story = `${MARKER} 😔. اتصلت على 07700 900123 ولم يرد أحد. لم يكن هناك مترجم؟ أريد طبيبة.`;
const account = await fileAccount(app, { locale: 'ar', story, day: '2026-11-20' });
const page = `/staff/accounts/${account}`;

const open = (cookie: string, query = '') => staffGet(app, `${page}${query}`, { cookie });
/** The coding form's hidden fields for the resident's words of "what happened". */
const formOf = (html: string) => ({
  _csrf: csrfOf(html) as string,
  question: 'what_happened',
  text: 'original',
  form: /name="form" value="(c\d+)"/.exec(html)?.[1] as string,
  digest: /name="digest" value="([0-9a-f]+)"/.exec(html)?.[1] as string,
});
const sentenceValues = (html: string) =>
  [...html.matchAll(/name="sentence" value="(\d+-\d+)"/g)].map((m) => m[1] as string);
const code = (cookie: string, html: string, fields: Record<string, string | string[]>) =>
  staffPost(app, `${page}/codings`, { ...formOf(html), ...fields }, { cookie });
const codingsOf = () =>
  app.db
    .selectFrom('codings')
    .select(['span_start as start', 'span_end as end', 'quote', 'code_id as codeId', 'coded_by as coder'])
    .where('response_id', '=', account)
    .orderBy('span_start')
    .orderBy('code_id')
    .execute();

t.test('the answer as sentences to tick, a personal detail hidden', async (t) => {
  const res = await open(ana.cookie);
  t.equal(res.statusCode, 200);
  t.same(sentenceValues(res.body).length, 4, 'four sentences');
  t.match(res.body, '<div class="passage" lang="ar" dir="rtl">', 'in the resident’s language and direction');
  t.match(res.body, 'class="detail">[phone number]</span>');
  t.notMatch(res.body, '07700 900123');
  t.match(res.body, '<legend>Codes to give</legend>');
  t.match(res.body, 'No codings yet.');
});

t.test('ticked sentences in a row are one passage; its quote is the slice', async (t) => {
  const html = (await open(ana.cookie)).body;
  const [first, second, third] = sentenceValues(html);
  const done = await code(ana.cookie, html, {
    sentence: [third as string, first as string, second as string],
    code: waiting,
    scope: 'sentences',
  });
  t.equal(done.statusCode, 303);
  t.equal(done.headers.location, `${page}?done=coded#coding-what_happened`);
  const [coding] = await codingsOf();
  const start = Number(first?.split('-')[0]);
  const end = Number(third?.split('-')[1]);
  t.same([coding?.start, coding?.end], [start, end]);
  t.equal(coding?.quote, [...story].slice(start, end).join(''));
  const { rows } = await sql<{ same: boolean }>`
    select substr(answers->'what_happened'->>'value', span_start + 1, span_end - span_start) = quote as same
    from codings join responses on responses.id = codings.response_id`.execute(app.db);
  t.ok(
    rows.every((row) => row.same),
    'Postgres cuts the same words from the stored answer (substr counts code points)',
  );
  const after = await staffGet(app, done.headers.location as string, { cookie: ana.cookie });
  t.match(after.body, 'The coding is saved.');
  t.match(after.body, '<span class="code-tag">Waiting</span>', 'the code beside its sentences');
  t.match(
    after.body,
    /<strong>Waiting<\/strong>, [^:]+: <q lang="ar" dir="rtl">[^<]*\[phone number\]/,
    'listed, the phone number hidden in the quote',
  );
  t.notMatch(after.body, '07700', 'the quote, as the page shows it, hides it too');
});

t.test('a selection and the same sentence ticked store the same offsets', async (t) => {
  const html = (await open(ana.cookie)).body;
  const fourth = sentenceValues(html)[3] as string;
  await code(ana.cookie, html, { sentence: fourth, code: interpreters, scope: 'sentences' });
  // The browser counts in UTF-16: the emoji before the sentence is two units there.
  const words = 'أريد طبيبة.';
  const start16 = story.indexOf(words);
  const selection = await code(bo.cookie, (await open(bo.cookie)).body, {
    start16: String(start16 - 1), // with the space before it, which is trimmed
    end16: String(start16 + words.length),
    code: interpreters,
    scope: 'selection',
  });
  t.equal(selection.statusCode, 303);
  const both = (await codingsOf()).filter((c) => c.codeId === interpreters);
  t.equal(both.length, 2, 'two coders, two codings of one passage');
  t.same(
    both.map((c) => `${c.start}-${c.end}`),
    [fourth, fourth],
    'the same code points',
  );
  t.equal(both[0]?.quote, words);
  const whole = await code(bo.cookie, (await open(bo.cookie)).body, { code: language, scope: 'whole' });
  t.equal(whole.statusCode, 303);
  const coded = (await codingsOf()).find((c) => c.codeId === language);
  t.same([coded?.start, coded?.end], [0, [...story].length], 'the whole answer');
  const again = await code(bo.cookie, (await open(bo.cookie)).body, { code: language, scope: 'whole' });
  t.equal(again.statusCode, 303);
  t.equal((await codingsOf()).filter((c) => c.codeId === language).length, 1, 'coding it twice is one coding');
});

t.test('a form that cannot be saved says why and keeps what was ticked', async (t) => {
  const html = (await open(ana.cookie)).body;
  const [first] = sentenceValues(html);
  const noCode = await code(ana.cookie, html, { sentence: first as string, scope: 'sentences' });
  t.equal(noCode.statusCode, 422);
  t.same(errorMessages(noCode.body), ['Choose at least one code']);
  t.match(noCode.body, `value="${first}" checked`, 'the sentence is still ticked');
  const noSentence = await code(ana.cookie, html, { code: waiting, scope: 'sentences' });
  t.same(errorMessages(noSentence.body), ['Tick at least one sentence, or code the whole answer']);
  t.match(noSentence.body, `value="${waiting}" checked`, 'the code is still ticked');
  const emoji = story.indexOf('😔');
  const halfEmoji = await code(ana.cookie, html, {
    start16: String(emoji + 1),
    end16: String(emoji + 5),
    code: waiting,
    scope: 'selection',
  });
  t.same(errorMessages(halfEmoji.body), ['Select some words of the answer first'], 'half an emoji is no position');
  const stale = await code(ana.cookie, html, { digest: '0000000000000000', sentence: first as string, code: waiting });
  t.same(errorMessages(stale.body), ['The text has changed since the page was opened. Tick the sentences again']);
  const retired = await addCode(app, 'Old code', '#1D70B8');
  await app.db.updateTable('codes').set({ retired: true }).where('id', '=', retired).execute();
  const gone = await code(ana.cookie, html, { sentence: first as string, code: retired });
  t.same(errorMessages(gone.body), [
    'A code you chose has been retired or merged since the page was opened. Choose the codes again',
  ]);
  t.notMatch(gone.body, `value="${retired}"`, 'a retired code is not offered');
  const otherQuestion = await code(ana.cookie, html, { question: 'consent', code: waiting, scope: 'whole' });
  t.equal(otherQuestion.statusCode, 404, 'a chosen option is not text to code');
});

t.test('mine and everyone’s; removing a coding', async (t) => {
  const everyone = await open(ana.cookie);
  t.match(everyone.body, 'Showing everyone’s codings.');
  t.equal((everyone.body.match(/<li><svg class="swatch"/g) ?? []).length, 4);
  const mine = await open(ana.cookie, '?codings=mine');
  t.match(mine.body, 'Showing only your codings.');
  t.equal((mine.body.match(/by Ana,/g) ?? []).length, 2);
  t.notMatch(mine.body, 'by Bo,');
  // Ana may remove her own codings, not Bo's; an admin may remove anyone's.
  const bosCoding = await app.db
    .selectFrom('codings')
    .select('id')
    .where('code_id', '=', language)
    .executeTakeFirstOrThrow();
  t.notMatch(everyone.body, `codings/${bosCoding.id}/remove`, 'no remove button on a colleague’s coding');
  const refused = await staffPost(
    app,
    `${page}/codings/${bosCoding.id}/remove`,
    { _csrf: csrfOf(everyone.body) as string },
    { cookie: ana.cookie },
  );
  t.equal(refused.statusCode, 422);
  t.same(errorMessages(refused.body), ['You can only remove your own codings']);
  const adminPage = await open(admin.cookie);
  const removed = await staffPost(
    app,
    `${page}/codings/${bosCoding.id}/remove`,
    { _csrf: csrfOf(adminPage.body) as string },
    { cookie: admin.cookie },
  );
  t.equal(removed.statusCode, 303);
  t.equal(removed.headers.location, `${page}?done=uncoded#codings-heading`);
  const twice = await staffPost(
    app,
    `${page}/codings/${bosCoding.id}/remove`,
    { _csrf: csrfOf(adminPage.body) as string },
    { cookie: admin.cookie },
  );
  t.equal(twice.headers.location, `${page}?done=coding_gone#codings-heading`, 'a second press: it had gone already');
  const log = await app.db.selectFrom('audit_log').select('details').where('action', '=', 'coding_removed').execute();
  t.equal(log.length, 1, 'the removal is audited');
});

t.test('merging two codes keeps every coding', async (t) => {
  // Ana gives "Language" to the sentence she gave "Interpreters": after the merge it is one.
  const html = (await open(ana.cookie)).body;
  const fourth = sentenceValues(html)[3] as string;
  await code(ana.cookie, html, { sentence: fourth, code: language, scope: 'sentences' });
  const before = await codingsOf();
  const version = (
    await app.db.selectFrom('codes').select('version').where('id', '=', language).executeTakeFirstOrThrow()
  ).version;
  const merged = await app.db
    .transaction()
    .execute((trx) => mergeCode(trx, { from: language, fromVersion: version, into: interpreters, by: anaRow.id }));
  t.equal(merged.kind, 'saved');
  const after = await codingsOf();
  t.notOk(
    after.some((c) => c.codeId === language),
    'nothing is left on the merged code',
  );
  const passages = (rows: typeof before) => new Set(rows.map((c) => `${c.start}-${c.end}-${c.coder}`));
  t.same(passages(after), passages(before), 'every coded passage, by every coder, is still coded');
  t.equal(after.length, before.length - 1, 'Ana’s two codings of one passage became one');
  const decision = await app.db
    .selectFrom('code_decisions')
    .select('details')
    .where('action', '=', 'merged')
    .executeTakeFirstOrThrow();
  t.match(decision.details, { moved: 0, joined: 1 });
});

t.test('withdrawal takes every coding and its quote', async (t) => {
  t.ok((await codingsOf()).length > 0);
  t.same(
    findInDump(await dumpPublicSchema(app), [MARKER]).sort(),
    ['codings.quote contains ' + MARKER, 'responses.answers contains ' + MARKER].sort(),
  );
  await app.db.transaction().execute((trx) => withdrawAccount(trx, account));
  t.same(await codingsOf(), []);
  t.same(findInDump(await dumpPublicSchema(app), [MARKER]), [], 'no table holds the words');
});
