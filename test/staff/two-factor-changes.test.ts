// A sign-in session alone cannot change how one signs in. Setting up two-factor sign-in asks for
// the password; replacing the authenticator (which replaces the recovery codes too) asks for the
// password and a current code or a recovery code. Wrong passwords count towards the account's
// password throttle, wrong codes towards its second-factor counter, so a stolen session cannot
// guess either. Changing the password asks for the current one, throttled the same way.
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import t from 'tap';
import { FREE_FAILURES } from '../../src/staff/throttle.js';
import { replaceRecoveryCodes } from '../../src/staff/totp.js';
import { findUserById } from '../../src/staff/users.js';
import { build } from '../helper.js';
import { decodeHtml } from '../support/forms.js';
import {
  createStaffUser,
  enableTotp,
  errorMessages,
  PASSWORD,
  postLogin,
  type SignInSession,
  sessionCookieOf,
  signIn,
  staffGet,
  staffPost,
} from '../support/staff.js';

const codeFor = (secret: string, offset = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offset * 30_000 });

/** Signs in through both steps (the current code of `secret`). */
async function signInWithCode(app: FastifyInstance, email: string, secret: string): Promise<SignInSession> {
  const { cookie } = await postLogin(app, email, PASSWORD);
  const pending = `${cookie?.name}=${cookie?.value}`;
  const res = await staffPost(app, '/staff/login/second-factor', { code: codeFor(secret) }, { cookie: pending });
  const signed = sessionCookieOf(res);
  if (res.statusCode !== 303 || !signed) throw new Error(`second factor answered ${res.statusCode}`);
  const header = `${signed.name}=${signed.value}`;
  const page = await staffGet(app, '/staff/account/two-factor', { cookie: header });
  const csrf = decodeHtml(/name="_csrf" value="([^"]*)"/.exec(page.body)?.[1] ?? '');
  return { cookie: header, id: signed.value, cookieName: signed.name, csrf, html: page.body, url: '' };
}

/** The enrolment form's new secret (as shown) and its encrypted copy. */
async function newSecretOn(app: FastifyInstance, session: SignInSession) {
  const page = await staffGet(app, '/staff/account/two-factor', { cookie: session.cookie });
  const shown = (/<code class="secret">([^<]*)<\/code>/.exec(page.body)?.[1] ?? '').replace(/\s+/g, '');
  const pending = decodeHtml(/name="pending" value="([^"]*)"/.exec(page.body)?.[1] ?? '');
  return { page, secret: shown, pending };
}

const stored = async (app: FastifyInstance, id: string) => {
  const user = await findUserById(app.db, id);
  const codes = await app.db.selectFrom('staff_recovery_codes').select('code_hash').where('user_id', '=', id).execute();
  return { secret: user?.totp_secret, enabled: user?.totp_enabled, codes: codes.map((c) => c.code_hash).sort() };
};

t.test('with two-factor on, replacing it needs the password and a current code', async (t) => {
  const app = await build(t);
  const user = await createStaffUser(app, { email: 'holder@example.org', roles: ['analyst'] });
  const secret = await enableTotp(app, user.id);
  const [recovery = ''] = await replaceRecoveryCodes(app.db, user.id);
  const session = await signInWithCode(app, user.email, secret);
  const before = await stored(app, user.id);
  const { page, secret: next, pending } = await newSecretOn(app, session);
  t.match(page.body, 'name="password"', 'the page asks for the password');
  t.match(page.body, 'name="currentCode"', 'and for a current code');
  const replace = (fields: Record<string, string>) =>
    staffPost(
      app,
      '/staff/account/two-factor',
      { pending, code: codeFor(next), _csrf: session.csrf, ...fields },
      { cookie: session.cookie },
    );

  const refusals: [string, Record<string, string>][] = [
    ['the session alone', {}],
    ['a wrong password', { password: 'not the password at all', currentCode: codeFor(secret, 1) }],
    ['no current code', { password: PASSWORD }],
    ['a wrong current code', { password: PASSWORD, currentCode: codeFor(secret) === '000000' ? '111111' : '000000' }],
  ];
  for (const [label, fields] of refusals) {
    const res = await replace(fields);
    t.equal(res.statusCode, 422, `${label}: 422`);
    t.ok(errorMessages(res.body).length > 0, `${label}: says why (${errorMessages(res.body).join(' / ')})`);
    t.notMatch(res.body, 'Save your recovery codes', `${label}: no new recovery codes`);
    t.same(await stored(app, user.id), before, `${label}: secret and recovery codes unchanged`);
  }
  const failures = (await findUserById(app.db, user.id))?.second_factor_failures;
  t.ok((failures ?? 0) >= 1, `wrong current codes count against the second-factor counter (${failures})`);

  const done = await replace({ password: PASSWORD, currentCode: codeFor(secret, 1) });
  t.equal(done.statusCode, 200, 'the password and a current code: replaced');
  t.match(done.body, 'Save your recovery codes');
  const after = await stored(app, user.id);
  t.not(after.secret, before.secret, 'a new secret');
  t.notSame(after.codes, before.codes, 'new recovery codes');
  const audit = await app.db.selectFrom('audit_log').select('action').where('target_id', '=', user.id).execute();
  t.ok(
    audit.some((a) => a.action === 'totp_replaced'),
    'audited as a replacement',
  );

  // A recovery code stands in for a lost authenticator.
  const again = await newSecretOn(app, session);
  const byRecovery = await staffPost(
    app,
    '/staff/account/two-factor',
    {
      pending: again.pending,
      code: codeFor(again.secret),
      password: PASSWORD,
      currentCode: recovery,
      _csrf: session.csrf,
    },
    { cookie: session.cookie },
  );
  t.equal(byRecovery.statusCode, 422, 'an old recovery code (replaced with the rest) does not work');
});

t.test('a recovery code replaces a lost authenticator', async (t) => {
  const app = await build(t);
  const user = await createStaffUser(app, { email: 'lostphone@example.org', roles: ['analyst'] });
  const secret = await enableTotp(app, user.id);
  const [recovery = ''] = await replaceRecoveryCodes(app.db, user.id);
  const session = await signInWithCode(app, user.email, secret);
  const { secret: next, pending } = await newSecretOn(app, session);
  const res = await staffPost(
    app,
    '/staff/account/two-factor',
    { pending, code: codeFor(next), password: PASSWORD, currentCode: recovery, _csrf: session.csrf },
    { cookie: session.cookie },
  );
  t.equal(res.statusCode, 200, 'the password and a recovery code: replaced');
  t.match(res.body, 'Save your recovery codes');
});

t.test('setting two-factor up for the first time needs the password', async (t) => {
  const app = await build(t);
  const user = await createStaffUser(app, { email: 'first@example.org', roles: ['analyst'] });
  const session = await signIn(app, user.email);
  const { secret, pending } = await newSecretOn(app, session);
  const enrol = (fields: Record<string, string>) =>
    staffPost(
      app,
      '/staff/account/two-factor',
      { pending, code: codeFor(secret), _csrf: session.csrf, ...fields },
      { cookie: session.cookie },
    );
  const without = await enrol({});
  t.equal(without.statusCode, 422, 'the session alone cannot turn it on');
  t.equal((await findUserById(app.db, user.id))?.totp_enabled, false, 'still off');
  const wrong = await enrol({ password: 'somebody else guessing' });
  t.equal(wrong.statusCode, 422, 'nor a wrong password');
  t.equal((await findUserById(app.db, user.id))?.totp_enabled, false, 'still off');
  const right = await enrol({ password: PASSWORD });
  t.equal(right.statusCode, 200, 'with the password it turns on');
  t.equal((await findUserById(app.db, user.id))?.totp_enabled, true);
});

t.test('a signed-in session cannot guess the password without limit', async (t) => {
  const app = await build(t);
  const user = await createStaffUser(app, { email: 'guessme@example.org' });
  const session = await signIn(app, user.email);
  const next = 'a passphrase the thief would like';
  const change = (current: string) =>
    staffPost(
      app,
      '/staff/account/password',
      { current, password: next, confirm: next, _csrf: session.csrf },
      { cookie: session.cookie },
    );
  for (let i = 0; i <= FREE_FAILURES; i++) t.equal((await change(`guess ${i}`)).statusCode, 422, `guess ${i}: 422`);
  const right = await change(PASSWORD);
  t.equal(right.statusCode, 429, 'after repeated wrong passwords even the right one waits');
  t.match(errorMessages(right.body)[0], 'Too many attempts', 'and says so');
  t.equal((await postLogin(app, user.email, next)).res.statusCode, 429, 'the account is throttled at sign-in too');
  t.not((await findUserById(app.db, user.id))?.password_hash, undefined);
  const audit = await app.db.selectFrom('audit_log').select('action').where('target_id', '=', user.id).execute();
  t.ok(
    audit.some((a) => a.action === 'reauth_failed'),
    'wrong passwords on the account page are audited',
  );
});
