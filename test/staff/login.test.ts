// Signing in and out: one message for every wrong combination, throttling per account and per
// address (the right password refused during a delay), a new session id at every sign-in,
// sign-out and timeouts that end the session on the server, and disabled accounts locked out.
import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { tokenHash } from '../../src/staff/secrets.js';
import { delayAfter, FREE_FAILURES } from '../../src/staff/throttle.js';
import { build } from '../helper.js';
import {
  createStaffUser,
  errorMessages,
  PASSWORD,
  postLogin,
  sessionCookieOf,
  sessionExists,
  signIn,
  staffGet,
  staffPost,
} from '../support/staff.js';

const WRONG_TEXT = 'The email address or password is not right';
const THROTTLED_TEXT = 'Too many attempts to sign in';

const app = await build(t);
const root = await createStaffUser(app, { email: 'root@example.org', roles: ['admin'] });
const rootSession = await signIn(app, root.email, PASSWORD, { remoteAddress: '192.0.2.250' });

const attempts = async (userId: string) =>
  app.db.selectFrom('login_attempts').selectAll().where('key', '=', `account:${userId}`).executeTakeFirst();

/** The page without the email it echoes back, to compare two refusals byte for byte. */
const withoutEmail = (res: LightMyRequestResponse, email: string) => res.body.split(email).join('EMAIL');

t.test('unknown email, wrong password, no password yet: the same answer', async (t) => {
  await createStaffUser(app, { email: 'alice@example.org' });
  await createStaffUser(app, { email: 'invited@example.org', password: null });
  const address = { remoteAddress: '192.0.2.1' };
  const unknown = await postLogin(app, 'nobody@example.org', PASSWORD, address);
  const wrong = await postLogin(app, 'alice@example.org', 'not the password', address);
  const noPassword = await postLogin(app, 'invited@example.org', '', address);
  for (const [label, { res, cookie }] of [
    ['unknown email', unknown],
    ['wrong password', wrong],
    ['account with no password yet', noPassword],
  ] as const) {
    t.equal(res.statusCode, 401, `${label}: 401`);
    t.same(errorMessages(res.body), [WRONG_TEXT], `${label}: the one message`);
    t.notOk(cookie, `${label}: no session`);
  }
  t.equal(
    withoutEmail(unknown.res, 'nobody@example.org'),
    withoutEmail(wrong.res, 'alice@example.org'),
    'the two pages are identical apart from the email typed',
  );
  t.notMatch(wrong.res.body, 'not the password', 'the password is not shown back');

  // Both spend an argon2id verification: the unknown email is checked against a dummy hash.
  const time = async (email: string, password: string) => {
    const started = performance.now();
    await postLogin(app, email, password, { remoteAddress: '192.0.2.2' });
    return performance.now() - started;
  };
  const unknownTimes: number[] = [];
  const wrongTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    unknownTimes.push(await time(`nobody${i}@example.org`, 'not the password'));
    wrongTimes.push(await time('alice@example.org', `not the password ${i}`));
  }
  const fastestUnknown = Math.min(...unknownTimes);
  const fastestWrong = Math.min(...wrongTimes);
  t.ok(
    fastestUnknown > fastestWrong / 2,
    `an unknown email takes as long as a wrong password (fastest ${fastestUnknown.toFixed(0)} ms vs ${fastestWrong.toFixed(0)} ms)`,
  );
  await app.db.deleteFrom('login_attempts').execute();
});

t.test('repeated wrong passwords throttle the account, the right password too', async (t) => {
  const bob = await createStaffUser(app, { email: 'bob@example.org' });
  const carol = await createStaffUser(app, { email: 'carol@example.org' });
  const address = { remoteAddress: '192.0.2.10' };

  t.equal(FREE_FAILURES, 4, 'four free failures');
  t.equal(delayAfter(FREE_FAILURES), 0, 'no delay within the free failures');
  t.ok(delayAfter(FREE_FAILURES + 1) > 0, 'a delay after the next');
  t.ok(delayAfter(FREE_FAILURES + 2) > delayAfter(FREE_FAILURES + 1), 'a longer one after that');

  for (let i = 1; i <= FREE_FAILURES; i++) {
    const { res } = await postLogin(app, bob.email, `wrong ${i}`, address);
    t.equal(res.statusCode, 401, `failure ${i}: 401`);
  }
  const free = await postLogin(app, bob.email, PASSWORD, address);
  t.equal(free.res.statusCode, 303, 'within the free failures the right password still works');
  t.equal(await attempts(bob.id), undefined, 'and clears the count');

  const started = Date.now();
  for (let i = 1; i <= FREE_FAILURES + 1; i++) {
    const { res } = await postLogin(app, bob.email, `wrong ${i}`, address);
    t.equal(res.statusCode, 401, `failure ${i}: 401`);
  }
  const row = await attempts(bob.id);
  t.equal(row?.failures, FREE_FAILURES + 1, 'the failures are counted');
  const blockedFor = new Date(row?.blocked_until ?? 0).getTime() - started;
  t.ok(
    blockedFor >= delayAfter(FREE_FAILURES + 1) - 1000 && blockedFor <= delayAfter(FREE_FAILURES + 1) + 60_000,
    `blocked for the first delay (${blockedFor} ms)`,
  );

  const right = await postLogin(app, bob.email, PASSWORD, address);
  t.equal(right.res.statusCode, 429, 'the right password is refused during the delay');
  t.match(errorMessages(right.res.body)[0], THROTTLED_TEXT, 'with the throttled message');
  t.notOk(right.cookie, 'and no session');
  const elsewhere = await postLogin(app, bob.email, PASSWORD, { remoteAddress: '198.51.100.10' });
  t.equal(elsewhere.res.statusCode, 429, 'from another address too: the throttle is on the account');
  t.equal((await attempts(bob.id))?.failures, FREE_FAILURES + 1, 'refusals during the delay are not counted');

  const other = await postLogin(app, carol.email, PASSWORD, address);
  t.equal(other.res.statusCode, 303, 'another account, even from the same address, signs in');

  // The delay runs out (moved into the past rather than waited for); one more failure doubles it.
  await app.db
    .updateTable('login_attempts')
    .set({ blocked_until: new Date(Date.now() - 1000) })
    .where('key', '=', `account:${bob.id}`)
    .execute();
  const again = Date.now();
  t.equal((await postLogin(app, bob.email, 'wrong again', address)).res.statusCode, 401, 'another failure: 401');
  const longer = new Date((await attempts(bob.id))?.blocked_until ?? 0).getTime() - again;
  t.ok(longer >= delayAfter(FREE_FAILURES + 2) - 1000, `the next delay is longer (${longer} ms)`);
  t.equal((await postLogin(app, bob.email, PASSWORD, address)).res.statusCode, 429, 'refused again');

  await app.db
    .updateTable('login_attempts')
    .set({ blocked_until: new Date(Date.now() - 1000) })
    .where('key', '=', `account:${bob.id}`)
    .execute();
  const after = await postLogin(app, bob.email, PASSWORD, address);
  t.equal(after.res.statusCode, 303, 'after the delay the right password works');
  t.ok(after.cookie, 'and starts a session');
  t.equal(await attempts(bob.id), undefined, 'and clears the count');
  t.equal((await postLogin(app, bob.email, 'wrong once', address)).res.statusCode, 401, 'a new failure');
  t.match(await attempts(bob.id), { failures: 1, blocked_until: null }, 'counts from one again, with no delay');
});

t.test('an email with no account is throttled the same way', async (t) => {
  const address = { remoteAddress: '192.0.2.20' };
  for (let i = 1; i <= FREE_FAILURES + 1; i++) {
    t.equal((await postLogin(app, 'ghost@example.org', `guess ${i}`, address)).res.statusCode, 401, `failure ${i}`);
  }
  const res = (await postLogin(app, 'ghost@example.org', 'guess', address)).res;
  t.equal(res.statusCode, 429, 'throttled: a delay does not reveal that an account exists');
  const keys = await app.db.selectFrom('login_attempts').select('key').execute();
  t.notOk(
    keys.some((k) => k.key.includes('ghost')),
    'the throttle key is not the email itself',
  );
});

t.test('20 failures from one address throttle that address, not others', async (t) => {
  const dave = await createStaffUser(app, { email: 'dave@example.org' });
  const address = { remoteAddress: '203.0.113.5' };
  for (let i = 1; i <= 20; i++) {
    const { res } = await postLogin(app, `spray${i}@example.org`, 'password123', address);
    t.equal(res.statusCode, 401, `failure ${i} (a different email each time)`);
  }
  const blocked = await postLogin(app, dave.email, PASSWORD, address);
  t.equal(blocked.res.statusCode, 429, 'then this address is throttled, even with a right password');
  t.notOk(blocked.cookie, 'no session');
  const fine = await postLogin(app, dave.email, PASSWORD, { remoteAddress: '203.0.113.6' });
  t.equal(fine.res.statusCode, 303, 'another address is fine');
});

t.test('the session id changes at sign-in', async (t) => {
  const erin = await createStaffUser(app, { email: 'erin@example.org' });
  const first = await signIn(app, erin.email);
  const second = await signIn(app, erin.email, PASSWORD, { cookie: first.cookie });
  t.not(second.id, first.id, 'signing in while carrying a session gives a new id');
  t.not(second.csrf, first.csrf, 'and a new CSRF token');
  const old = await staffGet(app, '/staff/', { cookie: first.cookie });
  t.equal(old.statusCode, 303, 'the old id no longer works');
  t.equal(old.headers.location, '/staff/login');
  t.notOk(await sessionExists(app, first.id), 'and is gone from the server');
  t.equal((await staffGet(app, '/staff/', { cookie: second.cookie })).statusCode, 200, 'the new one works');

  // An id planted in the browser before sign-in (session fixation) is never adopted.
  const planted = 'planted-session-id-0123456789abcdefghijklmnop';
  const { res, cookie } = await postLogin(app, erin.email, PASSWORD, { cookie: `codka-session=${planted}` });
  t.equal(res.statusCode, 303);
  t.ok(cookie && cookie.value !== planted, 'a planted id is replaced');
  t.equal((await staffGet(app, '/staff/', { cookie: `codka-session=${planted}` })).statusCode, 303, 'and never works');

  const elsewhere = await signIn(app, erin.email);
  t.not(elsewhere.id, second.id, 'another browser gets another id');
  t.equal((await staffGet(app, '/staff/', { cookie: second.cookie })).statusCode, 200, 'without ending the first');
});

t.test('after sign-out the old cookie is useless and the session is gone', async (t) => {
  const frank = await createStaffUser(app, { email: 'frank@example.org' });
  const session = await signIn(app, frank.email);
  t.ok(await sessionExists(app, session.id), 'the session is on the server');
  const out = await staffPost(app, '/staff/logout', { _csrf: session.csrf }, { cookie: session.cookie });
  t.equal(out.statusCode, 303);
  t.equal(out.headers.location, '/staff/login');
  const cleared = sessionCookieOf(out);
  t.equal(cleared?.value, '', 'the cookie is cleared in the browser');
  t.ok(
    cleared?.attributes.some((a) => /^Expires=Thu, 01 Jan 1970/i.test(a) || /^Max-Age=0$/i.test(a)),
    'and expired',
  );
  t.notOk(await sessionExists(app, session.id), 'the session row is gone');
  const home = await staffGet(app, '/staff/', { cookie: session.cookie });
  t.equal(home.statusCode, 303, 'the old cookie gets a redirect');
  t.equal(home.headers.location, '/staff/login', 'to the sign-in page');
  const account = await staffGet(app, '/staff/account', { cookie: session.cookie });
  t.equal(account.statusCode, 303, 'for every page');
  const replay = await staffPost(
    app,
    '/staff/admin/organisations',
    { name: 'x', _csrf: session.csrf },
    { cookie: session.cookie },
  );
  t.equal(replay.statusCode, 303, 'and for forms, even with its old token');
  const audit = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'logout').execute();
  t.ok(
    audit.some((a) => a.actor_id === frank.id),
    'the sign-out is audited',
  );
});

t.test('idle for 30 minutes or signed in for 12 hours: the session is over', async (t) => {
  const grace = await createStaffUser(app, { email: 'grace@example.org' });
  const setTimes = (id: string, times: { last_seen_at?: Date; created_at?: Date }) =>
    app.db.updateTable('staff_sessions').set(times).where('id_hash', '=', tokenHash(id)).execute();
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

  const active = await signIn(app, grace.email);
  await setTimes(active.id, { last_seen_at: minutesAgo(29) });
  t.equal(
    (await staffGet(app, '/staff/', { cookie: active.cookie })).statusCode,
    200,
    'idle 29 minutes: still signed in',
  );
  const touched = await app.db
    .selectFrom('staff_sessions')
    .select('last_seen_at')
    .where('id_hash', '=', tokenHash(active.id))
    .executeTakeFirst();
  t.ok(new Date(touched?.last_seen_at ?? 0).getTime() > Date.now() - 60_000, 'and the visit counts as activity');

  const idle = await signIn(app, grace.email);
  await setTimes(idle.id, { last_seen_at: minutesAgo(31) });
  const idleHome = await staffGet(app, '/staff/', { cookie: idle.cookie });
  t.equal(idleHome.statusCode, 303, 'idle 31 minutes: redirected');
  t.equal(idleHome.headers.location, '/staff/login');
  t.notOk(await sessionExists(app, idle.id), 'and the session is deleted');

  const young = await signIn(app, grace.email);
  await setTimes(young.id, { created_at: minutesAgo(11 * 60) });
  t.equal((await staffGet(app, '/staff/', { cookie: young.cookie })).statusCode, 200, '11 hours old, active: fine');

  const old = await signIn(app, grace.email);
  await setTimes(old.id, { created_at: minutesAgo(13 * 60) });
  const oldHome = await staffGet(app, '/staff/', { cookie: old.cookie });
  t.equal(oldHome.statusCode, 303, '13 hours old, though active a moment ago: redirected');
  t.equal(oldHome.headers.location, '/staff/login');
  t.notOk(await sessionExists(app, old.id), 'and the session is deleted');
});

t.test('a disabled user cannot sign in and is signed out at once', async (t) => {
  const heidi = await createStaffUser(app, { email: 'heidi@example.org', roles: ['analyst'] });
  const session = await signIn(app, heidi.email);
  const other = await signIn(app, heidi.email);
  const res = await staffPost(
    app,
    `/staff/admin/users/${heidi.id}`,
    { displayName: 'Heidi', roles: 'analyst', disabled: 'yes', _csrf: rootSession.csrf },
    { cookie: rootSession.cookie },
  );
  t.equal(res.statusCode, 200, 'the admin disables the account');
  for (const s of [session, other]) {
    const home = await staffGet(app, '/staff/', { cookie: s.cookie });
    t.equal(home.statusCode, 303, 'the next request is sent to sign in');
    t.notOk(await sessionExists(app, s.id), 'every session of theirs is gone');
  }
  const login = await postLogin(app, heidi.email, PASSWORD, { remoteAddress: '192.0.2.30' });
  t.equal(login.res.statusCode, 401, 'the right password is refused');
  t.same(errorMessages(login.res.body), [WRONG_TEXT], 'with the usual message (nothing revealed)');
  t.notOk(login.cookie, 'no session');

  // Disabled some other way (straight in the database): a live session still stops working.
  const ivan = await createStaffUser(app, { email: 'ivan@example.org' });
  const ivanSession = await signIn(app, ivan.email);
  await app.db.updateTable('staff_users').set({ disabled: true }).where('id', '=', ivan.id).execute();
  t.equal(
    (await staffGet(app, '/staff/', { cookie: ivanSession.cookie })).statusCode,
    303,
    'a session of a disabled user is refused',
  );
});
