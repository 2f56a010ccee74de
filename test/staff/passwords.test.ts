// Passwords: argon2id with OWASP's parameters wherever a password is stored; a password too
// short, too long or not typed the same twice is refused with a message and changes nothing;
// changing your own needs the current one and signs you out everywhere else.
import t from 'tap';
import { hashPassword, PASSWORD_MIN_LENGTH } from '../../src/staff/passwords.js';
import { createLink } from '../../src/staff/tokens.js';
import { findUserById } from '../../src/staff/users.js';
import { build } from '../helper.js';
import {
  createStaffUser,
  errorMessages,
  PASSWORD,
  postLogin,
  sessionExists,
  signIn,
  staffGet,
  staffPost,
} from '../support/staff.js';

const ARGON2ID_OWASP = '$argon2id$v=19$m=19456,t=2,p=1$';
const TOO_SHORT = 'Password must be at least 12 characters';
const TOO_LONG = 'Password must be 200 characters or fewer';
const MISMATCH = 'The two passwords are not the same';
const CURRENT_WRONG = 'Your current password is not right';

const app = await build(t);
const hashOf = async (id: string) => (await findUserById(app.db, id))?.password_hash;

t.test('hashPassword makes argon2id hashes with m=19456, t=2, p=1', async (t) => {
  const hash = await hashPassword('any password at all');
  t.ok(hash.startsWith(ARGON2ID_OWASP), hash.slice(0, ARGON2ID_OWASP.length));
  t.not(await hashPassword('any password at all'), hash, 'salted: the same password hashes differently');
});

t.test('a password set from a one-time link: refused when weak, stored as argon2id when not', async (t) => {
  const user = await createStaffUser(app, { email: 'linked@example.org', password: null });
  const token = await createLink(app.db, 'invite', user.id);
  const url = `/staff/password/${token}`;
  const short = 'x'.repeat(PASSWORD_MIN_LENGTH - 1);
  const long = 'x'.repeat(201);
  const refusals: [string, Record<string, string>, string[]][] = [
    ['too short', { password: short, confirm: short }, [TOO_SHORT]],
    ['too long', { password: long, confirm: long }, [TOO_LONG]],
    ['typed differently', { password: 'a long enough password', confirm: 'a long enough passwort' }, [MISMATCH]],
    ['missing', {}, [TOO_SHORT, MISMATCH]],
  ];
  for (const [label, fields, messages] of refusals) {
    const res = await staffPost(app, url, fields);
    t.equal(res.statusCode, 422, `${label}: 422`);
    t.same(errorMessages(res.body), messages, `${label}: ${messages.join(' / ')}`);
    if (fields.password) t.notMatch(res.body, fields.password, `${label}: the password is not shown back`);
    t.equal(await hashOf(user.id), null, `${label}: no password stored`);
  }
  t.equal((await staffGet(app, url)).statusCode, 200, 'the link still works after refusals');

  const exactlyMin = 'y'.repeat(PASSWORD_MIN_LENGTH);
  const ok = await staffPost(app, url, { password: exactlyMin, confirm: exactlyMin });
  t.equal(ok.statusCode, 200, `${PASSWORD_MIN_LENGTH} characters are enough`);
  const stored = await hashOf(user.id);
  t.ok(stored?.startsWith(ARGON2ID_OWASP), `stored as ${stored?.slice(0, ARGON2ID_OWASP.length)}`);
  t.notOk(stored?.includes(exactlyMin), 'not the password itself');
  t.equal((await postLogin(app, user.email, exactlyMin)).res.statusCode, 303, 'and it signs in');
});

t.test('changing your own password', async (t) => {
  const user = await createStaffUser(app, { email: 'changer@example.org' });
  const session = await signIn(app, user.email);
  const elsewhere = await signIn(app, user.email);
  const before = await hashOf(user.id);
  const change = (fields: Record<string, string>) =>
    staffPost(app, '/staff/account/password', { ...fields, _csrf: session.csrf }, { cookie: session.cookie });
  const next = 'a brand new passphrase for changer';

  const refusals: [string, Record<string, string>, string[]][] = [
    ['no current password', { password: next, confirm: next }, [CURRENT_WRONG]],
    ['a wrong current password', { current: 'not my password', password: next, confirm: next }, [CURRENT_WRONG]],
    ['too short', { current: PASSWORD, password: 'short', confirm: 'short' }, [TOO_SHORT]],
    ['typed differently', { current: PASSWORD, password: next, confirm: `${next}!` }, [MISMATCH]],
  ];
  for (const [label, fields, messages] of refusals) {
    const res = await change(fields);
    t.equal(res.statusCode, 422, `${label}: 422`);
    t.same(errorMessages(res.body), messages, `${label}: ${messages.join(' / ')}`);
    for (const value of Object.values(fields))
      t.notMatch(res.body, `value="${value}"`, `${label}: no password shown back`);
    t.equal(await hashOf(user.id), before, `${label}: password unchanged`);
    t.ok(await sessionExists(app, elsewhere.id), `${label}: other sessions untouched`);
  }

  const res = await change({ current: PASSWORD, password: next, confirm: next });
  t.equal(res.statusCode, 200, 'with the current password: changed');
  t.match(res.body, 'Your password has been changed', 'says so');
  const after = await hashOf(user.id);
  t.not(after, before, 'a new hash');
  t.ok(after?.startsWith(ARGON2ID_OWASP), 'argon2id');
  t.equal((await staffGet(app, '/staff/', { cookie: session.cookie })).statusCode, 200, 'this session goes on');
  t.notOk(await sessionExists(app, elsewhere.id), 'the other session is ended on the server');
  t.equal((await staffGet(app, '/staff/', { cookie: elsewhere.cookie })).statusCode, 303, 'and signed out');
  t.equal((await postLogin(app, user.email, PASSWORD)).res.statusCode, 401, 'the old password no longer works');
  t.equal((await postLogin(app, user.email, next)).res.statusCode, 303, 'the new one does');
  const audit = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'password_changed').execute();
  t.ok(
    audit.some((a) => a.target_id === user.id && a.actor_id === user.id),
    'audited',
  );
});

t.test('a password reset link ends every session the old password opened', async (t) => {
  const user = await createStaffUser(app, { email: 'reset@example.org' });
  const session = await signIn(app, user.email);
  const token = await createLink(app.db, 'reset', user.id);
  const next = 'the password after the reset';
  const res = await staffPost(app, `/staff/password/${token}`, { password: next, confirm: next });
  t.equal(res.statusCode, 200);
  t.notOk(await sessionExists(app, session.id), 'the old session is gone');
  t.ok((await hashOf(user.id))?.startsWith(ARGON2ID_OWASP), 'argon2id');
});

t.test('every stored password hash is argon2id with the OWASP parameters', async (t) => {
  const rows = await app.db.selectFrom('staff_users').select(['email', 'password_hash']).execute();
  for (const row of rows.filter((r) => r.password_hash !== null)) {
    t.ok(row.password_hash?.startsWith(ARGON2ID_OWASP), row.email);
  }
});
