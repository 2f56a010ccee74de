// Two-factor sign-in (RFC 6238 TOTP): enrolment shows a secret and gives ten single-use recovery
// codes; afterwards a password alone reaches only the second-factor step; a wrong code is
// refused, a right code or an unused recovery code signs in. With REQUIRE_2FA=true an admin
// without it must set it up before anything else (but can still sign out); other roles need not.
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import t from 'tap';
import { tokenHash } from '../../src/staff/secrets.js';
import { decryptSecret } from '../../src/staff/totp.js';
import { findUserById } from '../../src/staff/users.js';
import { build, TEST_SECRET } from '../helper.js';
import { decodeHtml } from '../support/forms.js';
import {
  createStaffUser,
  PASSWORD,
  postLogin,
  type SignInSession,
  sessionCookieOf,
  sessionExists,
  signIn,
  staffGet,
  staffPost,
} from '../support/staff.js';

const codeFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate();

/** The enrolment page: the secret shown for typing in, and the encrypted copy the form carries. */
async function enrolmentPage(app: FastifyInstance, session: SignInSession) {
  const page = await staffGet(app, '/staff/account/two-factor', { cookie: session.cookie });
  const shown = /<code class="secret">([^<]*)<\/code>/.exec(page.body)?.[1] ?? '';
  const pending = decodeHtml(/name="pending" value="([^"]*)"/.exec(page.body)?.[1] ?? '');
  return { page, secret: shown.replace(/\s+/g, ''), pending };
}

async function enrol(app: FastifyInstance, session: SignInSession) {
  const { secret, pending } = await enrolmentPage(app, session);
  const res = await staffPost(
    app,
    '/staff/account/two-factor',
    { pending, code: codeFor(secret), password: PASSWORD, _csrf: session.csrf },
    { cookie: session.cookie },
  );
  const codes = [...res.body.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1] ?? '');
  return { res, secret, pending, codes };
}

/** Password step: the 303 to the second-factor page and its (pending) cookie. */
async function passwordStep(app: FastifyInstance, email: string) {
  const { res, cookie } = await postLogin(app, email, PASSWORD);
  return { res, cookie: cookie ? `${cookie.name}=${cookie.value}` : '', id: cookie?.value ?? '' };
}

t.test('enrol, then sign in with a code or a recovery code', async (t) => {
  const app = await build(t);
  const user = await createStaffUser(app, { email: 'totp@example.org', roles: ['analyst'] });
  const session = await signIn(app, user.email);

  const { page, secret, pending } = await enrolmentPage(app, session);
  t.equal(page.statusCode, 200, 'the enrolment page');
  t.match(secret, /^[A-Z2-7]{32}$/, 'shows a 160-bit base32 secret');
  t.match(page.body, /<svg/, 'and a QR code');
  t.notMatch(pending, secret, 'the form carries the secret encrypted, not as it is');

  const wrongEnrol = await staffPost(
    app,
    '/staff/account/two-factor',
    { pending, code: '000000' === codeFor(secret) ? '111111' : '000000', password: PASSWORD, _csrf: session.csrf },
    { cookie: session.cookie },
  );
  t.equal(wrongEnrol.statusCode, 422, 'a wrong code does not turn it on');
  t.equal((await findUserById(app.db, user.id))?.totp_enabled, false);

  const res = await staffPost(
    app,
    '/staff/account/two-factor',
    { pending, code: codeFor(secret), password: PASSWORD, _csrf: session.csrf },
    { cookie: session.cookie },
  );
  t.equal(res.statusCode, 200, 'the right code turns it on');
  t.match(res.body, 'Save your recovery codes', 'and shows the recovery codes page');
  const codes = [...res.body.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1] ?? '');
  t.equal(codes.length, 10, 'ten recovery codes');
  t.equal(new Set(codes).size, 10, 'all different');

  const stored = await findUserById(app.db, user.id);
  t.equal(stored?.totp_enabled, true, 'two-factor sign-in is on');
  t.not(stored?.totp_secret, secret, 'the stored secret is not the base32 secret');
  t.notOk(stored?.totp_secret?.includes(secret), 'nor contains it');
  t.equal(decryptSecret(TEST_SECRET, stored?.totp_secret ?? ''), secret, 'it is the secret encrypted with SECRET');
  const codeRows = await app.db.selectFrom('staff_recovery_codes').selectAll().where('user_id', '=', user.id).execute();
  t.equal(codeRows.length, 10, 'ten recovery codes stored');
  t.notOk(
    codes.some((code) => JSON.stringify(codeRows).includes(code)),
    'only as hashes',
  );
  t.ok(
    codes.every((code) => codeRows.some((row) => row.code_hash === tokenHash(code))),
    'the SHA-256 of each',
  );

  // A password alone now reaches only the second-factor step.
  const step = await passwordStep(app, user.email);
  t.equal(step.res.statusCode, 303);
  t.equal(step.res.headers.location, '/staff/login/second-factor', 'the password leads to the second-factor page');
  for (const url of ['/staff/', '/staff/account', '/staff/account/two-factor']) {
    const blocked = await staffGet(app, url, { cookie: step.cookie });
    t.equal(blocked.statusCode, 303, `${url} is not reachable before the code`);
    t.equal(blocked.headers.location, '/staff/login');
  }
  const loginPage = await staffGet(app, '/staff/login', { cookie: step.cookie });
  t.equal(loginPage.statusCode, 200, 'the login page does not count it as signed in');
  const form = await staffGet(app, '/staff/login/second-factor', { cookie: step.cookie });
  t.equal(form.statusCode, 200, 'the second-factor page');
  t.notMatch(form.body, 'name="_csrf"', 'with no session token on it (nothing is signed in yet)');

  const otherCode = codeFor(secret) === '123456' ? '654321' : '123456';
  for (const wrong of [otherCode, '', 'abcdef', codes[0]?.toUpperCase().replace(/./, '#') ?? 'x']) {
    const res = await staffPost(app, '/staff/login/second-factor', { code: wrong }, { cookie: step.cookie });
    t.equal(res.statusCode, 401, `a wrong code (${JSON.stringify(wrong)}) → 401`);
    t.match(res.body, 'That code is not right');
    t.notOk(sessionCookieOf(res), 'no new session');
  }
  t.equal((await staffGet(app, '/staff/', { cookie: step.cookie })).statusCode, 303, 'still not signed in');

  const right = await staffPost(app, '/staff/login/second-factor', { code: codeFor(secret) }, { cookie: step.cookie });
  t.equal(right.statusCode, 303, 'the right code signs in');
  t.equal(right.headers.location, '/staff/');
  const signedIn = sessionCookieOf(right);
  t.ok(signedIn && signedIn.value !== step.id, 'with a new session id');
  t.notOk(await sessionExists(app, step.id), 'the half-way session is gone');
  const home = await staffGet(app, '/staff/', { cookie: `${signedIn?.name}=${signedIn?.value}` });
  t.equal(home.statusCode, 200, 'the staff home page');
  t.match(home.body, 'name="_csrf"', 'signed in');

  // A recovery code works once.
  const recovery = codes[3] ?? '';
  const first = await passwordStep(app, user.email);
  const used = await staffPost(app, '/staff/login/second-factor', { code: recovery }, { cookie: first.cookie });
  t.equal(used.statusCode, 303, 'a recovery code signs in');
  t.equal(used.headers.location, '/staff/');
  const usedRow = await app.db
    .selectFrom('staff_recovery_codes')
    .select('used_at')
    .where('code_hash', '=', tokenHash(recovery))
    .executeTakeFirst();
  t.ok(usedRow?.used_at, 'and is marked used');
  const secondTry = await passwordStep(app, user.email);
  const reused = await staffPost(app, '/staff/login/second-factor', { code: recovery }, { cookie: secondTry.cookie });
  t.equal(reused.statusCode, 401, 'the same recovery code does not work twice');
  t.notOk(sessionCookieOf(reused), 'no session');
  const another = await staffPost(
    app,
    '/staff/login/second-factor',
    { code: ` ${(codes[4] ?? '').toUpperCase()} ` },
    { cookie: secondTry.cookie },
  );
  t.equal(another.statusCode, 303, 'another unused one does (spaces and capitals forgiven)');

  const actions = (
    await app.db.selectFrom('audit_log').select('action').where('target_id', '=', user.id).execute()
  ).map((a) => a.action);
  t.ok(actions.includes('totp_enrolled'), 'enrolment audited');
  t.ok(actions.includes('recovery_code_used'), 'recovery code use audited');
  t.ok(actions.includes('second_factor_failed'), 'wrong codes audited');

  // Wrong codes count towards the account's throttle: the right code is refused during a delay.
  const guesser = await passwordStep(app, user.email);
  for (let i = 0; i < 5; i++) {
    await staffPost(app, '/staff/login/second-factor', { code: '000000' }, { cookie: guesser.cookie });
  }
  const throttled = await staffPost(
    app,
    '/staff/login/second-factor',
    { code: codeFor(secret) },
    { cookie: guesser.cookie },
  );
  t.equal(throttled.statusCode, 429, 'after repeated wrong codes even the right one waits');
});

t.test('with REQUIRE_2FA=true an admin must enrol first; an analyst need not', async (t) => {
  const app = await build(t, { require2fa: true });
  const admin = await createStaffUser(app, { email: 'admin@example.org', roles: ['admin'] });
  const analyst = await createStaffUser(app, { email: 'analyst@example.org', roles: ['analyst'] });

  const session = await signIn(app, admin.email);
  t.equal(session.url, '/staff/account/two-factor', 'signing in lands an admin on the two-factor page');
  t.match(session.html, 'Admins must use two-factor sign-in', 'which says why');
  for (const url of ['/staff/', '/staff/account', '/staff/admin/users', '/staff/admin/audit']) {
    const res = await staffGet(app, url, { cookie: session.cookie });
    t.equal(res.statusCode, 303, `${url} redirects`);
    t.equal(res.headers.location, '/staff/account/two-factor', `${url} → /staff/account/two-factor`);
  }
  const post = await staffPost(
    app,
    '/staff/admin/organisations',
    { name: 'Before enrolling', _csrf: session.csrf },
    { cookie: session.cookie },
  );
  t.equal(post.headers.location, '/staff/account/two-factor', 'forms redirect too');
  t.equal((await app.db.selectFrom('organisations').select('id').execute()).length, 0, 'and change nothing');

  const out = await staffPost(app, '/staff/logout', { _csrf: session.csrf }, { cookie: session.cookie });
  t.equal(out.statusCode, 303, 'but the admin can sign out');
  t.equal(out.headers.location, '/staff/login');
  t.notOk(await sessionExists(app, session.id), 'the session is ended');

  const analystSession = await signIn(app, analyst.email);
  t.equal(analystSession.url, '/staff/', 'an analyst without two-factor lands on the staff home');
  t.equal((await staffGet(app, '/staff/account', { cookie: analystSession.cookie })).statusCode, 200, 'and goes on');

  const again = await signIn(app, admin.email);
  const { res, secret, codes } = await enrol(app, again);
  t.equal(res.statusCode, 200, 'the admin enrols');
  t.equal(codes.length, 10);
  t.equal((await staffGet(app, '/staff/admin/users', { cookie: again.cookie })).statusCode, 200, 'and can work');
  const next = await passwordStep(app, admin.email);
  t.equal(next.res.headers.location, '/staff/login/second-factor', 'next time a code is needed');
  const done = await staffPost(app, '/staff/login/second-factor', { code: codeFor(secret) }, { cookie: next.cookie });
  t.equal(done.headers.location, '/staff/', 'and reaches the staff home');
});
