// One-time links do not outlive a newer one or a password change: issuing a link revokes the
// user's older ones, and every way a password changes (a link, the account page, first-run
// setup) revokes what is left. A password set through a link ends all the user's sign-in
// sessions, in one transaction with its audit entry, so a crash leaves the link unused and the
// password as it was.
import { sql } from 'kysely';
import t from 'tap';
import { createLink } from '../../src/staff/tokens.js';
import { findUserById } from '../../src/staff/users.js';
import { build } from '../helper.js';
import {
  createStaffUser,
  linkOf,
  PASSWORD,
  postLogin,
  sessionExists,
  signIn,
  staffGet,
  staffPost,
} from '../support/staff.js';

const EXPIRED_TEXT = 'This link has expired or has already been used';

const app = await build(t);
const admin = await createStaffUser(app, { email: 'admin@example.org', roles: ['admin'] });
const adminSession = await signIn(app, admin.email);
const hashOf = async (id: string) => (await findUserById(app.db, id))?.password_hash;
const setVia = (token: string, password: string) =>
  staffPost(app, `/staff/password/${token}`, { password, confirm: password });
const issueReset = async (userId: string) => {
  const res = await staffPost(
    app,
    `/staff/admin/users/${userId}/reset-link`,
    { _csrf: adminSession.csrf },
    { cookie: adminSession.cookie },
  );
  const link = linkOf(res.body);
  if (!link) throw new Error(`no link issued (${res.statusCode})`);
  return link.token;
};

t.test('a newer reset link revokes the older one, and using it revokes the rest', async (t) => {
  const user = await createStaffUser(app, { email: 'forgetful@example.org' });
  const older = await issueReset(user.id);
  const newer = await issueReset(user.id);
  const olderPage = await staffGet(app, `/staff/password/${older}`);
  t.equal(olderPage.statusCode, 404, 'the older link is dead as soon as a newer one is issued');
  t.match(olderPage.body, EXPIRED_TEXT);

  t.equal((await setVia(newer, 'the password from the newer link')).statusCode, 200, 'the newer link works');
  const before = await hashOf(user.id);
  const late = await setVia(older, 'an attacker holding the old link');
  t.equal(late.statusCode, 404, 'the old link cannot set a password afterwards');
  t.equal(await hashOf(user.id), before, 'the password is the one the newer link set');
  t.equal((await postLogin(app, user.email, 'an attacker holding the old link')).res.statusCode, 401);

  // Links made without the admin page (the CLI's, an invitation) are revoked the same way.
  const first = await createLink(app.db, 'invite', user.id);
  const second = await createLink(app.db, 'reset', user.id);
  t.equal((await staffGet(app, `/staff/password/${first}`)).statusCode, 404, 'createLink revokes older links');
  t.equal((await staffGet(app, `/staff/password/${second}`)).statusCode, 200, 'and keeps the new one');
});

t.test('changing the password on the account page revokes outstanding links', async (t) => {
  const user = await createStaffUser(app, { email: 'changer@example.org' });
  const outstanding = await createLink(app.db, 'reset', user.id);
  const session = await signIn(app, user.email);
  const next = 'a new passphrase chosen while signed in';
  const res = await staffPost(
    app,
    '/staff/account/password',
    { current: PASSWORD, password: next, confirm: next, _csrf: session.csrf },
    { cookie: session.cookie },
  );
  t.equal(res.statusCode, 200, 'changed');
  t.equal((await staffGet(app, `/staff/password/${outstanding}`)).statusCode, 404, 'the reset link is revoked');
  t.equal((await setVia(outstanding, 'set through the stale link')).statusCode, 404, 'and cannot be used');
  t.equal((await postLogin(app, user.email, next)).res.statusCode, 303, 'the changed password stands');
});

t.test('a password set through a link ends every sign-in session of that user', async (t) => {
  const user = await createStaffUser(app, { email: 'everywhere@example.org' });
  const one = await signIn(app, user.email);
  const two = await signIn(app, user.email);
  const token = await issueReset(user.id);
  t.equal((await setVia(token, 'the password after the reset link')).statusCode, 200);
  t.notOk(await sessionExists(app, one.id), 'one session ended');
  t.notOk(await sessionExists(app, two.id), 'the other too');
  t.ok(await sessionExists(app, adminSession.id), "the admin's session is untouched");
});

t.test('if the audit entry cannot be written, the link stays unused and the password unchanged', async (t) => {
  const user = await createStaffUser(app, { email: 'crash@example.org' });
  const token = await issueReset(user.id);
  const before = await hashOf(user.id);
  // A crash between the password and its audit entry, made real in the database.
  await sql`
    create function refuse_password_set() returns trigger language plpgsql as $$
    begin
      if new.action = 'password_set' then raise exception 'simulated crash'; end if;
      return new;
    end $$`.execute(app.db);
  await sql`create trigger refuse_password_set before insert on audit_log
    for each row execute function refuse_password_set()`.execute(app.db);
  t.teardown(async () => {
    await sql`drop trigger if exists refuse_password_set on audit_log`.execute(app.db);
    await sql`drop function if exists refuse_password_set()`.execute(app.db);
  });
  const res = await setVia(token, 'a password that must not stick');
  t.ok(res.statusCode >= 500, `the request fails (${res.statusCode})`);
  t.equal(await hashOf(user.id), before, 'the password is unchanged');
  await sql`drop trigger refuse_password_set on audit_log`.execute(app.db);
  t.equal((await staffGet(app, `/staff/password/${token}`)).statusCode, 200, 'the link is still unused');
  t.equal((await setVia(token, 'a password that does stick')).statusCode, 200, 'and works afterwards');
});
