// Promise 5: a receipt code — and nothing else — opens an account's status and withdrawal.
// Codes are read leniently (case, dashes, O/0, I/L/1), every wrong code gets the same answer,
// wrong codes from one address are limited, and withdrawing (after a confirm step) deletes
// every word the resident wrote.
import { randomBytes } from 'node:crypto';
import t from 'tap';
import {
  encodeReceipt,
  formatReceipt,
  hashReceipt,
  normalizeReceipt,
  receiptForNonce,
} from '../../../src/accounts/receipt-code.js';
import { WRONG_RECEIPTS_PER_ADDRESS } from '../../../src/plugins/surveys.js';
import { renewFormToken } from '../../../src/surveys/form-token.js';
import { build, TEST_SECRET } from '../../helper.js';
import {
  Browser,
  type DemoAnswers,
  dumpPublicSchema,
  fieldError,
  findInDump,
  htmlTag,
  type Page,
  SurveyWalker,
  titleOf,
  walkToCheck,
} from '../../support/public-pages.js';

const app = await build(t);
const en = app.translatorFor('en');

/** A form nonce whose receipt code has both a 0 and a 1 in it, to try the lenient readings. */
function nonceWithZeroAndOne(): string {
  for (;;) {
    const nonce = randomBytes(16).toString('base64url');
    const code = receiptForNonce(TEST_SECRET, nonce);
    if (code.includes('0') && code.includes('1')) return nonce;
  }
}

const ordinaryAnswers: DemoAnswers = {
  serviceOther: 'Rugta caafimaadka',
  story: 'Dhakhtarka ayaa i dhegeysan waayay.',
  more: 'Waxay u maleeyeen inaanan Ingiriisi aqoon.',
  better: 'Turjubaan.',
};

/** Files an account through the whole survey; the form carries `nonce` when given. */
async function submit(browser: Browser, locale: string, answers = ordinaryAnswers, nonce?: string) {
  const walker = new SurveyWalker(browser, locale);
  await walkToCheck(walker, answers);
  const token = nonce ? renewFormToken(TEST_SECRET, { nonce, issuedAt: 0 }, Date.now() - 60_000) : undefined;
  await walker.press('submit', [], token ? { token } : {});
  if (walker.status !== 200 || !walker.receipt) throw new Error(`submission failed: ${walker.status} ${walker.title}`);
  return walker.receipt;
}

const lookUp = (browser: Browser, code: string, locale = 'en', action?: string): Promise<Page> =>
  browser.post(`/${locale}/receipt`, [['code', code], ...(action ? [['_action', action] as [string, string]] : [])]);

async function responseFor(code: string) {
  return app.db
    .selectFrom('responses')
    .selectAll()
    .where('receipt_hash', '=', hashReceipt(TEST_SECRET, normalizeReceipt(code) ?? ''))
    .executeTakeFirstOrThrow();
}

async function answerCount(responseId: string) {
  const row = await app.db
    .selectFrom('responses')
    .select('answers')
    .where('id', '=', responseId)
    .executeTakeFirstOrThrow();
  return row.answers === null ? 0 : Object.keys(row.answers as object).length;
}

/** The page's <dd> values, in order. */
const definitions = (html: string) => [...html.matchAll(/<dd>([\s\S]*?)<\/dd>/g)].map((m) => m[1] ?? '');

t.test('normalizeReceipt reads codes the way people copy them', async (t) => {
  t.equal(normalizeReceipt('ABCD-EFGH-JKMN'), 'ABCDEFGHJKMN');
  t.equal(normalizeReceipt('abcd-efgh-jkmn'), 'ABCDEFGHJKMN', 'lower case');
  t.equal(normalizeReceipt('ABCDEFGHJKMN'), 'ABCDEFGHJKMN', 'no dashes');
  t.equal(normalizeReceipt('  abcd efgh  jkmn\n'), 'ABCDEFGHJKMN', 'spaces and a line break');
  t.equal(normalizeReceipt('ABCD–EFGH—JKMN'), 'ABCDEFGHJKMN', 'en and em dashes');
  t.equal(normalizeReceipt('ABCD_EFGH.JKMN'), 'ABCDEFGHJKMN', 'underscores and dots');
  t.equal(normalizeReceipt('ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ'), 'ABCDEFGHJKMN', 'full-width characters (NFKC)');
  t.equal(normalizeReceipt('O0o0-IiLl-1111'), '000011111111', 'O and o read as 0; I, i, L and l as 1');
  t.equal(normalizeReceipt('ABCD-EFGH-JKM'), undefined, 'too short');
  t.equal(normalizeReceipt('ABCD-EFGH-JKMNP'), undefined, 'too long');
  t.equal(normalizeReceipt('ABCD-EFGH-JKMU'), undefined, 'U is not in the alphabet');
  t.equal(normalizeReceipt(''), undefined);
  t.equal(normalizeReceipt('ABCD\u0000EFGH-JKMN'), undefined, 'a NUL byte is not ignored');
  // Copied out of an Arabic or Farsi message or page, a code carries invisible direction marks.
  t.equal(
    normalizeReceipt('\u200FABCD\u200F-EFGH\u200B-JKMN\u200F'),
    'ABCDEFGHJKMN',
    'right-to-left marks, zero-width space',
  );
  t.equal(normalizeReceipt('\u2067ABCD-EFGH-JKMN\u2069'), 'ABCDEFGHJKMN', 'a bidi isolate around it');
  t.equal(normalizeReceipt('AB\u00ADCD-EF\u2060GH-JKMN\uFEFF'), 'ABCDEFGHJKMN', 'soft hyphen, word joiner, BOM');
  t.equal(
    normalizeReceipt('٠١٢٣-٤٥٦٧-۸۹AB'),
    '0123456789AB',
    'Arabic-Indic and Persian digits, as typed on their keyboards',
  );
  for (let i = 0; i < 50; i++) {
    const code = encodeReceipt(randomBytes(8));
    t.equal(normalizeReceipt(formatReceipt(code).toLowerCase()), code, `${formatReceipt(code)} round-trips`);
  }
});

t.test('a real code is found however it is typed', async (t) => {
  const browser = new Browser(app, { remoteAddress: '198.51.100.10' });
  const nonce = nonceWithZeroAndOne();
  const shown = await submit(browser, 'en', ordinaryAnswers, nonce);
  const canonical = receiptForNonce(TEST_SECRET, nonce);
  t.equal(shown, formatReceipt(canonical), 'the confirmation shows the code, XXXX-XXXX-XXXX');
  t.match(canonical, /0/);
  t.match(canonical, /1/);

  const variants = {
    'as shown': shown,
    'lower case': shown.toLowerCase(),
    'without dashes': canonical,
    'lower case without dashes': canonical.toLowerCase(),
    'with spaces': shown.replace(/-/g, ' '),
    'O for 0': shown.replace(/0/g, 'O'),
    'o for 0': shown.toLowerCase().replace(/0/g, 'o'),
    'I for 1': shown.replace(/1/g, 'I'),
    'L for 1': shown.replace(/1/g, 'L'),
    'l for 1, without dashes': canonical.toLowerCase().replace(/1/g, 'l'),
  };
  for (const [how, typed] of Object.entries(variants)) {
    const page = await lookUp(browser, typed);
    t.equal(page.status, 200, `${how} (${typed}): found`);
    t.equal(titleOf(page.html), `${en('receipt.statusTitle')} – Codka`, `${how}: the status page`);
    t.match(page.html, `<span class="receipt-small" dir="ltr">${shown}</span>`, `${how}: shows the code as printed`);
  }
});

t.test('the status page shows the date sent and "received", in the resident’s language', async (t) => {
  const browser = new Browser(app, { remoteAddress: '198.51.100.11' });
  const code = await submit(browser, 'so');
  const { submitted_on: submittedOn, status } = await responseFor(code);
  t.equal(status, 'received');
  for (const locale of ['so', 'en', 'ar'] as const) {
    const page = await lookUp(browser, code, locale);
    t.equal(page.status, 200);
    t.same(htmlTag(page.html).lang, locale);
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${submittedOn}T00:00:00Z`),
    );
    const shown = definitions(page.html);
    t.ok(shown.includes(date), `${locale}: sent on ${date}`);
    t.ok(shown.includes(app.translatorFor(locale)('receipt.statuses.received')), `${locale}: status "received"`);
    t.match(page.html, 'name="_action" value="withdraw"', `${locale}: offers to withdraw`);
    t.notMatch(page.html, /\d{1,2}:\d{2}/, `${locale}: no time of day is shown`);
  }
});

t.test('every wrong code gets the same answer', async (t) => {
  const browser = new Browser(app, { remoteAddress: '198.51.100.12' });
  const real = normalizeReceipt(await submit(browser, 'en')) ?? '';
  const other = (c: string) => (c === 'Z' ? 'Y' : 'Z');
  const wrong = [
    formatReceipt(`${real.slice(0, 11)}${other(real[11] ?? '')}`), // one character off a real code
    'ZZZZ-ZZZZ-ZZZZ', // well formed, never issued
    'hello', // cannot be a code at all
  ];
  const pages = [];
  for (const code of wrong) pages.push({ code, page: await lookUp(browser, code) });
  for (const { code, page } of pages) {
    t.equal(page.status, 422, `${code}: 422`);
    t.equal(fieldError(page.html), en('receipt.notFound'), `${code}: "${en('receipt.notFound')}"`);
    t.match(page.html, `value="${code}"`, `${code}: what was typed is kept in the field`);
  }
  // Apart from the echoed code, the three pages are the same bytes: nothing tells them apart.
  const [first, ...rest] = pages.map(({ code, page }) => page.html.replace(`value="${code}"`, 'value=""'));
  for (const body of rest) t.equal(body, first, 'the same page for a near miss, a random code and a malformed one');
});

t.test('withdrawing asks first, then deletes every word of the account', async (t) => {
  const browser = new Browser(app, { remoteAddress: '198.51.100.13' });
  // Words nobody else uses, in every free-text field, so their absence afterwards means something.
  const fragments = ['Vorquendil', 'Zabrethon', 'Quimbasset', 'Talwoxian', 'xylo.fenwick@example.net', '07700 900461'];
  const answers: DemoAnswers = {
    serviceOther: 'Talwoxian clinic',
    story: 'The Vorquendil receptionist laughed at me. Email xylo.fenwick@example.net or call 07700 900461.',
    more: 'They said Zabrethon people always exaggerate.',
    better: 'Quimbasset interpreters, please.',
  };
  t.same(findInDump(await dumpPublicSchema(app), fragments), [], 'before: none of the words is stored');
  const code = await submit(browser, 'fr', answers);
  const response = await responseFor(code);
  const stored = findInDump(await dumpPublicSchema(app), fragments);
  // In the document, and the words (not the personal details) in the accounts list's search text.
  t.same(
    stored.sort(),
    [
      ...fragments.map((f) => `responses.answers contains ${f}`),
      ...fragments.slice(0, 4).map((f) => `responses.search_text contains ${f}`),
    ].sort(),
    `after sending: each word is stored (${stored.join('; ')})`,
  );
  const answersBefore = await answerCount(response.id);
  t.ok(answersBefore > 5, `${answersBefore} answers stored`);

  const fr = app.translatorFor('fr');
  const confirm = await lookUp(browser, code, 'fr', 'withdraw');
  t.equal(confirm.status, 200);
  t.equal(titleOf(confirm.html), `${fr('receipt.confirmTitle')} – Codka`, 'first, "are you sure?"');
  t.match(confirm.html, 'name="_action" value="confirm-withdraw"');
  t.match(confirm.html, 'name="_action" value="lookup"', 'with a way to keep the answers');
  t.equal(await answerCount(response.id), answersBefore, 'nothing is deleted yet');
  t.equal((await responseFor(code)).status, 'received');

  const kept = await lookUp(browser, code, 'fr', 'lookup');
  t.equal(titleOf(kept.html), `${fr('receipt.statusTitle')} – Codka`, '"No, keep my answers" goes back to the status');
  t.equal(await answerCount(response.id), answersBefore);

  const done = await lookUp(browser, code, 'fr', 'confirm-withdraw');
  t.equal(done.status, 200);
  t.equal(titleOf(done.html), `${fr('receipt.withdrawnTitle')} – Codka`, 'then "your answers have been deleted"');
  t.equal(await answerCount(response.id), 0, 'no answer of the account is left');
  t.equal((await responseFor(code)).status, 'withdrawn', 'the response row says withdrawn');
  t.same(findInDump(await dumpPublicSchema(app), fragments), [], 'no column of any table holds any of the words');

  const after = await lookUp(browser, code, 'fr');
  t.equal(after.status, 200);
  t.ok(definitions(after.html).includes(fr('receipt.statuses.withdrawn')), 'looked up again: withdrawn');
  t.notMatch(after.html, 'value="withdraw"', 'and no withdraw button');
  t.notMatch(after.html, 'value="confirm-withdraw"');
  const again = await lookUp(browser, code, 'fr', 'withdraw');
  t.equal(
    titleOf(again.html),
    `${fr('receipt.statusTitle')} – Codka`,
    'asking to withdraw again just shows the status',
  );
});

t.test('wrong codes from one address are limited; another address is not', async (t) => {
  const limit = WRONG_RECEIPTS_PER_ADDRESS;
  t.ok(limit >= 3 && limit <= 100, `the limit is ${limit} wrong codes per address`);
  const other = new Browser(app, { remoteAddress: '198.51.100.15' });
  const real = await submit(other, 'so');
  const guesser = new Browser(app, { remoteAddress: '198.51.100.14' });
  const so = app.translatorFor('so');
  for (let i = 0; i < limit; i++) {
    const page = await lookUp(guesser, `ZZZZ-ZZZZ-${String(i).padStart(4, '0')}`, 'so');
    t.equal(page.status, 422, `wrong code ${i + 1} of ${limit}: not found`);
  }
  const blocked = await lookUp(guesser, 'ZZZZ-ZZZZ-ZZZZ', 'so');
  t.equal(blocked.status, 429, `wrong code ${limit + 1}: too many`);
  t.equal(fieldError(blocked.html), so('receipt.rateLimited'), 'the rateLimited message, in Somali');
  t.same(htmlTag(blocked.html), { lang: 'so', dir: 'ltr' });
  const realFromGuesser = await lookUp(guesser, real, 'so');
  t.equal(realFromGuesser.status, 429, 'even a right code waits, so the limit cannot be probed');

  const wrongElsewhere = await lookUp(other, 'ZZZZ-ZZZZ-ZZZZ', 'so');
  t.equal(wrongElsewhere.status, 422, 'another address still gets "not found"');
  const rightElsewhere = await lookUp(other, real, 'so');
  t.equal(rightElsewhere.status, 200, 'and can look up its code');
});
