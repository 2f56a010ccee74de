// Review findings, each pinned: a TOTP code works once, the audit log refuses TRUNCATE, an
// email typed at sign-in reaches the audit log only when an account has it, and organisation
// names are unique whatever their case.

import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import t from 'tap';
import { createOrganisation } from '../../src/staff/organisations.js';
import { build } from '../helper.js';
import { createStaffUser, enableTotp, PASSWORD, postLogin, sessionCookieOf, staffPost } from '../support/staff.js';

const app = await build(t);

t.test('a TOTP code is accepted once, not twice (RFC 6238 §5.2)', async (t) => {
  const user = await createStaffUser(app, { email: 'totp@example.org', roles: ['analyst'] });
  const secret = await enableTotp(app, user.id);
  const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
  const secondFactor = async () => {
    const { cookie } = await postLogin(app, 'totp@example.org', PASSWORD);
    const header = `${cookie?.name}=${cookie?.value}`;
    return staffPost(app, '/staff/login/second-factor', { code }, { cookie: header });
  };
  const first = await secondFactor();
  t.equal(first.statusCode, 303, 'the code signs in');
  t.ok(sessionCookieOf(first));
  const replay = await secondFactor();
  t.equal(replay.statusCode, 401, 'the same code again is refused');
});

t.test('the audit log refuses TRUNCATE as well as UPDATE and DELETE', async (t) => {
  await t.rejects(sql`truncate audit_log`.execute(app.db), /append-only/);
});

t.test('an email with no account is not written to the audit log', async (t) => {
  const typed = 'my-secret-password-typed-in-the-wrong-box';
  const res = await staffPost(app, '/staff/login', { email: typed, password: 'x' });
  t.equal(res.statusCode, 401);
  const entries = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'login_failed').execute();
  t.ok(entries.length > 0);
  t.notOk(JSON.stringify(entries).includes(typed));
});

t.test('organisation names are unique whatever their case', async (t) => {
  t.ok(await createOrganisation(app.db, 'Shepherds Bush Families Project'));
  t.equal(await createOrganisation(app.db, 'SHEPHERDS BUSH FAMILIES PROJECT'), undefined, 'not created twice');
  const rows = await app.db.selectFrom('organisations').select('name').execute();
  t.equal(rows.length, 1);
});
