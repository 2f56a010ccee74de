// Community review rounds (issue 12, item 7), as an analyst keeps them and a community reviewer
// reads them: a round made, its reviewers chosen, accounts added by a filter and by hand; the
// reviewer reads only the accounts of their open rounds, redacted, at group level, never one with
// a flag still open, and nothing of what the staff did about flags; a round closed or not yet open
// shows nothing; withdrawal takes an account out of every round.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { withdrawAccount } from '../../src/accounts/withdraw.js';
import { addAccountsByFilter } from '../../src/review/rounds.js';
import { build } from '../helper.js';
import { fileAccount } from '../support/file-account.js';
import { createStaffUser, csrfOf, errorMessages, signIn, staffGet, staffPost } from '../support/staff.js';

const app: FastifyInstance = await build(t);

const ana = await createStaffUser(app, { email: 'ana@example.org', roles: ['analyst'], displayName: 'Ana' });
const ayaan = await createStaffUser(app, { email: 'ayaan@example.org', roles: ['reviewer'], displayName: 'Ayaan' });
const bile = await createStaffUser(app, { email: 'bile@example.org', roles: ['reviewer'], displayName: 'Bile' });
await createStaffUser(app, { email: 'lead@example.org', roles: ['safeguarding'], displayName: 'Lead' });

const PHONE = '07700 900777';
// African (6) with the census write-in, which a reviewer must not read.
const somali = await fileAccount(app, {
  locale: 'so',
  story: `Dhakhtarku ima dhageysan. Wac ${PHONE}.`,
  day: '2026-10-01',
  answers: { ethnic_group: { value: '6', writeIn: 'Reer Ogaden' } },
});
const somaliWorried = await fileAccount(app, { locale: 'so', story: 'Waan baqayaa.', day: '2026-10-02' });
const arabic = await fileAccount(app, { locale: 'ar', story: 'لم يستمع إلي الطبيب', day: '2026-10-03' });
const english = await fileAccount(app, { locale: 'en', story: 'Nobody called me back.', day: '2026-10-04' });

const analyst = await signIn(app, 'ana@example.org');
const reviewer = await signIn(app, 'ayaan@example.org');
const otherReviewer = await signIn(app, 'bile@example.org');

const decode = (href: string) => href.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
const listed = (html: string) =>
  [...html.matchAll(/<tr><td><a href="\/staff\/accounts\/([0-9a-f-]{36})/g)].map((m) => m[1] as string);
const sorted = (ids: string[]) => [...ids].sort();

/** Posts a form found on `page`, with its CSRF token. */
async function post(cookie: string, page: string, url: string, fields: Record<string, string | string[]>) {
  const csrf = csrfOf((await staffGet(app, page, { cookie })).body) as string;
  return staffPost(app, url, { _csrf: csrf, ...fields }, { cookie });
}

let round = '';

t.test('an analyst starts a round; a form that cannot be saved says why and keeps what was typed', async (t) => {
  const bad = await post(analyst.cookie, '/staff/rounds', '/staff/rounds', {
    name: '  ',
    opensOn: '2026-12-01',
    closesOn: '2026-11-30',
  });
  t.equal(bad.statusCode, 422);
  t.same(errorMessages(bad.body), ['Enter a name', 'Enter a closing date on or after the opening date']);
  t.match(bad.body, 'value="2026-11-30"', 'the dates typed are kept');
  const impossible = await post(analyst.cookie, '/staff/rounds', '/staff/rounds', {
    name: 'GP access',
    opensOn: '2026-02-30',
    closesOn: '2026-03-01',
  });
  t.equal(impossible.statusCode, 422);
  t.same(errorMessages(impossible.body), ['Enter a date'], 'a day that does not exist');

  const made = await post(analyst.cookie, '/staff/rounds', '/staff/rounds', {
    name: 'GP access, Somali community',
    opensOn: '2026-01-01',
    closesOn: '2099-12-31',
  });
  t.equal(made.statusCode, 303);
  round = /^\/staff\/rounds\/([0-9a-f-]{36})$/.exec(made.headers.location as string)?.[1] as string;
  t.ok(round, 'to the round’s page');
  const page = await staffGet(app, `/staff/rounds/${round}`, { cookie: analyst.cookie });
  t.equal(page.statusCode, 200);
  t.match(page.body, '<h1>GP access, Somali community</h1>');
  t.match(page.body, '0 accounts');
  const audit = await app.db
    .selectFrom('audit_log')
    .select(['action', 'target_id'])
    .where('action', '=', 'review_round_created')
    .execute();
  t.same(audit, [{ action: 'review_round_created', target_id: round }]);
});

t.test('reviewers: only users holding the reviewer role can be put in', async (t) => {
  const page = `/staff/rounds/${round}`;
  const refused = await post(analyst.cookie, page, `${page}/reviewers`, { reviewers: [ayaan.id, ana.id] });
  t.equal(refused.statusCode, 422, 'an analyst is not a reviewer');
  t.same(errorMessages(refused.body), [
    'Choose reviewers from the list: only users with the community reviewer role can be in a round',
  ]);
  const saved = await post(analyst.cookie, page, `${page}/reviewers`, { reviewers: ayaan.id });
  t.equal(saved.statusCode, 303);
  const after = await staffGet(app, saved.headers.location as string, { cookie: analyst.cookie });
  t.match(after.body, 'The round&#x27;s reviewers are saved.');
  t.match(after.body, new RegExp(`value="${ayaan.id}" checked`));
  t.notMatch(after.body, new RegExp(`value="${bile.id}" checked`));
});

t.test('accounts added by a filter of the list, and one by hand', async (t) => {
  const list = await staffGet(app, '/staff/accounts?locale=so', { cookie: analyst.cookie });
  t.match(list.body, 'Add these accounts to a review round');
  t.match(list.body, '<input type="hidden" name="locale" value="so">', 'the filter travels with the form');
  const added = await post(analyst.cookie, '/staff/accounts?locale=so', '/staff/rounds/add', {
    into: round,
    locale: 'so',
  });
  t.equal(added.statusCode, 303);
  t.equal(added.headers.location, `/staff/rounds/${round}?added=2&matched=2`);
  const notice = await staffGet(app, added.headers.location as string, { cookie: analyst.cookie });
  t.match(notice.body, '2 accounts added. The filter found 2');
  t.match(notice.body, '2 accounts');
  const again = await post(analyst.cookie, '/staff/accounts?locale=so', '/staff/rounds/add', {
    into: round,
    locale: 'so',
  });
  t.equal(again.headers.location, `/staff/rounds/${round}?added=0&matched=2`, 'adding twice adds nothing');

  const view = await staffGet(app, `/staff/accounts/${arabic}`, { cookie: analyst.cookie });
  t.match(view.body, 'This account is in no review round.');
  t.match(view.body, `<option value="${round}">GP access, Somali community (2026-01-01 – 2099-12-31)</option>`);
  const one = await post(analyst.cookie, `/staff/accounts/${arabic}`, '/staff/rounds/add', {
    into: round,
    account: arabic,
  });
  t.equal(one.headers.location, `/staff/accounts/${arabic}?done=added_to_round`);
  const inRound = await staffGet(app, one.headers.location as string, { cookie: analyst.cookie });
  t.match(inRound.body, 'The account is in the round.');
  t.match(
    inRound.body,
    `<a href="/staff/rounds/${round}">GP access, Somali community</a> (Open, 2026-01-01 to 2099-12-31)`,
  );

  const filtered = await staffGet(app, `/staff/accounts?round=${round}`, { cookie: analyst.cookie });
  t.same(sorted(listed(filtered.body)), sorted([somali, somaliWorried, arabic]), 'the list filtered by round');
  const entries = await app.db
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', 'review_round_accounts_added')
    .execute();
  t.same(
    entries.map((e) => e.details),
    [{ filter: '?locale=so', matched: 2, added: 2 }, { account: arabic }],
    'each add audited, with the filter or the account: never words',
  );
  const unknown = await post(analyst.cookie, '/staff/accounts', '/staff/rounds/add', {
    into: '00000000-0000-4000-8000-000000000000',
    locale: 'so',
  });
  t.equal(unknown.statusCode, 404, 'a round that does not exist');
});

t.test('a filter matching more than a round takes is refused, and nothing is added', async (t) => {
  const [before] = await app.db
    .selectFrom('review_round_accounts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .execute();
  const refused = await addAccountsByFilter(app.db, round, {}, '2026-12-04', 2);
  t.same(refused, { kind: 'too_many', matched: 4 });
  const [after] = await app.db
    .selectFrom('review_round_accounts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .execute();
  t.equal(Number(after?.n), Number(before?.n));
  const page = await staffGet(app, `/staff/rounds/${round}?refused=6000`, { cookie: analyst.cookie });
  t.match(page.body, 'The filter found 6,000 accounts; a round takes at most 5,000 at a time.');
});

t.test('a reviewer reads only the accounts of their round: redacted, at group level', async (t) => {
  const list = await staffGet(app, '/staff/accounts', { cookie: reviewer.cookie });
  t.equal(list.statusCode, 200);
  t.same(sorted(listed(list.body)), sorted([somali, somaliWorried, arabic]));
  t.match(list.body, 'You are reading the accounts of your open review rounds.');
  t.notMatch(list.body, 'f-flagged', 'no flagged filter: a reviewer never sees a flagged account');
  t.notMatch(list.body, 'Add these accounts to a review round', 'reviewers do not keep rounds');
  t.notMatch(list.body, PHONE);
  t.equal((await staffGet(app, `/staff/accounts/${english}`, { cookie: reviewer.cookie })).statusCode, 404);

  const view = await staffGet(app, `/staff/accounts/${somali}`, { cookie: reviewer.cookie });
  t.equal(view.statusCode, 200);
  t.match(view.body, 'Wac [phone number].');
  t.notMatch(view.body, PHONE);
  t.match(view.body, 'Black, Black British, Black Welsh, Caribbean or African', 'the ethnic group at group level');
  t.notMatch(view.body, 'African, please describe');
  t.notMatch(view.body, 'Reer Ogaden', 'never the census write-in');
  t.notMatch(view.body, 'This account is in no review round', 'nothing about rounds');
  t.notMatch(view.body, 'f-phrase', 'no redaction form');

  const rounds = await staffGet(app, '/staff/rounds', { cookie: reviewer.cookie });
  t.equal(rounds.statusCode, 200);
  t.match(rounds.body, '<h1>Your review rounds</h1>');
  t.match(decode(rounds.body), `href="/staff/accounts?round=${round}"`);
  t.notMatch(rounds.body, `href="/staff/rounds/${round}"`, 'no link to the round’s own page');
  t.equal((await staffGet(app, `/staff/rounds/${round}`, { cookie: reviewer.cookie })).statusCode, 403);

  const other = await staffGet(app, '/staff/accounts', { cookie: otherReviewer.cookie });
  t.same(listed(other.body), [], 'a reviewer in no round sees nothing');
  t.match(other.body, 'You are not in a review round yet.');
  t.equal((await staffGet(app, `/staff/accounts/${somali}`, { cookie: otherReviewer.cookie })).statusCode, 404);
  t.match(
    (await staffGet(app, '/staff/rounds', { cookie: otherReviewer.cookie })).body,
    'You are not in a review round yet.',
  );
});

t.test('a flagged account leaves the round until the safeguarding lead resolves the flag', async (t) => {
  const flagged = await post(
    reviewer.cookie,
    `/staff/accounts/${somaliWorried}`,
    `/staff/accounts/${somaliWorried}/flags`,
    {
      category: 'self_harm',
      reason: 'They say they are afraid.',
    },
  );
  t.equal(flagged.statusCode, 303);
  t.equal(flagged.headers.location, '/staff/accounts?done=flagged', 'back to the list, not to a page now closed');
  const list = await staffGet(app, flagged.headers.location as string, { cookie: reviewer.cookie });
  t.match(list.body, 'The safeguarding lead will read this account. It is out of your round until they have.');
  t.same(sorted(listed(list.body)), sorted([somali, arabic]));
  t.equal((await staffGet(app, `/staff/accounts/${somaliWorried}`, { cookie: reviewer.cookie })).statusCode, 404);
  t.same(
    sorted(listed((await staffGet(app, `/staff/accounts?round=${round}`, { cookie: analyst.cookie })).body)),
    sorted([somali, somaliWorried, arabic]),
    'the analyst still sees it in the round',
  );

  const lead = await signIn(app, 'lead@example.org');
  const flag = await app.db
    .selectFrom('safeguarding_flags')
    .select('id')
    .where('response_id', '=', somaliWorried)
    .executeTakeFirstOrThrow();
  const resolved = await post(lead.cookie, '/staff/safeguarding', `/staff/safeguarding/${flag.id}/resolve`, {
    resolution: 'no_concern',
    note: 'Spoke to the partner organisation.',
  });
  t.equal(resolved.statusCode, 303);
  const back = await staffGet(app, `/staff/accounts/${somaliWorried}`, { cookie: reviewer.cookie });
  t.equal(back.statusCode, 200, 'back in the round once resolved');
  t.notMatch(back.body, 'Safeguarding history', 'the reviewer reads the account, not what the staff did about it');
  t.notMatch(back.body, 'Spoke to the partner organisation.');
});

t.test('a round closed, or not yet open, shows its reviewers nothing', async (t) => {
  const page = `/staff/rounds/${round}`;
  const closed = await post(analyst.cookie, page, page, {
    name: 'GP access, Somali community',
    opensOn: '2026-01-01',
    closesOn: '2026-01-31',
  });
  t.equal(closed.statusCode, 303);
  t.same(listed((await staffGet(app, '/staff/accounts', { cookie: reviewer.cookie })).body), []);
  t.equal((await staffGet(app, `/staff/accounts/${somali}`, { cookie: reviewer.cookie })).statusCode, 404);
  const theirs = await staffGet(app, '/staff/rounds', { cookie: reviewer.cookie });
  t.match(theirs.body, '<td>Closed</td>');
  t.notMatch(decode(theirs.body), `href="/staff/accounts?round=${round}"`, 'no link to read a closed round');

  await post(analyst.cookie, page, page, {
    name: 'GP access, Somali community',
    opensOn: '2099-01-01',
    closesOn: '2099-12-31',
  });
  t.same(listed((await staffGet(app, '/staff/accounts', { cookie: reviewer.cookie })).body), [], 'not open yet');
  t.match((await staffGet(app, '/staff/rounds', { cookie: reviewer.cookie })).body, '<td>Not open yet</td>');

  const refused = await post(analyst.cookie, page, page, {
    name: 'GP access',
    opensOn: '2026-03-01',
    closesOn: '2026-02-01',
  });
  t.equal(refused.statusCode, 422);
  t.same(errorMessages(refused.body), ['Enter a closing date on or after the opening date']);
  await post(analyst.cookie, page, page, {
    name: 'GP access, Somali community',
    opensOn: '2026-01-01',
    closesOn: '2099-12-31',
  });
  t.same(
    sorted(listed((await staffGet(app, '/staff/accounts', { cookie: reviewer.cookie })).body)).length,
    3,
    'open again',
  );
});

t.test('taken out by hand, and by withdrawal', async (t) => {
  const removed = await post(analyst.cookie, `/staff/accounts/${arabic}`, `/staff/rounds/${round}/remove`, {
    account: arabic,
  });
  t.equal(removed.headers.location, `/staff/accounts/${arabic}?done=removed_from_round`);
  t.match(
    (await staffGet(app, removed.headers.location as string, { cookie: analyst.cookie })).body,
    'The account is out of the round.',
  );
  t.equal((await staffGet(app, `/staff/accounts/${arabic}`, { cookie: reviewer.cookie })).statusCode, 404);

  await app.db.transaction().execute((trx) => withdrawAccount(trx, somali));
  const left = await app.db
    .selectFrom('review_round_accounts')
    .select('response_id')
    .where('round_id', '=', round)
    .execute();
  t.same(
    left.map((r) => r.response_id),
    [somaliWorried],
    'a withdrawn account is in no round',
  );
  t.same(listed((await staffGet(app, '/staff/accounts', { cookie: reviewer.cookie })).body), [somaliWorried]);
  const gone = await post(analyst.cookie, `/staff/accounts/${english}`, '/staff/rounds/add', {
    into: round,
    account: somali,
  });
  t.equal(gone.statusCode, 404, 'a withdrawn account cannot be put back');
});
