// One form sent twenty times at once, against the real service process on real Postgres
// (Hardening defect 2). The same answers: one account, and every reply shows its one receipt.
// Different answers from that one form: as many accounts as receipts shown, each stored.
import pg from 'pg';
import t from 'tap';
import { hashReceipt, normalizeReceipt } from '../src/accounts/receipt-code.js';
import { encode, type Fields } from '../test/support/forms.js';
import { launchApp, stage } from './support/app-process.js';
import { appSettings, postgresSkip, SECRET } from './support/env.js';
import { newSubmission, shownReceipt, surveyPath, walkToCheck } from './support/journey.js';

const SENDS = 20;
const skip = await postgresSkip();

t.test(`${SENDS} simultaneous sends of one form`, { skip }, async (t) => {
  const { cleanup, databaseUrl, client } = await stage(t, { maxSockets: SENDS + 5 });
  const app = await launchApp(cleanup, appSettings(databaseUrl));
  await app.ready();
  const checkFields = await walkToCheck(client, app.url, 'so');
  const url = app.url + surveyPath('so');
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  cleanup.add('the verifying connection', () => db.end());
  const storedCount = async (receipts: (string | undefined)[]) => {
    const hashes = receipts.map((r) => hashReceipt(SECRET, normalizeReceipt(r ?? '') ?? 'none'));
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from responses where receipt_hash = any($1)',
      [hashes],
    );
    return rows[0]?.n ?? 0;
  };
  const total = async () => (await db.query<{ n: number }>('select count(*)::int as n from responses')).rows[0]?.n;

  const same = newSubmission(checkFields);
  const replies = await Promise.all(Array.from({ length: SENDS }, () => client.post(url, same.form)));
  t.same(
    replies.map((r) => r.status),
    Array(SENDS).fill(200),
    `${SENDS} confirmations`,
  );
  const shown = new Set(replies.map((r) => shownReceipt(r.body)));
  t.same([...shown], [same.receipt], 'every one shows the same receipt');
  t.equal(await total(), 1, 'one account');
  t.equal(await storedCount([same.receipt]), 1, 'stored under that receipt');

  // Different answers from one form (Back, Change, Send on several tabs at once).
  const other = newSubmission(checkFields);
  const fields = new URLSearchParams(other.form);
  const variants = Array.from({ length: SENDS }, (_, i) => {
    const changed: Fields = [...fields].map(([name, value]): [string, string] =>
      name === 'what_happened' ? [name, `${value} (${i + 1})`] : [name, value],
    );
    return encode(changed);
  });
  const differing = await Promise.all(variants.map((form) => client.post(url, form)));
  t.same(
    differing.map((r) => r.status),
    Array(SENDS).fill(200),
    `${SENDS} confirmations`,
  );
  const receipts = differing.map((r) => shownReceipt(r.body));
  t.equal(new Set(receipts).size, SENDS, `${SENDS} different receipts shown`);
  t.equal(await storedCount(receipts), SENDS, 'each one stored');
  t.equal(await total(), 1 + SENDS, 'as many accounts as receipts shown');

  const exit = await app.stop();
  t.equal(exit.code, 0, 'the app shuts down cleanly');
});
