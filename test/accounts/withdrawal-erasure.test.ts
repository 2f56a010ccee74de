// Withdrawal erases for good, not only from what queries return: Postgres keeps an updated
// row's old version on its page, with every word of the account, until VACUUM. After a
// withdrawal a batched VACUUM runs (app.erasure); read with pageinspect, no row version of
// `responses` or its TOAST table then holds the words, and the CLI's table rewrite leaves no
// byte of them on any page.
import { PassThrough } from 'node:stream';
import t from 'tap';
import { createErasureScheduler, rewriteResponses } from '../../src/accounts/erasure.js';
import { buildApp } from '../../src/app.js';
import { commands } from '../../src/cli/commands.js';
import { testConfig } from '../helper.js';
import { inspectableDatabase, pagesHolding, rowVersionsHolding } from '../support/inspectable-database.js';
import { Browser, type DemoAnswers, SurveyWalker, walkToCheck } from '../support/public-pages.js';

const database = await inspectableDatabase(t);
const app = await buildApp(testConfig(), { database });
t.teardown(() => app.close());
const browser = new Browser(app);

// Short enough that Postgres stores the document uncompressed in the row, where a probe with
// pageinspect reads it plainly (longer accounts are compressed, which hides them from a byte
// search but not from anyone who decompresses the page).
const MARKER = 'Kalkaaliyaha ayaa iga qoslay markii aan turjubaan weydiistay';
const answers = (n: number): DemoAnswers => ({
  serviceOther: 'Farmashiye',
  story: `${MARKER} ${n}. Waxaan sugay saacado badan qolka sugitaanka.`,
  more: 'Ma aysan i dhegeysan.',
  better: 'Turjubaan.',
});

async function fileAndWithdraw(n: number): Promise<void> {
  const walker = new SurveyWalker(browser, 'so');
  await walkToCheck(walker, answers(n));
  await walker.press('submit');
  const code = walker.receipt;
  if (!code) throw new Error(`no receipt: ${walker.status} ${walker.title}`);
  const done = await browser.post('/so/receipt', [
    ['code', code],
    ['_action', 'confirm-withdraw'],
  ]);
  if (done.status !== 200) throw new Error(`withdrawal failed: ${done.status}`);
}

t.test('withdrawn words are gone from every row version after the batched VACUUM', async (t) => {
  await fileAndWithdraw(1);
  await fileAndWithdraw(2);
  t.ok(app.erasure.pending, 'the withdrawals asked for a VACUUM');
  t.ok(
    (await rowVersionsHolding(app.db, 'responses', `${MARKER} 1`)) > 0,
    'before it, the dead row version still holds the words (what a probe with pageinspect saw)',
  );
  await app.erasure.flush();
  t.notOk(app.erasure.pending, 'one VACUUM took both withdrawals');
  t.equal(await rowVersionsHolding(app.db, 'responses', MARKER), 0, 'no row version, live or dead, holds them');
});

t.test('the table rewrite leaves no byte of a withdrawn account on any page', async (t) => {
  await fileAndWithdraw(3);
  await app.erasure.flush();
  t.comment(
    `pages whose free space still held the words after VACUUM: ${await pagesHolding(app.db, 'responses', `${MARKER} 3`)}`,
  );
  const out = new PassThrough();
  const code = await commands['erase-withdrawn']?.run({ db: app.db, config: testConfig(), args: [], options: {}, out });
  t.equal(code, 0, 'npm run cli -- erase-withdrawn');
  t.match(String(out.read()), /Rewrote the accounts table in [\d.]+ s/);
  t.equal(await pagesHolding(app.db, 'responses', MARKER), 0);
});

t.test('an account that is not withdrawn is untouched by either', async (t) => {
  const walker = new SurveyWalker(browser, 'so');
  await walkToCheck(walker, answers(4));
  await walker.press('submit');
  await app.erasure.flush();
  await rewriteResponses(app.db);
  t.equal(await rowVersionsHolding(app.db, 'responses', `${MARKER} 4`), 1, 'its one live version');
});

t.test('a withdrawal just before shutdown is erased as the app closes', async (t) => {
  await fileAndWithdraw(5);
  t.ok(app.erasure.pending);
  await app.close();
  t.equal(await rowVersionsHolding(database.db, 'responses', `${MARKER} 5`), 0);
});

t.test('a VACUUM that fails (database down) is tried again, not forgotten', async (t) => {
  const closed = await inspectableDatabase(t);
  await closed.close();
  const warnings: string[] = [];
  const scheduler = createErasureScheduler(closed.db, { warn: (_details, message) => warnings.push(message) }, 5);
  scheduler.afterWithdrawal();
  await new Promise((resolve) => setTimeout(resolve, 60));
  t.ok(warnings.length >= 1, 'the failure is logged');
  t.ok(scheduler.pending, 'and another VACUUM is scheduled');
  scheduler.stop();
  t.notOk(scheduler.pending);
});
