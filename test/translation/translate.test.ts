// Translation, as translators use it: a queue of the accounts in their languages waiting for an
// English translation; a side-by-side page that saves drafts and marks a translation done, keeping
// what was typed when it cannot save; the translation beside the original on the reading view and
// in the accounts list's filter; and withdrawal taking translations with everything else.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { withdrawAccount } from '../../src/accounts/withdraw.js';
import type { LocaleCode } from '../../src/i18n/locales.js';
import { build } from '../helper.js';
import { fileAccount } from '../support/file-account.js';
import { dumpPublicSchema, findInDump } from '../support/public-pages.js';
import { createStaffUser, csrfOf, signIn, staffGet, staffPost } from '../support/staff.js';

const app: FastifyInstance = await build(t);
await createStaffUser(app, {
  email: 'hodan@example.org',
  roles: ['translator'],
  languages: ['so'],
  displayName: 'Hodan',
});
await createStaffUser(app, { email: 'admin@example.org', roles: ['admin'], displayName: 'Admin' });
await createStaffUser(app, { email: 'analyst@example.org', roles: ['analyst'], displayName: 'Ana' });

const file = (locale: LocaleCode, story: string, better: string, day: string) =>
  fileAccount(app, { locale, story, day, answers: { better: { value: better } } });

const PHONE = '07700 900555';
const somali = await file('so', `Dhakhtarku ima dhageysan. Wac ${PHONE}.`, 'Turjubaan.', '2026-10-01');
const somaliNewer = await file('so', 'Waan sugayay saacado.', 'Waqti.', '2026-11-01');
const arabic = await file('ar', 'لم يستمع إلي الطبيب', 'مترجم', '2026-10-05');
const english = await file('en', 'The GP did not listen.', 'Interpreters.', '2026-10-06');

const hodan = await signIn(app, 'hodan@example.org');
const ids = (html: string) => [...html.matchAll(/href="\/staff\/translations\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

t.test('the queue: accounts in the translator’s languages, oldest first; every language for an admin', async (t) => {
  const res = await staffGet(app, '/staff/translations', { cookie: hodan.cookie });
  t.equal(res.statusCode, 200);
  t.same(ids(res.body), [somali, somaliNewer], 'Somali only, oldest first');
  t.match(res.body, 'You see accounts written in Somali.');
  t.notMatch(res.body, PHONE, 'first words redacted');
  const admin = await signIn(app, 'admin@example.org');
  const all = await staffGet(app, '/staff/translations', { cookie: admin.cookie });
  t.same(ids(all.body), [somali, arabic, somaliNewer], 'every language but English');
  t.notOk(ids(all.body).includes(english));
});

t.test('a translator opens only accounts in their languages', async (t) => {
  t.equal((await staffGet(app, `/staff/translations/${arabic}`, { cookie: hodan.cookie })).statusCode, 404);
  t.equal((await staffGet(app, `/staff/accounts/${arabic}`, { cookie: hodan.cookie })).statusCode, 404);
  const page = await staffGet(app, `/staff/translations/${somali}`, { cookie: hodan.cookie });
  t.equal(page.statusCode, 200);
  t.match(page.body, '<p class="original" lang="so" dir="ltr">Dhakhtarku ima dhageysan. Wac [phone number].</p>');
  t.notMatch(page.body, PHONE, 'the translator sees personal details hidden');
  t.match(page.body, /<textarea id="f-t__what_happened__value" name="t__what_happened__value" lang="en" dir="ltr"/);
});

t.test('a draft, a form that cannot be marked done, then done', async (t) => {
  const page = await staffGet(app, `/staff/translations/${somali}`, { cookie: hodan.cookie });
  const csrf = csrfOf(page.body) as string;
  const post = (fields: Record<string, string>) =>
    staffPost(app, `/staff/translations/${somali}`, { _csrf: csrf, to: 'en', ...fields }, { cookie: hodan.cookie });
  const draft = await post({
    _action: 'draft',
    t__what_happened__value: 'The doctor did not listen to me. Call [phone number].',
  });
  t.equal(draft.statusCode, 303);
  t.equal(draft.headers.location, `/staff/translations/${somali}?to=en&saved=draft`);
  const saved = await staffGet(app, draft.headers.location as string, { cookie: hodan.cookie });
  t.match(saved.body, 'Your draft is saved.');
  t.match(saved.body, /Draft saved by Hodan on \d{4}-\d{2}-\d{2}/);
  t.match(saved.body, 'The doctor did not listen to me.', 'the draft is in its box');
  const queue = await staffGet(app, '/staff/translations', { cookie: hodan.cookie });
  t.match(queue.body, 'Draft saved', 'still waiting in the queue, as a draft');

  const incomplete = await post({ _action: 'done', t__what_happened__value: 'The doctor did not listen to me.' });
  t.equal(incomplete.statusCode, 422);
  t.match(incomplete.body, 'Translate every answer before you mark the translation as done');
  t.match(incomplete.body, 'The doctor did not listen to me.</textarea>', 'what was typed is still there');
  const row = await app.db
    .selectFrom('translations')
    .select('status')
    .where('response_id', '=', somali)
    .executeTakeFirstOrThrow();
  t.equal(row.status, 'draft', 'nothing saved by the refused form');

  const done = await post({
    _action: 'done',
    t__what_happened__value: 'The doctor did not listen to me. Call [phone number]. Zelvorinth.',
    t__better__value: 'An interpreter.',
  });
  t.equal(done.statusCode, 303);
  const after = await staffGet(app, '/staff/translations', { cookie: hodan.cookie });
  t.same(ids(after.body), [somaliNewer], 'done: gone from the queue');
  const audited = await app.db
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', 'translation_saved')
    .execute();
  t.equal(audited.length, 2, 'every save audited (the refused one is not)');
});

t.test('the translation beside the original, and in the list', async (t) => {
  const analyst = await signIn(app, 'analyst@example.org');
  const view = await staffGet(app, `/staff/accounts/${somali}`, { cookie: analyst.cookie });
  t.match(
    view.body,
    '<dd class="translation" lang="en" dir="ltr">The doctor did not listen to me. Call [phone number]. Zelvorinth.</dd>',
  );
  t.match(view.body, /Translation into English: Done by Hodan on \d{4}-\d{2}-\d{2}/);
  const translated = await staffGet(app, '/staff/accounts?translated=yes', { cookie: analyst.cookie });
  t.match(translated.body, '1 account matches.');
  const waiting = await staffGet(app, '/staff/accounts?translated=no', { cookie: analyst.cookie });
  t.match(waiting.body, '2 accounts match.', 'the other Somali account and the Arabic one, not the English one');
});

t.test('another target language is a translation of its own', async (t) => {
  const page = await staffGet(app, `/staff/translations/${somali}?to=fr`, { cookie: hodan.cookie });
  t.match(page.body, /<textarea[^>]+lang="fr"/);
  t.notMatch(page.body, 'Zelvorinth', 'the English translation is not the French one');
  const csrf = csrfOf(page.body) as string;
  const res = await staffPost(
    app,
    `/staff/translations/${somali}`,
    { _csrf: csrf, to: 'fr', _action: 'draft', t__what_happened__value: 'Le médecin ne m’a pas écouté.' },
    { cookie: hodan.cookie },
  );
  t.equal(res.statusCode, 303);
  const rows = await app.db
    .selectFrom('translations')
    .select(['target_locale', 'status'])
    .where('response_id', '=', somali)
    .orderBy('target_locale')
    .execute();
  t.same(rows, [
    { target_locale: 'en', status: 'done' },
    { target_locale: 'fr', status: 'draft' },
  ]);
});

t.test('withdrawal leaves no fragment of the account anywhere: words, search text, translations, flags', async (t) => {
  const marker = 'Zelvorinth';
  const analyst = await signIn(app, 'analyst@example.org');
  const view = await staffGet(app, `/staff/accounts/${somali}`, { cookie: analyst.cookie });
  await staffPost(
    app,
    `/staff/accounts/${somali}/flags`,
    { _csrf: csrfOf(view.body) as string, category: 'other', reason: `${marker} worried me` },
    { cookie: analyst.cookie },
  );
  const before = findInDump(await dumpPublicSchema(app), [marker, 'Dhakhtarku', 'dhakhtarku']);
  t.ok(
    before.some((found) => found.startsWith('translations.')),
    'the marker is in the translation',
  );
  t.ok(
    before.some((found) => found.startsWith('safeguarding_flags.')),
    'and in the flag’s reason',
  );
  t.ok(
    before.some((found) => found.startsWith('responses.search_text')),
    'the words are in the search text',
  );
  await app.db.transaction().execute((trx) => withdrawAccount(trx, somali));
  t.same(
    findInDump(await dumpPublicSchema(app), [marker, 'Dhakhtarku', 'dhakhtarku', 'Le médecin']),
    [],
    'nothing left',
  );
  t.equal((await staffGet(app, `/staff/translations/${somali}`, { cookie: hodan.cookie })).statusCode, 404);
});
