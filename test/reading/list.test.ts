// The accounts list's query (reading/list.ts) on a real database: each filter alone and three
// together against an answer worked out here from the fixtures, search in Somali, Arabic,
// Tigrinya and by part of a word, pages read by key while accounts keep arriving, and what a
// translator and a community reviewer may see.
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import type { AccountDocument } from '../../src/accounts/document.js';
import { fileDocument } from '../../src/accounts/file.js';
import { fillMissingListings } from '../../src/accounts/listing-backfill.js';
import { withdrawAccount } from '../../src/accounts/withdraw.js';
import type { ResponseChannel } from '../../src/db/schema.js';
import type { LocaleCode } from '../../src/i18n/locales.js';
import { scanPersonalDetails } from '../../src/pii/scan.js';
import { countAccounts, countAccountsUpTo } from '../../src/reading/count.js';
import type { AccountFilter } from '../../src/reading/filter.js';
import { listAccounts, type PageKey } from '../../src/reading/list.js';
import { type ReadingScope, readingScope } from '../../src/reading/scope.js';
import type { Survey } from '../../src/surveys/model.js';
import { build } from '../helper.js';

const app: FastifyInstance = await build(t);
const entry = await app.surveys.get('your-experience');
if (!entry) throw new Error('no demo survey');
const survey: Survey = entry.survey;
const ALL: ReadingScope = { kind: 'all' };
/** A staff user id no row has, and a day, for scopes that name them. */
const NOBODY = '00000000-0000-4000-8000-000000000000';
const TODAY = '2026-12-04';

const [organisation, otherOrganisation] = await app.db
  .insertInto('organisations')
  .values([
    { name: 'Somali Women’s Group', created_on: '2026-01-01' },
    { name: 'Eritrean Community', created_on: '2026-01-01' },
  ])
  .returning('id')
  .execute();
const session = (organisationId: string, title: string) =>
  app.db
    .insertInto('assisted_sessions')
    .values({
      title,
      held_on: '2026-05-01',
      venue: 'Hall',
      organisation_id: organisationId,
      format: 'drop_in',
      survey_id: entry.stored.surveyId,
      join_code: `CODE${title.length}${title.slice(0, 3).toUpperCase()}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
const dropIn = await session(organisation?.id as string, 'Drop-in');
const workshop = await session(organisation?.id as string, 'Workshop one');
const eritrean = await session(otherOrganisation?.id as string, 'Coffee morning');

interface Fixture {
  name: string;
  locale: LocaleCode;
  channel: ResponseChannel;
  day: string;
  story: string;
  ethnic?: string;
  age?: string;
  session?: string;
  id?: string;
}

let receipts = 0;
async function file(fixture: Fixture): Promise<string> {
  const document: AccountDocument = {
    // As accountDocument records them: the scanner's spans beside the words.
    what_happened: {
      value: fixture.story,
      ...(scanPersonalDetails(fixture.story).length > 0
        ? { personalDetails: scanPersonalDetails(fixture.story).map((span) => ({ field: 'value' as const, ...span })) }
        : {}),
    },
    consent: { value: 'yes' },
    ...(fixture.ethnic ? { ethnic_group: { value: fixture.ethnic } } : {}),
    ...(fixture.age ? { age_band: { value: fixture.age } } : {}),
  };
  receipts += 1;
  const receiptHash = `list-test-${receipts}`;
  await fileDocument(app.db, survey, document, {
    surveyVersionId: entry?.stored.versionId as string,
    locale: fixture.locale,
    channel: fixture.channel,
    submittedOn: fixture.day,
    receiptHash,
    sessionId: fixture.session ?? null,
  });
  const row = await app.db
    .selectFrom('responses')
    .select('id')
    .where('receipt_hash', '=', receiptHash)
    .executeTakeFirstOrThrow();
  return row.id;
}

// Ethnic group codes (ONS 2021): 6 African (Black), 7 Caribbean (Black), 13 English (White),
// 3 Indian (Asian), 10 White and Black African (Mixed), 18 Arab (Other).
const FIXTURES: Fixture[] = [
  {
    name: 'so-doctor',
    locale: 'so',
    channel: 'online',
    day: '2025-03-04',
    story: 'Dhakhtarka ima uusan dhageysan.',
    ethnic: '6',
    age: '35_44',
  },
  {
    name: 'so-nurse',
    locale: 'so',
    channel: 'assisted',
    day: '2025-06-10',
    story: 'Kalkaalisadu way i caawisay.',
    ethnic: '6',
    age: '65_74',
    session: dropIn.id,
  },
  {
    name: 'so-paper',
    locale: 'so',
    channel: 'paper',
    day: '2025-06-10',
    story: 'Waqti dheer ayaan sugayay.',
    ethnic: '6',
    age: '65_74',
    session: workshop.id,
  },
  {
    name: 'ar-doctor',
    locale: 'ar',
    channel: 'online',
    day: '2025-09-01',
    story: 'لم يستمع إليّ الطَّبِيبُ في المستشفى.',
    ethnic: '18',
    age: '25_34',
  },
  {
    name: 'ar-plain',
    locale: 'ar',
    channel: 'assisted',
    day: '2026-01-15',
    story: 'انتظرت طويلا في العيادة',
    ethnic: 'prefer_not',
    age: '45_54',
    session: dropIn.id,
  },
  {
    name: 'ti-hospital',
    locale: 'ti',
    channel: 'assisted',
    day: '2026-02-20',
    story: 'ኣብ ሆስፒታል ነዊሕ ተጸቢየ።',
    ethnic: '6',
    age: '25_34',
    session: eritrean.id,
  },
  {
    name: 'am-clinic',
    locale: 'am',
    channel: 'online',
    day: '2026-03-03',
    story: 'ሐኪሙ በደንብ አልሰማኝም፡፡',
    ethnic: '6',
    age: '55_64',
  },
  {
    name: 'en-gp',
    locale: 'en',
    channel: 'online',
    day: '2026-04-01',
    story: 'The GP did not listen. Call me on 07911 123456.',
    ethnic: '7',
    age: '45_54',
  },
  {
    name: 'en-waiting',
    locale: 'en',
    channel: 'paper',
    day: '2026-04-01',
    story: 'We sat in the waiting room for hours.',
    ethnic: '13',
    age: '75_plus',
    session: eritrean.id,
  },
  {
    name: 'fr-medecin',
    locale: 'fr',
    channel: 'online',
    day: '2026-05-05',
    story: 'Le médecin était pressé.',
    ethnic: '10',
    age: '18_24',
  },
  {
    name: 'fa-clinic',
    locale: 'fa',
    channel: 'online',
    day: '2026-06-06',
    story: 'در کلینیک منتظر ماندم',
    ethnic: '3',
  },
  { name: 'pl-none', locale: 'pl', channel: 'online', day: '2026-07-07', story: 'Lekarz mnie nie słuchał.' },
];
for (const fixture of FIXTURES) fixture.id = await file(fixture);
const idOf = (name: string) => FIXTURES.find((f) => f.name === name)?.id as string;
const withdrawn = await file({
  name: 'gone',
  locale: 'so',
  channel: 'online',
  day: '2026-08-08',
  story: 'Waan ka noqday.',
  ethnic: '6',
});
await withdrawAccount(app.db, withdrawn);

const GROUP: Record<string, string> = {
  '6': 'black',
  '7': 'black',
  '13': 'white',
  '3': 'asian',
  '10': 'mixed',
  '18': 'other',
  prefer_not: 'prefer_not',
};

/** Every id the list returns for a filter, reading all its pages. */
async function everything(filter: AccountFilter, scope: ReadingScope = ALL, size = 4): Promise<string[]> {
  const ids: string[] = [];
  let after: PageKey | undefined;
  for (;;) {
    const page = await listAccounts(app.db, { filter, scope, after, size });
    ids.push(...page.rows.map((row) => row.id));
    if (!page.next) return ids;
    after = page.next;
  }
}

/** What a filter should find, worked out from the fixtures (newest first, as the list orders). */
function expected(keep: (f: Fixture) => boolean): string[] {
  return FIXTURES.filter(keep)
    .sort((a, b) => (a.day === b.day ? ((a.id as string) < (b.id as string) ? 1 : -1) : a.day < b.day ? 1 : -1))
    .map((f) => f.id as string);
}

async function check(t: Test, label: string, filter: AccountFilter, keep: (f: Fixture) => boolean) {
  const want = expected(keep);
  t.ok(want.length > 0, `${label}: the fixtures have matches`);
  t.ok(want.length < FIXTURES.length, `${label}: and non-matches`);
  t.same(await everything(filter), want, label);
  t.equal(await countAccounts(app.db, filter, ALL), want.length, `${label}: count`);
}

t.test('every filter alone', async (t) => {
  t.same(
    await everything({}),
    expected(() => true),
    'no filter: every account but the withdrawn one, newest first',
  );
  t.same(
    await everything({ survey: 'your-experience' }),
    expected(() => true),
    'survey',
  );
  await check(t, 'from', { from: '2026-01-15' }, (f) => f.day >= '2026-01-15');
  await check(t, 'to', { to: '2025-09-01' }, (f) => f.day <= '2025-09-01');
  await check(t, 'locale', { locale: 'so' }, (f) => f.locale === 'so');
  await check(t, 'channel', { channel: 'assisted' }, (f) => f.channel === 'assisted');
  await check(
    t,
    'organisation',
    { organisation: organisation?.id },
    (f) => f.session === dropIn.id || f.session === workshop.id,
  );
  await check(t, 'session', { session: eritrean.id }, (f) => f.session === eritrean.id);
  await check(t, 'ethnic group', { ethnicGroup: 'black' }, (f) => GROUP[f.ethnic ?? ''] === 'black');
  await check(t, 'ethnic group: prefer not to say', { ethnicGroup: 'prefer_not' }, (f) => f.ethnic === 'prefer_not');
  await check(t, 'age band', { ageBand: '65_74' }, (f) => f.age === '65_74');
  t.same(await everything({ status: 'withdrawn' }), [withdrawn], 'status: withdrawn accounts only when asked for');
  t.same(
    await everything({ status: 'received' }),
    expected(() => true),
    'status: received',
  );
  t.same(await everything({ survey: 'no-such-survey' }), [], 'a survey that does not exist matches nothing');
});

t.test('three filters together', async (t) => {
  await check(
    t,
    'locale, channel and date',
    { locale: 'so', channel: 'assisted', from: '2025-06-01' },
    (f) => f.locale === 'so' && f.channel === 'assisted' && f.day >= '2025-06-01',
  );
  await check(
    t,
    'ethnic group, age band and organisation',
    { ethnicGroup: 'black', ageBand: '65_74', organisation: organisation?.id },
    (f) =>
      GROUP[f.ethnic ?? ''] === 'black' && f.age === '65_74' && (f.session === dropIn.id || f.session === workshop.id),
  );
  await check(
    t,
    'date range and a search',
    { from: '2026-01-01', to: '2026-12-31', q: 'ሆስፒታል' },
    (f) => f.name === 'ti-hospital',
  );
});

t.test('search', async (t) => {
  const found = async (q: string) => (await everything({ q })).sort();
  const only = (...names: string[]) => names.map(idOf).sort();
  t.same(await found('Dhakhtarka'), only('so-doctor'), 'a Somali word, whatever its case');
  t.same(await found('dhakhtar'), only('so-doctor'), 'part of a Somali word (its article added to the end)');
  t.same(await found('الطبيب'), only('ar-doctor'), 'an Arabic word typed without the diacritics it was written with');
  t.same(await found('الطَّبِيب'), only('ar-doctor'), 'and with them');
  t.same(await found('مستشفى'), only('ar-doctor'), 'part of an Arabic word (without its article)');
  t.same(await found('انتظرت'), only('ar-plain'), 'an Arabic word written plainly');
  t.same(await found('ሆስፒታል'), only('ti-hospital'), 'a Tigrinya word');
  t.same(await found('ስፒታ'), only('ti-hospital'), 'the middle of a Tigrinya word');
  t.same(await found('ሀኪሙ'), [], 'Amharic ሐ and ሀ stay different letters (Tigrinya tells them apart)');
  t.same(await found('ሐኪሙ'), only('am-clinic'), 'an Amharic word, its Ethiopic punctuation aside');
  t.same(await found('medecin'), only('fr-medecin'), 'a French word typed without its accent');
  t.same(await found('کلینیک'), only('fa-clinic'), 'a Farsi word');
  t.same(await found('كلينيك'), only('fa-clinic'), 'the same Farsi word typed on an Arabic keyboard (ك and ي)');
  t.same(await found('"waiting room"'), only('en-waiting'), 'a phrase in quotes');
  t.same(await found('"room waiting"'), [], 'a phrase is its words in order');
  t.same(await found('GP listen'), only('en-gp'), 'every word must match');
  t.same(await found('GP hours'), [], 'and not just one of them');
  t.same(await found('gp'), only('en-gp'), 'a short word matches the whole word');
  t.same(await found('in'), only('en-waiting'), 'and only the whole word (not "listen" or "waiting")');
  t.same(await found('07911'), [], 'a phone number the reader only sees as [phone number] cannot be searched');
  t.same(await found('100%'), [], 'LIKE wildcards typed are taken literally');
  t.same(await found('Waan'), [], 'a withdrawn account cannot be found');
  t.same(await found('"  "'), (await everything({})).sort(), 'an empty search is no search');
});

t.test('keyset pages neither repeat nor skip rows while accounts arrive', async (t) => {
  const before = await everything({});
  const seen: string[] = [];
  let after: PageKey | undefined;
  let arrivals = 0;
  for (;;) {
    const page = await listAccounts(app.db, { filter: {}, scope: ALL, after, size: 3 });
    seen.push(...page.rows.map((row) => row.id));
    // Between every two pages new accounts arrive: today's, one dated into the page just read,
    // and one far back among the pages still to come.
    arrivals += 1;
    await file({ name: `new-${arrivals}`, locale: 'en', channel: 'online', day: '2026-12-01', story: 'New today.' });
    await file({
      name: `mid-${arrivals}`,
      locale: 'en',
      channel: 'paper',
      day: page.rows[0]?.submittedOn ?? '2026-01-01',
      story: 'Copied from paper.',
    });
    if (!page.next) break;
    after = page.next;
  }
  t.equal(new Set(seen).size, seen.length, 'no account appears twice');
  for (const id of before) t.ok(seen.includes(id), `account ${id} was not skipped`);
  t.ok(arrivals > 3, `${arrivals} pages read with arrivals between them`);
});

t.test('pages backwards give the same rows as forwards', async (t) => {
  const forwards = await listAccounts(app.db, { filter: {}, scope: ALL, size: 4 });
  const second = await listAccounts(app.db, { filter: {}, scope: ALL, size: 4, after: forwards.next });
  t.ok(second.previous, 'the second page links back');
  const back = await listAccounts(app.db, { filter: {}, scope: ALL, size: 4, before: second.previous });
  t.same(
    back.rows.map((r) => r.id),
    forwards.rows.map((r) => r.id),
  );
  t.notOk(back.previous, 'the first page has no previous page');
  t.notOk(forwards.previous);
});

t.test('what a translator and a reviewer may see', async (t) => {
  const translator = readingScope({ id: NOBODY, roles: ['translator'], languages: ['so', 'ti'] }, TODAY);
  const ids = await everything({}, translator, 100);
  const locales = await app.db.selectFrom('responses').select(['id', 'locale']).where('id', 'in', ids).execute();
  t.ok(ids.length > 0);
  t.ok(
    locales.every((row) => row.locale === 'so' || row.locale === 'ti'),
    'a translator sees only accounts in their languages',
  );
  t.same(await everything({ locale: 'ar' }, translator), [], 'even when they ask for another');
  t.equal(await countAccounts(app.db, {}, translator), ids.length);
  t.same(
    readingScope({ id: NOBODY, roles: ['translator'], languages: [] }, TODAY),
    { kind: 'none' },
    'a translator with no languages sees none',
  );
  const reviewer = readingScope({ id: NOBODY, roles: ['reviewer'], languages: ['so'] }, TODAY);
  t.same(reviewer, { kind: 'rounds', reviewerId: NOBODY, today: TODAY }, 'a reviewer reads their rounds');
  t.same(
    await everything({}, reviewer),
    [],
    'a reviewer in no review round sees no account (test/reading/rounds.test.ts has rounds)',
  );
  t.equal(await countAccounts(app.db, {}, reviewer), 0);
  t.same(
    readingScope({ id: NOBODY, roles: ['reviewer', 'analyst'], languages: [] }, TODAY),
    ALL,
    'several roles: the widest',
  );
});

t.test('older accounts get their list columns when the service starts', async (t) => {
  const id = idOf('so-doctor');
  const filled = await app.db
    .selectFrom('responses')
    .select(['search_text', 'ethnic_group', 'age_band'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  t.same(filled, { search_text: 'dhakhtarka ima uusan dhageysan', ethnic_group: 'black', age_band: '35_44' });
  await app.db.updateTable('responses').set({ search_text: null, ethnic_group: null, age_band: null }).execute();
  const count = await fillMissingListings(app.db, (versionId) => app.surveys.version(versionId));
  t.ok(count >= FIXTURES.length, `${count} filled`);
  const again = await app.db
    .selectFrom('responses')
    .select(['search_text', 'ethnic_group', 'age_band'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  t.same(again, filled, 'the same as when it was filed');
  const gone = await app.db
    .selectFrom('responses')
    .select(['search_text', 'ethnic_group', 'age_band'])
    .where('id', '=', withdrawn)
    .executeTakeFirstOrThrow();
  t.same(gone, { search_text: null, ethnic_group: null, age_band: null }, 'a withdrawn account is left empty');
  t.equal(
    await fillMissingListings(app.db, (versionId) => app.surveys.version(versionId)),
    0,
    'then there is nothing left to fill',
  );
});

t.test('the total counted up to a limit', async (t) => {
  const all = await countAccounts(app.db, {}, ALL);
  t.ok(all > 3);
  t.same(await countAccountsUpTo(app.db, {}, ALL, all), { count: all, more: false }, 'up to the total: exact');
  t.same(await countAccountsUpTo(app.db, {}, ALL, all - 1), { count: all - 1, more: true }, 'one under: more than');
  t.same(await countAccountsUpTo(app.db, { locale: 'so' }, ALL, 1000), {
    count: await countAccounts(app.db, { locale: 'so' }, ALL),
    more: false,
  });
  t.same(await countAccountsUpTo(app.db, {}, { kind: 'none' }, 10), { count: 0, more: false });
});
