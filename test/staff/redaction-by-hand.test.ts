// Redaction by hand: an analyst hides words the scanner missed (a name, a street) by typing them;
// every reader but the safeguarding lead then sees "[personal detail]", in the reading view, the
// list's first words and the translation page, and the words can no longer be searched for. The
// lead shows a false positive again. Each change is audited; a form that cannot be used keeps
// what was typed; withdrawal takes the changes with the account.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import type { AccountDocument } from '../../src/accounts/document.js';
import { fileDocument } from '../../src/accounts/file.js';
import { withdrawAccount } from '../../src/accounts/withdraw.js';
import { scanPersonalDetails } from '../../src/pii/scan.js';
import { build } from '../helper.js';
import { createStaffUser, csrfOf, signIn, staffGet, staffPost } from '../support/staff.js';

const app: FastifyInstance = await build(t);
const entry = await app.surveys.get('your-experience');
if (!entry) throw new Error('no demo survey');
await createStaffUser(app, { email: 'analyst@example.org', roles: ['analyst'] });
await createStaffUser(app, { email: 'lead@example.org', roles: ['safeguarding'] });
await createStaffUser(app, { email: 'hodan@example.org', roles: ['translator'], languages: ['so'] });

// The scanner finds the phone number; it cannot know that "Xamar Weyne" is a street or that
// "Caasha Nuur" is the nurse's name. "2024" is not personal, but suppose the scanner had hidden it.
const STORY = 'Kalkaalisada Caasha Nuur ee Xamar Weyne ayaa i caawisay. Wac 07700 900321. Sannadkii 2024.';
const details = scanPersonalDetails(STORY).map((span) => ({ field: 'value' as const, ...span }));
const year = Array.from(STORY).join('').lastIndexOf('2024');
await fileDocument(
  app.db,
  entry.survey,
  {
    what_happened: {
      value: STORY,
      personalDetails: [...details, { field: 'value', start: year, end: year + 4, kind: 'phone' }],
    },
    consent: { value: 'yes' },
  } as AccountDocument,
  {
    surveyVersionId: entry.stored.versionId,
    locale: 'so',
    channel: 'online',
    submittedOn: '2026-11-30',
    receiptHash: 'by-hand',
  },
);
const { id } = await app.db
  .selectFrom('responses')
  .select('id')
  .where('receipt_hash', '=', 'by-hand')
  .executeTakeFirstOrThrow();
const url = `/staff/accounts/${id}`;

t.test('an analyst hides a name by typing it; other readers see [personal detail]', async (t) => {
  const analyst = await signIn(app, 'analyst@example.org');
  const page = await staffGet(app, url, { cookie: analyst.cookie });
  t.match(page.body, 'Caasha Nuur', 'the scanner did not hide the name');
  const csrf = csrfOf(page.body) as string;
  const missing = await staffPost(
    app,
    `${url}/redactions`,
    { _csrf: csrf, part: 'what_happened:value', phrase: 'Cali Xasan' },
    { cookie: analyst.cookie },
  );
  t.equal(missing.statusCode, 422, 'words that are not in the answer');
  t.match(missing.body, 'Those words are not in that answer');
  t.match(missing.body, 'value="Cali Xasan"', 'what was typed is kept');
  const hidden = await staffPost(
    app,
    `${url}/redactions`,
    { _csrf: csrf, part: 'what_happened:value', phrase: 'caasha nuur' },
    { cookie: analyst.cookie },
  );
  t.equal(hidden.statusCode, 303, 'letter case aside');
  const street = await staffPost(
    app,
    `${url}/redactions`,
    { _csrf: csrf, part: 'what_happened:value', phrase: 'Xamar Weyne' },
    { cookie: analyst.cookie },
  );
  t.equal(street.statusCode, 303);
  const after = await staffGet(app, `${url}?done=hidden`, { cookie: analyst.cookie });
  t.match(after.body, 'Those words are now hidden from every reader but the safeguarding lead.');
  t.match(after.body, 'Kalkaalisada [personal detail] ee [personal detail] ayaa i caawisay. Wac [phone number].');
  t.notMatch(after.body, 'Caasha');

  const list = await staffGet(app, '/staff/accounts', { cookie: analyst.cookie });
  t.match(list.body, 'Kalkaalisada [personal detail] ee [personal detail]', 'the first words in the list');
  const search = await staffGet(app, '/staff/accounts?q=Caasha', { cookie: analyst.cookie });
  t.match(search.body, 'No accounts match', 'a hidden name cannot be searched for');
  const other = await staffGet(app, '/staff/accounts?q=caawisay', { cookie: analyst.cookie });
  t.match(other.body, '1 account matches.', 'the rest still can');

  const hodan = await signIn(app, 'hodan@example.org');
  const translate = await staffGet(app, `/staff/translations/${id}`, { cookie: hodan.cookie });
  t.match(translate.body, 'Kalkaalisada [personal detail] ee [personal detail]', 'the translator too');
  const audited = await app.db
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', 'redaction_added')
    .execute();
  t.equal(audited.length, 2);
});

t.test('the lead reads it all, and shows a false positive again', async (t) => {
  const lead = await signIn(app, 'lead@example.org');
  const page = await staffGet(app, url, { cookie: lead.cookie });
  t.match(page.body, STORY, 'the lead reads the account as written');
  t.match(page.body, 'Hidden from other readers');
  const forms = [
    ...page.body.matchAll(
      /name="part" value="what_happened:value"><input type="hidden" name="start" value="(\d+)"><input type="hidden" name="end" value="(\d+)">/g,
    ),
  ];
  t.equal(forms.length, 4, 'the phone number, the year, the name and the street');
  const csrf = csrfOf(page.body) as string;
  const shown = await staffPost(
    app,
    `${url}/redactions/show`,
    { _csrf: csrf, part: 'what_happened:value', start: String(year), end: String(year + 4) },
    { cookie: lead.cookie },
  );
  t.equal(shown.statusCode, 303);
  const nonsense = await staffPost(
    app,
    `${url}/redactions/show`,
    { _csrf: csrf, part: 'what_happened:value', start: '5', end: '9999' },
    { cookie: lead.cookie },
  );
  t.equal(nonsense.statusCode, 404, 'a span outside the answer is no form the page showed');
  const analyst = await signIn(app, 'analyst@example.org');
  const after = await staffGet(app, url, { cookie: analyst.cookie });
  t.match(after.body, 'Sannadkii 2024.', 'the year is shown again');
  t.match(after.body, 'Wac [phone number].', 'the phone number stays hidden');
  const analystShow = await staffPost(
    app,
    `${url}/redactions/show`,
    { _csrf: csrfOf(after.body) as string, part: 'what_happened:value', start: '0', end: '4' },
    { cookie: analyst.cookie },
  );
  t.equal(analystShow.statusCode, 403, 'only the lead may show what was hidden');
  const removed = await app.db
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', 'redaction_removed')
    .execute();
  t.equal(removed.length, 1);
});

t.test('withdrawal takes the changes with the account', async (t) => {
  await app.db.transaction().execute((trx) => withdrawAccount(trx, id));
  const left = await app.db.selectFrom('redaction_changes').select('id').where('response_id', '=', id).execute();
  t.same(left, []);
});
