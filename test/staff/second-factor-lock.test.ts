// Second-factor guessing is limited per account, in the database: wrong codes count across
// sign-ins (a right password does not clear them), bring growing waits, and after ten lock the
// account's codes until a recovery code or an admin lifts the lock. Recovery codes are counted
// the same way. Every failure, lock and unlock is audited.
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import t from 'tap';
import { replaceRecoveryCodes } from '../../src/staff/totp.js';
import { build } from '../helper.js';
import { createStaffUser, enableTotp, PASSWORD, postLogin, signIn, staffGet, staffPost } from '../support/staff.js';

const WAIT_TEXT = 'Too many wrong codes';
const LOCKED_TEXT = 'locked';

const codeFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate();
/** A six-digit code that is not the current one. */
const wrongCodeFor = (secret: string) => (codeFor(secret) === '000000' ? '111111' : '000000');

/** The password step: the cookie of a browser waiting for its second factor. */
async function passwordStep(app: FastifyInstance, email: string): Promise<string> {
  const { res, cookie } = await postLogin(app, email, PASSWORD);
  if (res.headers.location !== '/staff/login/second-factor') throw new Error(`password step: ${res.statusCode}`);
  return `${cookie?.name}=${cookie?.value}`;
}

const sendCode = (app: FastifyInstance, cookie: string, code: string) =>
  staffPost(app, '/staff/login/second-factor', { code }, { cookie });

/** A wait runs out (moved into the past rather than waited for). */
const endWait = (app: FastifyInstance, userId: string) =>
  app.db
    .updateTable('staff_users')
    .set({ second_factor_wait_until: new Date(Date.now() - 1000) })
    .where('id', '=', userId)
    .execute();

const counter = async (app: FastifyInstance, userId: string) =>
  app.db
    .selectFrom('staff_users')
    .select(['second_factor_failures', 'second_factor_locked'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();

const actionsFor = async (app: FastifyInstance, userId: string) =>
  (await app.db.selectFrom('audit_log').select('action').where('target_id', '=', userId).orderBy('id').execute()).map(
    (row) => row.action,
  );

/** Ten wrong codes, each after any wait has run out: the account is then locked. */
async function lockOut(app: FastifyInstance, userId: string, email: string, secret: string) {
  for (let i = 0; i < 10; i++) {
    await endWait(app, userId);
    await sendCode(app, await passwordStep(app, email), wrongCodeFor(secret));
  }
}

t.test('wrong codes over many sign-ins are counted, not forgiven by the password', async (t) => {
  const app = await build(t);
  const user = await createStaffUser(app, { email: 'guessed@example.org', roles: ['analyst'] });
  const secret = await enableTotp(app, user.id);

  // The probe that found it: four wrong codes, sign in again with the password, repeat.
  const statuses: number[] = [];
  for (let round = 0; round < 6; round++) {
    const cookie = await passwordStep(app, user.email);
    for (let i = 0; i < 4; i++) statuses.push((await sendCode(app, cookie, wrongCodeFor(secret))).statusCode);
  }
  const checked = statuses.filter((s) => s === 401).length;
  t.ok(checked <= 5, `of 24 wrong codes over 6 sign-ins only ${checked} were checked`);
  t.ok(
    statuses.slice(checked).every((s) => s === 429),
    'the rest were refused unchecked',
  );
  const cookie = await passwordStep(app, user.email);
  const page = await staffGet(app, '/staff/login/second-factor', { cookie });
  t.match(page.body, WAIT_TEXT, 'the second-factor page says to wait');
  t.match(page.body, /Wait \d+ minutes?/, 'and for how long');
  const right = await sendCode(app, cookie, codeFor(secret));
  t.equal(right.statusCode, 429, 'during the wait even the right code is refused');
  t.match(right.body, WAIT_TEXT);
  t.equal((await counter(app, user.id)).second_factor_failures, checked, 'the database holds the count');
  t.ok((await actionsFor(app, user.id)).includes('second_factor_failed'), 'failures are audited');
});

t.test('ten wrong codes lock the account; a recovery code lifts the lock', async (t) => {
  const app = await build(t);
  const user = await createStaffUser(app, { email: 'locked@example.org', roles: ['analyst'] });
  const secret = await enableTotp(app, user.id);
  const [recovery = '', otherRecovery = ''] = await replaceRecoveryCodes(app.db, user.id);

  await lockOut(app, user.id, user.email, secret);
  t.same(await counter(app, user.id), { second_factor_failures: 10, second_factor_locked: true }, 'locked after 10');
  const actions = await actionsFor(app, user.id);
  t.equal(actions.filter((a) => a === 'second_factor_failed').length, 10, 'each failure audited');
  t.equal(actions.filter((a) => a === 'second_factor_locked').length, 1, 'the lock audited once');

  await endWait(app, user.id);
  const cookie = await passwordStep(app, user.email);
  const page = await staffGet(app, '/staff/login/second-factor', { cookie });
  t.match(page.body, LOCKED_TEXT, 'the page says it is locked');
  t.match(page.body, 'recovery code', 'and that a recovery code works');
  t.match(page.body, 'admin', 'or an admin can unlock it');
  const right = await sendCode(app, cookie, codeFor(secret));
  t.equal(right.statusCode, 423, 'the right authenticator code does not open a locked account');
  t.match(right.body, LOCKED_TEXT);

  // Recovery codes are limited by the same counter: a wrong one is a failure too.
  const guess = await sendCode(app, cookie, 'abcdefghij');
  t.equal(guess.statusCode, 401, 'a wrong recovery code is refused');
  t.equal((await counter(app, user.id)).second_factor_failures, 11, 'and counted');
  t.equal((await sendCode(app, cookie, recovery)).statusCode, 429, 'the next try must wait, even with a good one');

  await endWait(app, user.id);
  const unlocked = await sendCode(app, cookie, recovery);
  t.equal(unlocked.statusCode, 303, 'after the wait a recovery code signs in');
  t.equal(unlocked.headers.location, '/staff/');
  t.same(await counter(app, user.id), { second_factor_failures: 0, second_factor_locked: false }, 'and resets');
  t.ok((await actionsFor(app, user.id)).includes('second_factor_unlocked'), 'the unlock is audited');
  const next = await sendCode(app, await passwordStep(app, user.email), codeFor(secret));
  t.equal(next.statusCode, 303, 'the authenticator works again');
  t.ok(otherRecovery, 'other recovery codes remain');
});

t.test('a right code resets the count', async (t) => {
  const app = await build(t);
  const user = await createStaffUser(app, { email: 'forgiven@example.org', roles: ['analyst'] });
  const secret = await enableTotp(app, user.id);
  const cookie = await passwordStep(app, user.email);
  for (let i = 0; i < 3; i++) await sendCode(app, cookie, wrongCodeFor(secret));
  t.equal((await counter(app, user.id)).second_factor_failures, 3);
  t.equal((await sendCode(app, cookie, codeFor(secret))).statusCode, 303, 'the right code signs in');
  t.equal((await counter(app, user.id)).second_factor_failures, 0, 'and clears the count');
});

t.test("an admin unlocks from the user's page, audited", async (t) => {
  const app = await build(t);
  const admin = await createStaffUser(app, { email: 'admin@example.org', roles: ['admin'] });
  const user = await createStaffUser(app, { email: 'unlockme@example.org', roles: ['analyst'] });
  const secret = await enableTotp(app, user.id);
  await lockOut(app, user.id, user.email, secret);
  const session = await signIn(app, admin.email);

  const page = await staffGet(app, `/staff/admin/users/${user.id}`, { cookie: session.cookie });
  t.match(page.body, 'Two-factor sign-in is locked', 'the user page shows the lock');
  t.match(page.body, `action="/staff/admin/users/${user.id}/unlock-second-factor"`, 'with a button to lift it');
  const res = await staffPost(
    app,
    `/staff/admin/users/${user.id}/unlock-second-factor`,
    { _csrf: session.csrf },
    { cookie: session.cookie },
  );
  t.equal(res.statusCode, 200);
  t.match(res.body, 'Two-factor sign-in is unlocked', 'says so');
  t.same(await counter(app, user.id), { second_factor_failures: 0, second_factor_locked: false }, 'reset');
  const entry = await app.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'second_factor_unlocked')
    .where('target_id', '=', user.id)
    .executeTakeFirst();
  t.equal(entry?.actor_id, admin.id, 'audited with the admin as actor');
  const after = await sendCode(app, await passwordStep(app, user.email), codeFor(secret));
  t.equal(after.statusCode, 303, 'the user signs in with their authenticator again');
});
