// One form, sent more than once (Hardening defect 2). The same answers within a short window (a
// double tap, a retry) are one account with one receipt; different answers from the same form
// are another account with a receipt of its own; after the window, or once the form is too old,
// a resent form never shows a receipt again. Never a confirmation for an account not stored.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { createFormOnce, RESEND_WINDOW_MS } from '../../../src/accounts/file-once.js';
import { hashReceipt, normalizeReceipt } from '../../../src/accounts/receipt-code.js';
import { MAX_FORM_HOURS, readFormToken, renewFormToken } from '../../../src/surveys/form-token.js';
import { build, TEST_SECRET } from '../../helper.js';
import { agedToken, type Fields, hiddenInputs } from '../../support/forms.js';
import { Browser, type Page, SurveyWalker, titleOf, walkToCheck } from '../../support/public-pages.js';

const ANSWERS = {
  serviceOther: 'Rugta caafimaadka',
  story: 'Dhakhtarka ayaa i dhegeysan waayay markii aan u sheegay xanuunka.',
  more: 'Turjubaan lama helin.',
  better: 'In turjubaan la helo.',
};

const receiptOf = (html: string) => /<p class="receipt"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];

/** An app whose resend window runs on a clock the test moves. */
async function appWithClock(t: Parameters<typeof build>[0]): Promise<{ app: FastifyInstance; clock: { now: number } }> {
  const app = await build(t, { submissionsPerAddress: 1_000_000 });
  const clock = { now: Date.now() };
  app.formOnce = createFormOnce(app.db, TEST_SECRET, { now: () => clock.now });
  return { app, clock };
}

/** The check-answers page of one form, and a way to press Send on it with answers changed. */
async function checkPage(app: FastifyInstance) {
  const browser = new Browser(app);
  const walker = await walkToCheck(new SurveyWalker(browser, 'so'), ANSWERS);
  const fields = hiddenInputs(walker.html).map(([n, v]): [string, string] => [n, n === '_token' ? agedToken(v) : v]);
  const send = (changes: Record<string, string> = {}, token?: string): Promise<Page> =>
    browser.post(walker.url, [
      ...fields.map(([n, v]): [string, string] => [n, n === '_token' && token ? token : (changes[n] ?? v)]),
      ['_goto', 'submit'],
    ] satisfies Fields);
  const token = hiddenInputs(walker.html).find(([n]) => n === '_token')?.[1] ?? '';
  return { send, token };
}

const accounts = async (app: FastifyInstance) =>
  (await app.db.selectFrom('responses').select(['receipt_hash', 'answers']).execute()).length;

const isStored = async (app: FastifyInstance, receipt: string | undefined) => {
  const code = receipt ? normalizeReceipt(receipt) : undefined;
  if (!code) return false;
  const row = await app.db
    .selectFrom('responses')
    .select('id')
    .where('receipt_hash', '=', hashReceipt(TEST_SECRET, code))
    .executeTakeFirst();
  return row !== undefined;
};

t.test('the same answers again: within the window the same receipt, after it no receipt at all', async (t) => {
  const { app, clock } = await appWithClock(t);
  const form = await checkPage(app);
  const first = await form.send();
  t.equal(first.status, 200, titleOf(first.html));
  const receipt = receiptOf(first.html);
  t.ok(await isStored(app, receipt), 'the receipt shown is stored');

  clock.now += 60_000;
  const retry = await form.send();
  t.equal(receiptOf(retry.html), receipt, 'a retry a minute later shows the same receipt');
  t.equal(await accounts(app), 1, 'and files nothing new');

  clock.now += RESEND_WINDOW_MS;
  const later = await form.send();
  t.equal(later.status, 409, 'after the window: already sent');
  t.equal(receiptOf(later.html), undefined, 'no receipt on the page');
  t.notMatch(later.html, receipt ?? 'no receipt', 'the receipt appears nowhere');
  const so = app.translatorFor('so');
  t.equal(titleOf(later.html), `${so('survey.alreadySentTitle')} – Codka`, 'the page says so, in Somali');
  t.match(later.html, 'href="/so/surveys/your-experience"', 'and offers a fresh start');
  t.notMatch(later.html, ANSWERS.story, 'the answers are not shown to whoever holds the page');
  t.equal(await accounts(app), 1, 'still one account');
});

t.test('a restart forgets the window: a resent form shows no receipt', async (t) => {
  const { app } = await appWithClock(t);
  const form = await checkPage(app);
  const first = await form.send();
  t.ok(receiptOf(first.html));
  app.formOnce = createFormOnce(app.db, TEST_SECRET);
  const resent = await form.send();
  t.equal(resent.status, 409);
  t.equal(receiptOf(resent.html), undefined);
});

t.test('different answers from the same form are a different account with their own receipt', async (t) => {
  const { app } = await appWithClock(t);
  const form = await checkPage(app);
  const first = await form.send();
  const changed = await form.send({ what_happened: `${ANSWERS.story} Mar labaad ayaan tagay.` });
  t.equal(changed.status, 200);
  const [a, b] = [receiptOf(first.html), receiptOf(changed.html)];
  t.ok(a && b && a !== b, `two receipts: ${a}, ${b}`);
  t.ok((await isStored(app, a)) && (await isStored(app, b)), 'both stored');
  t.equal(await accounts(app), 2);
  const again = await form.send({ what_happened: `${ANSWERS.story} Mar labaad ayaan tagay.` });
  t.equal(receiptOf(again.html), b, 'the changed answers sent twice: still their own one receipt');
  t.equal(await accounts(app), 2);
});

t.test('twenty simultaneous sends of the same answers: one account, one receipt', async (t) => {
  const { app } = await appWithClock(t);
  const form = await checkPage(app);
  const pages = await Promise.all(Array.from({ length: 20 }, () => form.send()));
  const receipts = new Set(pages.map((p) => receiptOf(p.html)));
  t.same(
    pages.map((p) => p.status),
    Array(20).fill(200),
    'twenty confirmations',
  );
  t.equal(receipts.size, 1, 'all with the same receipt');
  t.equal(await accounts(app), 1, 'one account');
  t.ok(await isStored(app, [...receipts][0]), 'and it is stored');
});

t.test('twenty simultaneous sends of different answers: twenty accounts, twenty receipts', async (t) => {
  const { app } = await appWithClock(t);
  const form = await checkPage(app);
  const pages = await Promise.all(
    Array.from({ length: 20 }, (_, i) => form.send({ what_happened: `${ANSWERS.story} (${i + 1})` })),
  );
  const receipts = pages.map((p) => receiptOf(p.html));
  t.equal(new Set(receipts).size, 20, 'twenty different receipts shown');
  t.equal(await accounts(app), 20, 'twenty accounts');
  for (const receipt of receipts) t.ok(await isStored(app, receipt), `${receipt} is stored`);
});

t.test('a form past its age limit is never renewed into its receipt', async (t) => {
  const { app } = await appWithClock(t);
  const old = Date.now() - (MAX_FORM_HOURS + 1) * 3600_000;
  const form = await checkPage(app);
  const sent = await form.send();
  const receipt = receiptOf(sent.html);
  const stale = await form.send({}, signedAt(form.token, old));
  t.equal(stale.status, 409, 'an old form already sent: already sent');
  t.equal(receiptOf(stale.html), undefined, `no receipt (it was ${receipt})`);

  // An old form never sent: check and send again, with a new form token (a new nonce).
  const other = await checkPage(app);
  const never = await other.send({}, signedAt(other.token, old));
  t.equal(never.status, 422, 'check and send again');
  const fresh = readFormToken(TEST_SECRET, /name="_token" value="([^"]*)"/.exec(never.html)?.[1]);
  t.ok(fresh, 'a valid new token');
  t.not(fresh?.nonce, readFormToken(TEST_SECRET, other.token)?.nonce, 'with a new nonce');
  t.equal(await accounts(app), 1, 'nothing filed from the old forms');
});

/** The same nonce, signed as if the form had been opened at `at`. */
function signedAt(raw: string, at: number): string {
  const token = readFormToken(TEST_SECRET, raw);
  if (!token) throw new Error('not a form token');
  return renewFormToken(TEST_SECRET, token, at);
}
