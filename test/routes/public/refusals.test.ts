// Promise 4 at every refusal: a bot trap, a form sent too fast or a day late, hostile or broken
// bodies, a body over the limit and too many submissions from one address each get a page in
// the resident's language (never JSON, never a 500), and wherever the answers came in, they go
// back out in the form, with nothing stored.
import t from 'tap';
import type { AccountDocument } from '../../../src/accounts/document.js';
import { formatReceipt, hashReceipt, normalizeReceipt, receiptForNonce } from '../../../src/accounts/receipt-code.js';
import { BODY_LIMIT_BYTES } from '../../../src/app.js';
import type { LocaleCode } from '../../../src/i18n/locales.js';
import { localeInfo } from '../../../src/i18n/locales.js';
import { issueFormToken, readFormToken, renewFormToken } from '../../../src/surveys/form-token.js';
import { build, TEST_SECRET } from '../../helper.js';
import { hiddenInputs } from '../../support/forms.js';
import {
  Browser,
  type DemoAnswers,
  escapeHtml,
  htmlTag,
  type Page,
  SurveyWalker,
  titleOf,
  walkToCheck,
} from '../../support/public-pages.js';

const app = await build(t);
let nextAddress = 1;
/** A browser on an address of its own, so no test shares another's rate-limit count. */
const newBrowser = () => new Browser(app, { remoteAddress: `192.0.2.${nextAddress++}` });

const answersIn = (story: string): DemoAnswers => ({
  serviceOther: 'Rugta caafimaadka',
  story,
  more: 'Waxay u maleeyeen inaanan Ingiriisi aqoon.',
  better: 'Turjubaan.',
});

async function countResponses(): Promise<number> {
  const row = await app.db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const title = (locale: LocaleCode, key: string) => `${app.translatorFor(locale)(key)} – Codka`;

/** What keeps the page from being an HTML page in `locale` (lang and dir from the table), if anything. */
function notInLocale(page: Page, locale: LocaleCode): string[] {
  const problems: string[] = [];
  const type = String(page.headers['content-type']);
  if (!type.startsWith('text/html')) problems.push(`content-type ${type}`);
  if (/^[{[]/.test(page.html.trimStart())) problems.push('a JSON body');
  const { lang, dir } = htmlTag(page.html);
  if (lang !== locale || dir !== localeInfo(locale).dir) problems.push(`<html lang="${lang}" dir="${dir}">`);
  return problems;
}

/** The story rides along in the form's hidden fields. */
const keeps = (page: Page, story: string) =>
  hiddenInputs(page.html).some(([n, v]) => n === 'what_happened' && v === story);

t.test('the honeypot filled in: "check again", answers kept, nothing stored', async (t) => {
  const story = 'Dhakhtarka ayaa i dhegeysan waayay. Waxaan sugayay saddex saacadood.';
  const walker = await walkToCheck(new SurveyWalker(newBrowser(), 'so'), answersIn(story));
  const before = await countResponses();
  await walker.press('submit', [], { extra: [['contact_url', 'https://spam.example/buy']] });
  t.equal(walker.status, 422);
  t.equal(walker.title, title('so', 'refusal.checkAgainTitle'));
  if (walker.page) t.same(notInLocale(walker.page, 'so'), [], 'the refusal: an HTML page in so');
  t.ok(walker.page && keeps(walker.page, story), 'the account is still in the hidden fields');
  t.equal(walker.step, 'check', 'it is the check-your-answers page');
  t.equal(await countResponses(), before, 'nothing stored');

  await walker.press('submit');
  t.equal(walker.status, 200, 'a person pressing Send again (trap empty) gets through');
  t.equal(await countResponses(), before + 1);
});

t.test('Send pressed seconds after the form was shown: "check again", then it works', async (t) => {
  const story = 'لم يستمع الطبيب إليّ. انتظرت ثلاث ساعات.';
  const walker = await walkToCheck(new SurveyWalker(newBrowser(), 'ar'), answersIn(story));
  const token = readFormToken(TEST_SECRET, walker.token);
  t.ok(token, 'the check page carries a valid token');
  if (!token) return;
  const before = await countResponses();
  await walker.press('submit', [], { token: renewFormToken(TEST_SECRET, token, Date.now()) });
  t.equal(walker.status, 422);
  t.equal(walker.title, title('ar', 'refusal.checkAgainTitle'));
  if (walker.page) t.same(notInLocale(walker.page, 'ar'), [], 'the refusal: an HTML page in ar');
  t.ok(walker.page && keeps(walker.page, story), 'the account is still in the hidden fields');
  t.equal(await countResponses(), before, 'nothing stored');
  t.equal(
    readFormToken(TEST_SECRET, walker.token)?.nonce,
    token.nonce,
    'the form keeps its nonce (and so its receipt)',
  );

  await walker.press('submit');
  t.equal(walker.status, 200);
  t.equal(walker.receipt, formatReceipt(receiptForNonce(TEST_SECRET, token.nonce)), 'the receipt of the same form');
});

t.test('Send pressed on a form more than 24 hours old: "check again", then it works', async (t) => {
  const story = 'پزشک به حرف من گوش نداد.';
  const walker = await walkToCheck(new SurveyWalker(newBrowser(), 'fa'), answersIn(story));
  const before = await countResponses();
  await walker.press('submit', [], { token: issueFormToken(TEST_SECRET, Date.now() - 25 * 3600 * 1000) });
  t.equal(walker.status, 422);
  t.equal(walker.title, title('fa', 'refusal.checkAgainTitle'));
  if (walker.page) t.same(notInLocale(walker.page, 'fa'), [], 'the refusal: an HTML page in fa');
  t.ok(walker.page && keeps(walker.page, story), 'the account is still in the hidden fields');
  t.equal(await countResponses(), before, 'nothing stored');
  await walker.press('submit');
  t.equal(walker.status, 200, 'the renewed form goes through');
});

t.test('hostile and odd bodies never cause a 500 and always get a page in the locale', async (t) => {
  const browser = newBrowser();
  const before = await countResponses();
  const survey = '/ti/surveys/your-experience';
  const start = await browser.get(survey);
  const token = hiddenInputs(start.html).find(([n]) => n === '_token')?.[1] ?? '';
  const form: [string, string][] = [
    ['__proto__=x&constructor=y&hasOwnProperty=z&toString=1&_goto=next', 'prototype names as keys'],
    ['__proto__[polluted]=1&constructor[prototype][polluted]=1&_step=service&service=gp&_goto=next', 'bracket keys'],
    [
      '_goto=next&_goto=submit&_step=story&_step=service&service=gp&service=hospital&what_happened=a&what_happened=b&treated=1&treated=9',
      'repeated keys where one value belongs',
    ],
    [`_token=${token}&_token=other&_goto=submit&_goto=next`, 'two tokens, two buttons'],
    ['_step=%00&_goto=%00page:%00&service=%00&what_happened=%00%00', 'NUL bytes everywhere'],
    ['_goto=page:__proto__', 'a page named __proto__'],
    ['_goto=page:constructor&_return=check', 'a page named constructor'],
    ['_step=check&_goto=back&consent=yes', 'back from check with almost nothing'],
    ['%E0%A4%A&what_happened=%&_step=story&_goto=next', 'broken percent-encoding'],
    ['=&&=&==&_goto', 'empty names and values'],
  ];
  for (const [payload, what] of form) {
    const page = await browser.post(survey, payload);
    t.ok(page.status < 500, `${what}: ${page.status}`);
    t.same(notInLocale(page, 'ti'), [], `${what}: an HTML page in ti`);
  }
  const json: [unknown, string][] = [
    [
      { _goto: ['next'], _step: { id: 'service' }, service: { code: 'gp' }, what_happened: [1, { x: 'y' }] },
      'objects and arrays',
    ],
    [{ _goto: 'submit', _token: ['a', 'b'], consent: true, treated: 3 }, 'numbers and booleans'],
    [{ _goto: null, _step: null, service: null }, 'nulls'],
  ];
  for (const [body, what] of json) {
    const page = await browser.post(survey, JSON.stringify(body), { 'content-type': 'application/json' });
    t.ok(page.status < 500, `JSON, ${what}: ${page.status}`);
    t.same(notInLocale(page, 'ti'), [], `JSON, ${what}: an HTML page in ti`);
  }
  // Prototype poisoning in JSON is refused by Fastify's parser: the "form went wrong" page.
  for (const body of ['{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}']) {
    const page = await browser.post(survey, body, { 'content-type': 'application/json' });
    t.equal(page.status, 400, body);
    t.equal(titleOf(page.html), title('ti', 'errors.bad_request.title'));
    t.same(notInLocale(page, 'ti'), [], `${body}: an HTML page in ti`);
  }
  for (const payload of [
    'code=a&code=b',
    'code[]=x&_action=confirm-withdraw',
    '__proto__=1&code=%00',
    '_action=withdraw',
  ]) {
    const page = await browser.post('/ti/receipt', payload);
    t.ok(page.status < 500, `receipt, ${payload}: ${page.status}`);
    t.same(notInLocale(page, 'ti'), [], `receipt, ${payload}: an HTML page in ti`);
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
  t.equal(await countResponses(), before, 'none of it filed an account');
});

t.test('NUL bytes in an account are dropped, and the account is filed', async (t) => {
  const walker = await walkToCheck(
    new SurveyWalker(newBrowser(), 'pt'),
    answersIn('O médico\u0000 não me ouviu.\u0000'),
  );
  await walker.press('submit');
  t.equal(walker.status, 200);
  const code = normalizeReceipt(walker.receipt ?? '') ?? '';
  const row = await app.db
    .selectFrom('responses')
    .select('answers')
    .where('receipt_hash', '=', hashReceipt(TEST_SECRET, code))
    .executeTakeFirstOrThrow();
  t.same((row.answers as AccountDocument).what_happened, { value: 'O médico não me ouviu.' });
});

t.test('a body over the limit gets a 413 page in the locale, not JSON', async (t) => {
  const browser = newBrowser();
  const oversized = `what_happened=${'a'.repeat(BODY_LIMIT_BYTES)}&_goto=next`;
  for (const url of ['/am/surveys/your-experience', '/am/receipt']) {
    const page = await browser.post(url, oversized, { accept: 'application/json' });
    t.equal(page.status, 413, url);
    t.equal(titleOf(page.html), title('am', 'errors.too_large.title'));
    t.ok(page.html.includes(escapeHtml(app.translatorFor('am')('errors.too_large.body'))), 'with its advice');
    t.same(notInLocale(page, 'am'), [], `${url}: an HTML page in am`);
  }
  // Just under the limit is read as usual (an over-long account gets the ordinary 422).
  const under = await browser.post('/am/surveys/your-experience', `_step=story&what_happened=${'a'.repeat(20_000)}`);
  t.equal(under.status, 422, 'a long account under the body limit is a validation error, not a 413');
  t.same(notInLocale(under, 'am'), [], 'under the limit: an HTML page in am');
});

t.test('too many submissions from one address: 429 with the answers kept; another address is fine', async (t) => {
  const limit = app.config.submissionsPerAddress;
  t.ok(limit >= 5 && limit <= 1000, `the limit is ${limit} submissions per address`);
  const story = 'Lekarz mnie nie słuchał. Czekałam trzy godziny.';
  const walker = await walkToCheck(new SurveyWalker(newBrowser(), 'pl'), answersIn(story));
  const checkPage = walker.page;
  for (let i = 1; i <= limit; i++) {
    walker.page = checkPage; // Send pressed again and again (a reload, a family sharing a phone).
    await walker.press('submit');
    if (walker.status !== 200) t.fail(`submission ${i} of ${limit} refused: ${walker.status}`);
  }
  const before = await countResponses();
  walker.page = checkPage;
  await walker.press('submit');
  t.equal(walker.status, 429, `submission ${limit + 1}: too many`);
  t.equal(walker.title, title('pl', 'refusal.rateLimitedTitle'));
  t.ok(walker.html.includes(escapeHtml(app.translatorFor('pl')('refusal.rateLimitedBody'))), 'with its advice');
  if (walker.page) t.same(notInLocale(walker.page, 'pl'), [], 'the refusal: an HTML page in pl');
  t.ok(walker.page && keeps(walker.page, story), 'the account is still in the hidden fields');
  t.equal(walker.step, 'check', 'on the check page, ready to send again later');
  t.equal(await countResponses(), before, 'nothing stored');

  const other = await walkToCheck(new SurveyWalker(newBrowser(), 'pl'), answersIn(story));
  await other.press('submit');
  t.equal(other.status, 200, 'another address is not limited');
});

t.test('a wrong content type or an unreadable body: an HTML page in the locale', async (t) => {
  const browser = newBrowser();
  const cases: [string | undefined, string, string][] = [
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n',
      'multipart',
    ],
    ['application/json', '{"what_happened": "unterminated', 'broken JSON'],
    ['application/xml', '<a>b</a>', 'XML'],
    [undefined, 'what_happened=hola', 'an empty content type'],
  ];
  for (const url of ['/es/surveys/your-experience', '/es/receipt']) {
    for (const [type, payload, what] of cases) {
      const page = await browser.post(url, payload, type ? { 'content-type': type } : { 'content-type': '' });
      t.equal(page.status, 400, `${url}, ${what}: 400`);
      t.equal(titleOf(page.html), title('es', 'errors.bad_request.title'), `${url}, ${what}: "form went wrong" page`);
      t.ok(page.html.includes(escapeHtml(app.translatorFor('es')('errors.bad_request.body'))), 'with its advice');
      t.same(notInLocale(page, 'es'), [], `${url}, ${what}: an HTML page in es`);
    }
    // text/plain has a parser in Fastify: the body is read as no answers at all, and the
    // survey shows its first page (or the receipt form its error) — still a page in Spanish.
    const plain = await browser.post(url, 'what_happened=hola', { 'content-type': 'text/plain' });
    t.ok(plain.status < 500, `${url}, text/plain: ${plain.status}`);
    t.same(notInLocale(plain, 'es'), [], `${url}, text/plain: an HTML page in es`);
  }
  // Broken percent-encoding in a urlencoded body is read leniently: the same page comes back.
  const broken = await browser.post('/es/surveys/your-experience', '%E0%A4%A&what_happened=%ZZ&_step=story');
  t.equal(broken.status, 422, 'broken percent-encoding: the page again, with its errors');
  t.same(notInLocale(broken, 'es'), [], 'broken percent-encoding: an HTML page in es');
});
