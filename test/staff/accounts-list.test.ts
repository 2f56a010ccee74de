// /staff/accounts as readers use it: filters kept in the address and in every link, first words
// redacted and marked with their language, a bad filter value named rather than failing, the
// reader's scope applied, and the reading view's previous and next staying within the filter.
import t from 'tap';
import type { AccountDocument } from '../../src/accounts/document.js';
import { fileDocument } from '../../src/accounts/file.js';
import { scanPersonalDetails } from '../../src/pii/scan.js';
import { seedSynthetic } from '../../src/synthetic/seed.js';
import { build } from '../helper.js';
import { fileAccount } from '../support/file-account.js';
import { createStaffUser, signIn, staffGet } from '../support/staff.js';

const app = await build(t);
const entry = await app.surveys.get('your-experience');
if (!entry) throw new Error('no demo survey');
await seedSynthetic(app.db, {
  surveyId: entry.stored.surveyId,
  surveyVersionId: entry.stored.versionId,
  survey: entry.survey,
  count: 130,
  seed: 11,
  until: new Date('2026-11-30T12:00:00Z'),
});
const PHONE = '07700 900123';
const story = `الطبيب لم يفهمني. اتصلوا بي على ${PHONE}`;
const document: AccountDocument = {
  what_happened: {
    value: story,
    personalDetails: scanPersonalDetails(story).map((span) => ({ field: 'value' as const, ...span })),
  },
  consent: { value: 'yes' },
};
await fileDocument(app.db, entry.survey, document, {
  surveyVersionId: entry.stored.versionId,
  locale: 'ar',
  channel: 'online',
  submittedOn: '2026-12-01',
  receiptHash: 'accounts-list-arabic',
});
const arabic = await app.db
  .selectFrom('responses')
  .select('id')
  .where('receipt_hash', '=', 'accounts-list-arabic')
  .executeTakeFirstOrThrow();

await createStaffUser(app, { email: 'analyst@example.org', roles: ['analyst'] });
await createStaffUser(app, { email: 'translator@example.org', roles: ['translator'], languages: ['so'] });
await createStaffUser(app, { email: 'reviewer@example.org', roles: ['reviewer'] });
const cookieOf = async (email: string) => (await signIn(app, email)).cookie;
const analyst = await cookieOf('analyst@example.org');

/** An attribute's value as the browser reads it (Handlebars escapes = and &). */
const decode = (href: string) => href.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
const rowsOf = (html: string) => [...html.matchAll(/<tr><td><a href="([^"]+)">/g)].map((m) => decode(m[1] ?? ''));
const totalOf = (html: string) =>
  Number((/<strong>([\d,]+) accounts? match/.exec(html)?.[1] ?? 'NaN').replaceAll(',', ''));

t.test('the first page: newest first, the total, first words redacted in their own language', async (t) => {
  const res = await staffGet(app, '/staff/accounts', { cookie: analyst });
  t.equal(res.statusCode, 200);
  t.equal(totalOf(res.body), 131, 'every account counted');
  t.equal(rowsOf(res.body).length, 50, 'a page of 50');
  t.match(rowsOf(res.body)[0], `/staff/accounts/${arabic.id}`, 'the newest first');
  t.notMatch(res.body, PHONE, 'no personal detail in the first words');
  t.match(res.body, '<span lang="ar" dir="rtl">الطبيب لم يفهمني. اتصلوا بي على [phone number]</span>');
  t.match(res.body, '<a href="/staff/accounts">Accounts</a>', 'the navigation leads here');
});

t.test('filters live in the address and in every link from the page', async (t) => {
  const res = await staffGet(app, '/staff/accounts?locale=so&channel=online', { cookie: analyst });
  const count = await app.db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('locale', '=', 'so')
    .where('channel', '=', 'online')
    .executeTakeFirstOrThrow();
  t.equal(totalOf(res.body), Number(count.n));
  t.match(res.body, /<option value="so" selected>Somali<\/option>/, 'the form shows the filter chosen');
  for (const href of rowsOf(res.body))
    t.match(href, /\?locale=so&channel=online$/, 'each account link keeps the filter');
  const all: string[] = [];
  let url: string | undefined = '/staff/accounts?channel=assisted';
  while (url) {
    const page = await staffGet(app, url, { cookie: analyst });
    all.push(...rowsOf(page.body));
    const next = /<a href="([^"]+)" rel="next">/.exec(page.body)?.[1];
    url = next ? decode(next) : undefined;
    if (url) t.match(url, /channel=assisted/, 'the next page keeps the filter');
  }
  const assisted = await app.db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('channel', '=', 'assisted')
    .executeTakeFirstOrThrow();
  t.equal(all.length, Number(assisted.n), 'reading every page finds every account once');
  t.equal(new Set(all).size, all.length);
});

t.test('a search in Arabic without diacritics, from the box', async (t) => {
  const res = await staffGet(app, `/staff/accounts?q=${encodeURIComponent('الطَّبيب')}`, { cookie: analyst });
  t.ok(rowsOf(res.body).some((href) => href.startsWith(`/staff/accounts/${arabic.id}`)));
  t.match(res.body, 'value="الطَّبيب"', 'the search box shows what was typed');
});

t.test('a value no filter can take is named, and the rest still applies', async (t) => {
  const res = await staffGet(app, '/staff/accounts?locale=xx&from=2026-02-30&channel=paper&after=nonsense', {
    cookie: analyst,
  });
  t.equal(res.statusCode, 200, 'never a 400 or a 500');
  t.match(res.body, 'These filters had a value that could not be used');
  t.match(res.body, '<li>Language</li>');
  t.match(res.body, '<li>Sent from</li>');
  t.match(res.body, '<li>Page</li>');
  for (const href of rowsOf(res.body)) t.match(href, /\?channel=paper$/);
  const long = await staffGet(app, `/staff/accounts?q=${'a'.repeat(500)}`, { cookie: analyst });
  t.equal(long.statusCode, 200);
  t.match(long.body, '<li>Search</li>');
});

t.test('a translator sees their languages; a reviewer in no round sees nothing', async (t) => {
  const translator = await cookieOf('translator@example.org');
  const res = await staffGet(app, '/staff/accounts', { cookie: translator });
  t.match(res.body, 'As a translator you see accounts written in Somali.');
  const hrefs = rowsOf(res.body);
  t.ok(hrefs.length > 0);
  const ids = hrefs.map((href) => href.split('/')[3]?.split('?')[0] as string);
  const locales = await app.db.selectFrom('responses').select('locale').distinct().where('id', 'in', ids).execute();
  t.same(locales, [{ locale: 'so' }]);
  const outside = await staffGet(app, `/staff/accounts/${arabic.id}`, { cookie: translator });
  t.equal(outside.statusCode, 404, 'an account in another language cannot be opened');
  const reviewer = await cookieOf('reviewer@example.org');
  const none = await staffGet(app, '/staff/accounts', { cookie: reviewer });
  t.equal(rowsOf(none.body).length, 0);
  t.match(none.body, 'You are not in a review round yet.');
});

t.test('the reading view: previous and next within the filter, and back to the list', async (t) => {
  const list = await staffGet(app, '/staff/accounts?locale=so', { cookie: analyst });
  const [first, second] = rowsOf(list.body);
  const view = await staffGet(app, second as string, { cookie: analyst });
  t.equal(view.statusCode, 200);
  t.equal(decode(/<a href="([^"]+)" rel="prev">/.exec(view.body)?.[1] ?? ''), first, 'newer is the row above');
  const third = rowsOf(list.body)[2];
  t.equal(decode(/<a href="([^"]+)" rel="next">/.exec(view.body)?.[1] ?? ''), third, 'older is the row below');
  t.match(view.body, '<a href="/staff/accounts?locale&#x3D;so">Back to the list</a>');
  const top = await staffGet(app, first as string, { cookie: analyst });
  t.notMatch(top.body, 'rel="prev"', 'the newest has no newer one');
});

t.test('totals: a search is counted when asked, or when its matches fit on the page', async (t) => {
  for (let i = 0; i < 52; i += 1) {
    await fileAccount(app, { locale: 'en', story: `Visit ${i} to the quokka clinic.`, day: '2026-02-01' });
  }
  const wide = await staffGet(app, '/staff/accounts?q=quokka', { cookie: analyst });
  t.equal(rowsOf(wide.body).length, 50);
  t.match(wide.body, '<strong>More accounts match than one page shows.</strong>');
  const countAll = decode(/<a href="([^"]+)">Count them all/.exec(wide.body)?.[1] ?? '');
  t.equal(countAll, '/staff/accounts?q=quokka&count=all');
  const counted = await staffGet(app, countAll, { cookie: analyst });
  t.equal(totalOf(counted.body), 52, 'the exact total when asked for');
  t.notMatch(counted.body, 'Count them all');
  const narrow = await staffGet(app, '/staff/accounts?q=quokka&to=2026-01-31', { cookie: analyst });
  t.equal(totalOf(narrow.body), 0, 'none match');
  const one = await staffGet(app, '/staff/accounts?q=%22Visit%207%20to%22', { cookie: analyst });
  t.equal(totalOf(one.body), 1, 'a search whose matches fit on the page is counted by the page');
  t.equal(totalOf((await staffGet(app, '/staff/accounts', { cookie: analyst })).body), 183, 'no search: counted');
});
