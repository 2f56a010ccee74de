// Admin pages: invite a user with a one-time link that expires, change roles, languages and
// organisation, disable, issue reset links, manage organisations, read the audit log with
// filters. Every change is audited with who and which record, never a password or secret, and
// the audit log cannot be changed or deleted.
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import t from 'tap';
import { tokenHash } from '../../src/staff/secrets.js';
import { findUserByEmail, findUserById } from '../../src/staff/users.js';
import { build } from '../helper.js';
import { decodeHtml } from '../support/forms.js';
import {
  createStaffUser,
  errorMessages,
  type FormFields,
  linkOf,
  PASSWORD,
  postLogin,
  type SetCookie,
  type SignInSession,
  sessionCookieOf,
  sessionExists,
  sessionFrom,
  signIn,
  staffGet,
  staffPost,
} from '../support/staff.js';

const app = await build(t);
const admin = await createStaffUser(app, { email: 'admin@example.org', roles: ['admin'], displayName: 'Ada Admin' });
let session: SignInSession = await signIn(app, admin.email);

/** Everything secret the tests type or are shown: none of it may reach the audit log. */
const secrets = new Set<string>([PASSWORD]);
const as = () => ({ cookie: session.cookie });
const post = (url: string, fields: FormFields) => staffPost(app, url, { ...fields, _csrf: session.csrf }, as());
const get = (url: string) => staffGet(app, url, as());
const issuedLink = (res: LightMyRequestResponse) => {
  const link = linkOf(res.body);
  if (link) secrets.add(link.token);
  return link;
};

let organisationId = '';
let invitedId = '';
const invitedPassword = 'ifrah chooses her own passphrase';
secrets.add(invitedPassword);

t.test('organisations: list, create, refuse a duplicate', async (t) => {
  const empty = await get('/staff/admin/organisations');
  t.equal(empty.statusCode, 200);
  t.match(empty.body, 'No organisations yet.');
  const created = await post('/staff/admin/organisations', { name: 'Somali Health Link' });
  t.equal(created.statusCode, 303, 'created');
  t.equal(created.headers.location, '/staff/admin/organisations');
  await post('/staff/admin/organisations', { name: 'Tigrinya Women’s Group' });
  const list = await get('/staff/admin/organisations');
  t.match(list.body, '<li>Somali Health Link</li>', 'listed');
  t.match(list.body, 'Tigrinya Women’s Group');

  for (const name of ['Somali Health Link', '  Somali Health Link  ']) {
    const duplicate = await post('/staff/admin/organisations', { name });
    t.equal(duplicate.statusCode, 422, `duplicate ${JSON.stringify(name)}: 422`);
    t.same(errorMessages(duplicate.body), ['There is already an organisation with this name']);
    t.match(duplicate.body, `value="${name}"`, 'what was typed is kept');
  }
  const blank = await post('/staff/admin/organisations', { name: '   ' });
  t.equal(blank.statusCode, 422, 'a blank name: 422');
  t.same(errorMessages(blank.body), ['Enter a name']);
  const rows = await app.db.selectFrom('organisations').selectAll().execute();
  t.equal(rows.length, 2, 'two organisations, no duplicate');
  organisationId = rows.find((r) => r.name === 'Somali Health Link')?.id ?? '';
});

t.test('invite a user: a one-time link that works once and expires', async (t) => {
  const form = await get('/staff/admin/users/new');
  t.equal(form.statusCode, 200);
  t.match(form.body, `<option value="${organisationId}">Somali Health Link</option>`, 'organisations offered');

  const res = await post('/staff/admin/users/new', {
    email: 'Invited@Example.org',
    displayName: 'Ifrah Invited',
    roles: ['translator', 'reviewer'],
    languages: ['so', 'ar'],
    organisationId,
  });
  t.equal(res.statusCode, 200, 'invited');
  t.match(res.body, 'Invitation created');
  const link = issuedLink(res);
  t.ok(link, 'the page shows a one-time link');
  t.match(link?.url, /^http:\/\/localhost:3000\/staff\/password\/[A-Za-z0-9_-]{43}$/);
  t.match(res.body, 'It works once, for 7 days', 'and says how long it lasts');

  const user = await findUserByEmail(app.db, 'invited@example.org');
  invitedId = user?.id ?? '';
  t.match(
    user,
    {
      display_name: 'Ifrah Invited',
      roles: ['translator', 'reviewer'],
      languages: ['so', 'ar'],
      organisation_id: organisationId,
    },
    'created with roles, languages and organisation',
  );
  t.equal(user?.password_hash, null, 'and no password');
  const users = await get('/staff/admin/users');
  t.match(
    users.body,
    /invited@example\.org<\/a><\/td><td>Ifrah Invited<\/td><td>Translator, Community reviewer<\/td><td>Somali Health Link<\/td><td>Invited/,
  );
  t.notMatch(users.body, '$argon2', 'the users page shows no password hash');
  const stored = await app.db.selectFrom('staff_tokens').selectAll().where('user_id', '=', invitedId).execute();
  t.same(
    stored.map((s) => s.token_hash),
    [tokenHash(link?.token ?? '')],
    'only the hash of the token is stored',
  );

  const path = `/staff/password/${link?.token}`;
  t.equal((await staffGet(app, path)).statusCode, 200, 'the link opens');
  const set = await staffPost(app, path, { password: invitedPassword, confirm: invitedPassword });
  t.equal(set.statusCode, 200, 'and sets the password');
  const again = await staffGet(app, path);
  t.equal(again.statusCode, 404, 'then the link is spent');
  t.match(again.body, 'This link has expired or has already been used');
  t.equal((await staffPost(app, path, { password: 'x'.repeat(20), confirm: 'x'.repeat(20) })).statusCode, 404);
  t.equal(
    (await postLogin(app, 'invited@example.org', invitedPassword)).res.statusCode,
    303,
    'the invited user signs in',
  );

  const duplicate = await post('/staff/admin/users/new', { email: 'invited@example.org', displayName: 'Again' });
  t.equal(duplicate.statusCode, 422, 'inviting the same email again: 422');
  t.same(errorMessages(duplicate.body), ['There is already an account with this email address']);
  const badRole = await post('/staff/admin/users/new', {
    email: 'new@example.org',
    displayName: 'New',
    roles: 'superuser',
  });
  t.equal(badRole.statusCode, 422, 'an unknown role: 422');
  t.same(errorMessages(badRole.body), ['Choose roles from the list']);
  t.equal(await findUserByEmail(app.db, 'new@example.org'), undefined, 'nobody created');

  const late = await post('/staff/admin/users/new', {
    email: 'late@example.org',
    displayName: 'Late',
    roles: 'analyst',
  });
  const lateLink = issuedLink(late);
  t.equal((await staffGet(app, `/staff/password/${lateLink?.token}`)).statusCode, 200, 'another invitation works…');
  await app.db
    .updateTable('staff_tokens')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('token_hash', '=', tokenHash(lateLink?.token ?? ''))
    .execute();
  t.equal((await staffGet(app, `/staff/password/${lateLink?.token}`)).statusCode, 404, '…until it expires: 404');
  const latePost = await staffPost(app, `/staff/password/${lateLink?.token}`, {
    password: 'y'.repeat(20),
    confirm: 'y'.repeat(20),
  });
  t.equal(latePost.statusCode, 404, 'and cannot be used');
  t.equal((await findUserByEmail(app.db, 'late@example.org'))?.password_hash, null, 'no password set');
});

t.test('change roles, languages and organisation; disable; issue a reset link', async (t) => {
  const userSession = await signIn(app, 'invited@example.org', invitedPassword);
  const page = await get(`/staff/admin/users/${invitedId}`);
  t.equal(page.statusCode, 200);
  t.match(page.body, 'id="f-roles-translator" name="roles" value="translator" checked', 'current roles ticked');
  t.match(page.body, 'value="so" checked', 'current languages ticked');

  const changed = await post(`/staff/admin/users/${invitedId}`, {
    displayName: 'Ifrah Analyst',
    roles: ['analyst', 'partner'],
    languages: ['fa'],
    organisationId: '',
  });
  t.equal(changed.statusCode, 200);
  t.match(changed.body, 'Changes saved.');
  t.match(
    await findUserById(app.db, invitedId),
    {
      display_name: 'Ifrah Analyst',
      roles: ['analyst', 'partner'],
      languages: ['fa'],
      organisation_id: null,
      disabled: false,
    },
    'roles, languages and organisation changed',
  );
  const moved = await post(`/staff/admin/users/${invitedId}`, {
    displayName: 'Ifrah Analyst',
    roles: 'partner',
    organisationId,
  });
  t.equal(moved.statusCode, 200);
  t.match(await findUserById(app.db, invitedId), {
    roles: ['partner'],
    languages: [],
    organisation_id: organisationId,
  });
  t.ok(await sessionExists(app, userSession.id), 'changes other than disabling keep the user signed in');

  // A well-formed id of no organisation (a stale form, or a deleted one): refused, not a 500.
  const nowhere = '00000000-0000-4000-8000-000000000000';
  const badOrganisation = await post(`/staff/admin/users/${invitedId}`, {
    displayName: 'Ifrah',
    organisationId: nowhere,
  });
  t.equal(badOrganisation.statusCode, 422, 'changing to an unknown organisation: 422');
  t.same(errorMessages(badOrganisation.body), ['Choose an organisation from the list']);
  t.equal((await findUserById(app.db, invitedId))?.display_name, 'Ifrah Analyst', 'nothing changed');
  const badInvite = await post('/staff/admin/users/new', {
    email: 'nowhere@example.org',
    displayName: 'Nowhere',
    organisationId: nowhere,
  });
  t.equal(badInvite.statusCode, 422, 'inviting into an unknown organisation: 422');
  t.same(errorMessages(badInvite.body), ['Choose an organisation from the list']);
  t.match(badInvite.body, 'value="nowhere@example.org"', 'what was typed is kept');
  t.equal(await findUserByEmail(app.db, 'nowhere@example.org'), undefined, 'nobody created');

  const disabled = await post(`/staff/admin/users/${invitedId}`, {
    displayName: 'Ifrah Analyst',
    roles: 'partner',
    organisationId,
    disabled: 'yes',
  });
  t.equal(disabled.statusCode, 200, 'disabled');
  t.equal((await findUserById(app.db, invitedId))?.disabled, true);
  t.notOk(await sessionExists(app, userSession.id), 'and signed out at once');
  t.match(
    (await get('/staff/admin/users')).body,
    /invited@example\.org[\s\S]*?<td>Disabled<\/td>/,
    'listed as disabled',
  );

  const resetForDisabled = issuedLink(await post(`/staff/admin/users/${invitedId}/reset-link`, {}));
  t.equal(
    (await staffGet(app, `/staff/password/${resetForDisabled?.token}`)).statusCode,
    404,
    'a reset link does not work for a disabled account',
  );

  await post(`/staff/admin/users/${invitedId}`, { displayName: 'Ifrah Analyst', roles: 'partner', organisationId });
  t.equal((await findUserById(app.db, invitedId))?.disabled, false, 'enabled again');
  const reset = await post(`/staff/admin/users/${invitedId}/reset-link`, {});
  t.equal(reset.statusCode, 200);
  t.match(reset.body, 'Password reset link created');
  const link = issuedLink(reset);
  t.match(reset.body, 'It works once, for 1 days');
  const password = 'ifrah after the reset';
  secrets.add(password);
  t.equal((await staffPost(app, `/staff/password/${link?.token}`, { password, confirm: password })).statusCode, 200);
  t.equal((await staffGet(app, `/staff/password/${link?.token}`)).statusCode, 404, 'the reset link works once');
  t.equal((await postLogin(app, 'invited@example.org', password)).res.statusCode, 303, 'the new password works');
  const failed = await postLogin(app, 'invited@example.org', 'a wrong guess at it');
  secrets.add('a wrong guess at it');
  t.equal(failed.res.statusCode, 401);

  t.equal(
    (await get('/staff/admin/users/00000000-0000-4000-8000-000000000000')).statusCode,
    404,
    'an unknown user: 404',
  );
  t.equal((await get('/staff/admin/users/not-a-uuid')).statusCode, 404, 'a malformed id: 404');
});

t.test('an admin cannot remove their own admin role or disable themselves', async (t) => {
  const dropRole = await post(`/staff/admin/users/${admin.id}`, { displayName: 'Ada Admin', roles: 'analyst' });
  t.equal(dropRole.statusCode, 422, 'removing their own admin role: 422');
  t.match(errorMessages(dropRole.body)[0], 'You cannot remove your own admin role');
  const disableSelf = await post(`/staff/admin/users/${admin.id}`, {
    displayName: 'Ada Admin',
    roles: 'admin',
    disabled: 'yes',
  });
  t.equal(disableSelf.statusCode, 422, 'disabling themselves: 422');
  t.match(await findUserById(app.db, admin.id), { roles: ['admin'], disabled: false }, 'nothing changed');
  t.ok(await sessionExists(app, session.id), 'still signed in');
  const rename = await post(`/staff/admin/users/${admin.id}`, {
    displayName: 'Ada A. Admin',
    roles: ['admin', 'analyst'],
  });
  t.equal(rename.statusCode, 200, 'other changes to their own account are fine');
});

t.test('two-factor enrolment, sign-out and sign-in are audited too', async (t) => {
  const page = await get('/staff/account/two-factor');
  const secret = (/<code class="secret">([^<]*)<\/code>/.exec(page.body)?.[1] ?? '').replace(/\s+/g, '');
  const pending = decodeHtml(/name="pending" value="([^"]*)"/.exec(page.body)?.[1] ?? '');
  secrets.add(secret);
  secrets.add(pending);
  const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
  const enrolled = await post('/staff/account/two-factor', { pending, code, password: PASSWORD });
  t.equal(enrolled.statusCode, 200);
  for (const m of enrolled.body.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)) secrets.add(m[1] ?? '');
  const out = await post('/staff/logout', {});
  t.equal(out.statusCode, 303);
  const step = await postLogin(app, admin.email, PASSWORD);
  const done = await staffPost(
    app,
    '/staff/login/second-factor',
    { code: new TOTP({ secret: Secret.fromBase32(secret) }).generate() },
    { cookie: `${step.cookie?.name}=${step.cookie?.value}` },
  );
  t.equal(done.statusCode, 303, 'signed in again with a code');
  const cookie = sessionCookieOf(done);
  t.ok(cookie);
  session = await sessionFrom(app, cookie as SetCookie, '/staff/');
  secrets.add(session.id);
  secrets.add(session.csrf);
});

t.test('the audit log: who, what, which record; filters; no secrets; append-only', async (t) => {
  const rows = await app.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  const expected = [
    'login',
    'login_failed',
    'logout',
    'user_created',
    'user_updated',
    'password_reset_link',
    'password_set',
    'totp_enrolled',
    'organisation_created',
  ];
  for (const action of expected) {
    const entries = rows.filter((r) => r.action === action);
    t.ok(entries.length > 0, `${action} is audited`);
    for (const entry of entries) {
      t.ok(
        entry.target_type && entry.target_id,
        `${action}: names the record (${entry.target_type} ${entry.target_id})`,
      );
      if (action === 'login_failed') {
        // Nobody is signed in when a sign-in fails: there is no actor, only the account tried.
        t.equal(entry.actor_id, null, `${action}: no actor (nobody is signed in)`);
      } else {
        t.ok(entry.actor_id && entry.actor_email, `${action}: names who did it (${entry.actor_email})`);
      }
    }
  }
  const byAdmin = ['user_created', 'user_updated', 'password_reset_link', 'organisation_created'];
  for (const action of byAdmin) {
    t.ok(
      rows.filter((r) => r.action === action).every((r) => r.actor_id === admin.id),
      `${action}: the admin is the actor`,
    );
  }
  t.ok(
    rows.some((r) => r.action === 'login_failed' && r.target_id === invitedId),
    'a failed sign-in names the account it was for',
  );

  const everything = JSON.stringify(rows);
  for (const secret of secrets) {
    t.notOk(everything.includes(secret), `no secret in the audit log (${secret.slice(0, 6)}…)`);
  }
  for (const row of rows) {
    t.notMatch(
      JSON.stringify(row.details),
      /password|secret|totp_secret|token|\$argon2/i,
      `${row.action}: details hold no secret field`,
    );
  }

  // The page and its filters.
  const tableRows = (res: LightMyRequestResponse) =>
    [...res.body.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => ({
      at: m[1] ?? '',
      actor: m[2] ?? '',
      action: m[3] ?? '',
    }));
  const all = await get('/staff/admin/audit');
  t.equal(all.statusCode, 200);
  t.equal(tableRows(all).length, Math.min(rows.length, 200), 'every entry listed');
  const byActor = tableRows(await get(`/staff/admin/audit?actor=${encodeURIComponent('ADMIN@example.org')}`));
  t.ok(byActor.length > 0, 'filter by actor');
  t.ok(
    byActor.every((r) => r.actor === 'admin@example.org'),
    'only that actor',
  );
  const byAction = tableRows(await get('/staff/admin/audit?action=organisation_created'));
  t.equal(byAction.length, 2, 'filter by action: both organisations');
  t.ok(
    byAction.every((r) => r.action === 'organisation_created'),
    'only that action',
  );
  const today = new Date().toISOString().slice(0, 10);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  t.equal(
    tableRows(await get(`/staff/admin/audit?from=${today}&to=${today}`)).length,
    tableRows(all).length,
    'today: all',
  );
  const before = await get(`/staff/admin/audit?to=${day(-1)}`);
  t.equal(tableRows(before).length, 0, 'up to yesterday: none');
  t.match(before.body, 'No entries match.');
  t.equal(tableRows(await get(`/staff/admin/audit?from=${day(1)}`)).length, 0, 'from tomorrow: none');
  const combined = tableRows(await get(`/staff/admin/audit?actor=admin@example.org&action=user_created&from=${today}`));
  t.ok(
    combined.length > 0 && combined.every((r) => r.action === 'user_created' && r.actor === 'admin@example.org'),
    'filters combine',
  );
  const junk = await get('/staff/admin/audit?from=yesterday&to=%3Cscript%3E&action=%27%3B');
  t.equal(junk.statusCode, 200, 'nonsense filters are ignored, not an error');

  // Append-only.
  const first = rows[0]?.id ?? '0';
  await t.rejects(
    app.db.updateTable('audit_log').set({ action: 'rewritten' }).where('id', '=', first).execute(),
    /append-only/,
    'an UPDATE throws',
  );
  await t.rejects(app.db.deleteFrom('audit_log').where('id', '=', first).execute(), /append-only/, 'a DELETE throws');
  await t.rejects(app.db.deleteFrom('audit_log').execute(), /append-only/, 'so does deleting everything');
  await t.rejects(sql`update audit_log set actor_email = null`.execute(app.db), /append-only/, 'and raw SQL');
  const after = await app.db
    .selectFrom('audit_log')
    .selectAll()
    .where('id', '<=', rows.at(-1)?.id ?? '0')
    .orderBy('id')
    .execute();
  t.same(after, rows, 'every entry is as it was');
});
