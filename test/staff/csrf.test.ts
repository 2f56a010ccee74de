// CSRF: every state-changing staff form needs the session's own token, and a POST the browser
// says came from another site is refused even with the right one. A refused POST changes
// nothing and gets a plain HTML page saying the form could not be accepted.
import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { newToken } from '../../src/staff/secrets.js';
import { findUserByEmail, findUserById } from '../../src/staff/users.js';
import { build } from '../helper.js';
import {
  createStaffUser,
  PASSWORD,
  type RequestOptions,
  sessionCookieOf,
  sessionExists,
  signIn,
  staffGet,
  staffPost,
} from '../support/staff.js';

type Test = Parameters<Parameters<typeof t.test>[0]>[0];

const REFUSED_TEXT = 'This form could not be accepted';

const app = await build(t);
const admin = await createStaffUser(app, { email: 'admin@example.org', roles: ['admin'] });
const analyst = await createStaffUser(app, { email: 'analyst@example.org', roles: ['analyst'] });
const session = await signIn(app, admin.email);
const otherSessionSameUser = await signIn(app, admin.email);
const otherUser = await signIn(app, analyst.email);

function isCsrfRefusal(t: Test, res: LightMyRequestResponse, label: string) {
  t.equal(res.statusCode, 403, `${label}: 403`);
  t.match(res.headers['content-type'], /^text\/html/, `${label}: an HTML page`);
  t.match(res.body, REFUSED_TEXT, `${label}: says the form could not be accepted`);
  t.match(res.body, 'Nothing has been changed', `${label}: says nothing changed`);
  t.notOk(sessionCookieOf(res), `${label}: no cookie changed`);
}

const organisationCount = async () => (await app.db.selectFrom('organisations').select('id').execute()).length;
const userCount = async () => (await app.db.selectFrom('staff_users').select('id').execute()).length;

/** Each state-changing form, with the fields a real submission would send, and what it would change. */
const forms: { url: string; fields: Record<string, string | string[]>; unchanged: () => Promise<boolean> }[] = [
  {
    url: '/staff/admin/organisations',
    fields: { name: 'Forged organisation' },
    unchanged: async () => (await organisationCount()) === 0,
  },
  {
    url: '/staff/admin/users/new',
    fields: { email: 'forged@example.org', displayName: 'Forged', roles: 'admin' },
    unchanged: async () => (await findUserByEmail(app.db, 'forged@example.org')) === undefined,
  },
  {
    url: `/staff/admin/users/${analyst.id}`,
    fields: { displayName: 'Forged', roles: ['admin', 'analyst'] },
    unchanged: async () => (await findUserById(app.db, analyst.id))?.roles.join() === 'analyst',
  },
  {
    url: `/staff/admin/users/${analyst.id}/reset-link`,
    fields: {},
    unchanged: async () =>
      (await app.db.selectFrom('staff_tokens').select('token_hash').where('purpose', '=', 'reset').execute()).length ===
      0,
  },
  {
    url: '/staff/account/password',
    fields: { current: PASSWORD, password: 'a forged new password', confirm: 'a forged new password' },
    unchanged: async () => (await findUserById(app.db, admin.id))?.password_hash === admin.password_hash,
  },
  {
    url: '/staff/logout',
    fields: {},
    unchanged: () => sessionExists(app, session.id),
  },
];

const signedIn: RequestOptions = { cookie: session.cookie };

t.test('a signed-in POST without a CSRF token gets 403 and changes nothing', async (t) => {
  const usersBefore = await userCount();
  for (const form of forms) {
    const res = await staffPost(app, form.url, form.fields, signedIn);
    isCsrfRefusal(t, res, `no token: POST ${form.url}`);
    t.ok(await form.unchanged(), `no token: POST ${form.url} changed nothing`);
  }
  t.equal(await organisationCount(), 0, 'no organisation created');
  t.equal(await userCount(), usersBefore, 'no user created');
  t.ok(await sessionExists(app, session.id), 'after a logout without a token, the session is still on the server');
  const home = await staffGet(app, '/staff/', signedIn);
  t.equal(home.statusCode, 200, 'and still works');
});

t.test('a wrong, empty, repeated or borrowed token gets 403 and changes nothing', async (t) => {
  const tokens: [string, string | string[]][] = [
    ['a random token', newToken()],
    ['an empty token', ''],
    ['the token with one character changed', `${session.csrf.slice(0, -1)}${session.csrf.endsWith('A') ? 'B' : 'A'}`],
    ['the token twice', [session.csrf, session.csrf]],
    ['a token from another session of the same user', otherSessionSameUser.csrf],
    ['a token from another user’s session', otherUser.csrf],
  ];
  t.not(otherSessionSameUser.csrf, session.csrf, 'each session has its own token');
  for (const [label, token] of tokens) {
    for (const form of forms) {
      const res = await staffPost(app, form.url, { ...form.fields, _csrf: token }, signedIn);
      isCsrfRefusal(t, res, `${label}: POST ${form.url}`);
      t.ok(await form.unchanged(), `${label}: POST ${form.url} changed nothing`);
    }
  }
  t.ok(await sessionExists(app, session.id), 'the session is still there');
});

t.test('a POST the browser says is cross-site is refused even with the right token', async (t) => {
  const crossSite: [string, Record<string, string>][] = [
    ['sec-fetch-site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['sec-fetch-site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['the service’s host on another scheme', { origin: 'https://localhost:3000' }],
    [
      'a foreign Origin with sec-fetch-site: same-origin',
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
    ],
  ];
  for (const [label, headers] of crossSite) {
    for (const form of forms) {
      const res = await staffPost(app, form.url, { ...form.fields, _csrf: session.csrf }, { ...signedIn, headers });
      isCsrfRefusal(t, res, `${label}: POST ${form.url}`);
      t.ok(await form.unchanged(), `${label}: POST ${form.url} changed nothing`);
    }
  }

  // The ways in have no session token, so the origin check is what guards them.
  const login = await staffPost(
    app,
    '/staff/login',
    { email: analyst.email, password: PASSWORD },
    { headers: { 'sec-fetch-site': 'cross-site' } },
  );
  isCsrfRefusal(t, login, 'cross-site sign-in form');
  const sessions = await app.db
    .selectFrom('staff_sessions')
    .select('id_hash')
    .where('user_id', '=', analyst.id)
    .execute();
  t.equal(sessions.length, 1, 'no session was started for the forged sign-in');
});

t.test('the same forms are accepted with the right token from the same site', async (t) => {
  const sameSite: [string, Record<string, string>][] = [
    ['no origin headers', {}],
    ['sec-fetch-site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['Origin is PUBLIC_URL', { origin: 'http://localhost:3000' }],
    ['sec-fetch-site: none (typed or bookmarked)', { 'sec-fetch-site': 'none' }],
  ];
  for (const [i, [label, headers]] of sameSite.entries()) {
    const res = await staffPost(
      app,
      '/staff/admin/organisations',
      { name: `Real organisation ${i}`, _csrf: session.csrf },
      { ...signedIn, headers },
    );
    t.equal(res.statusCode, 303, `${label}: accepted`);
  }
  t.equal(await organisationCount(), sameSite.length, 'each created one organisation');
  const logout = await staffPost(app, '/staff/logout', { _csrf: session.csrf }, signedIn);
  t.equal(logout.statusCode, 303, 'sign-out with the token works');
  t.notOk(await sessionExists(app, session.id), 'and ends the session');
});
