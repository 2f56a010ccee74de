// The route × role test. Every route Fastify registered under /staff is listed from Fastify
// itself (app.staffRoutes, cross-checked against Fastify's own route tree) and must declare
// its access in its own options, as this test's own table (route-access-expected.ts) says;
// every entry of that table must match a route. Then anonymous
// visitors, a browser half-way through sign-in, and signed-in users of each role (and of none)
// call every route, and each answer is checked against the table: refused is a 403 page for a
// signed-in user lacking the role and a 303 to /staff/login for anyone not signed in; allowed is
// anything else. POSTs carry the session's own CSRF token, so CSRF is never what refuses them,
// and carry a real change, so a refused POST is also shown to have changed nothing.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import t from 'tap';
import { ROLES, type Role, type StaffUserRow } from '../../src/db/schema.js';
import type { Access } from '../../src/staff/access.js';
import { newToken } from '../../src/staff/secrets.js';
import { encryptSecret, newTotpSecret } from '../../src/staff/totp.js';
import { findUserByEmail, findUserById } from '../../src/staff/users.js';
import { build, TEST_SECRET } from '../helper.js';
import { EXPECTED_ACCESS, routeKey } from '../support/route-access-expected.js';
import {
  createStaffUser,
  enableTotp,
  type FormFields,
  isLoginRedirect,
  PASSWORD,
  postLogin,
  sessionCookieOf,
  sessionExists,
  signIn,
  staffGet,
  staffPost,
} from '../support/staff.js';

/** `METHOD /path` for every route in Fastify's printed route tree (HEAD included). */
function keysFromRouteTree(tree: string): string[] {
  const keys: string[] = [];
  const pathAt: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[└├]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (depth > 0 ? (pathAt[depth - 1] ?? '') : '') + (match[2] ?? '');
    pathAt[depth] = path;
    pathAt.length = depth + 1;
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) keys.push(`${method} ${path}`);
  }
  return keys;
}

/** Everything wrong with the /staff route inventory: an empty list when every route is declared. */
function inventoryProblems(app: FastifyInstance): string[] {
  const problems: string[] = [];
  const registered = app.staffRoutes.map((r) => routeKey(r.method, r.url));
  const printed = keysFromRouteTree(app.printRoutes({ commonPrefix: false })).filter((k) =>
    k.split(' ')[1]?.startsWith('/staff'),
  );
  const printedWithoutHead = printed.filter((k) => !k.startsWith('HEAD '));
  if (new Set(registered).size !== registered.length) problems.push('a route is listed twice in app.staffRoutes');
  for (const key of printed.filter((k) => k.startsWith('HEAD '))) {
    // HEAD is answered as GET (the guard checks GET's declaration for it).
    if (!printed.includes(key.replace(/^HEAD /, 'GET '))) problems.push(`${key} has no GET route to take access from`);
  }
  for (const key of printedWithoutHead) {
    if (!registered.includes(key)) problems.push(`${key} is in Fastify's route tree but not in app.staffRoutes`);
  }
  for (const route of app.staffRoutes) {
    const key = routeKey(route.method, route.url);
    if (!printedWithoutHead.includes(key))
      problems.push(`${key} is in app.staffRoutes but not in Fastify's route tree`);
    if (!app.hasRoute({ method: route.method as 'GET', url: route.url }))
      problems.push(`${key}: Fastify does not have it`);
    const want = EXPECTED_ACCESS[key];
    if (route.access === undefined) problems.push(`${key} declares no access on the route`);
    else if (want === undefined) problems.push(`${key} is not in route-access-expected.ts`);
    else if (JSON.stringify(route.access) !== JSON.stringify(want))
      problems.push(`${key} declares ${JSON.stringify(route.access)}, expected ${JSON.stringify(want)}`);
  }
  for (const key of Object.keys(EXPECTED_ACCESS)) {
    if (!registered.includes(key)) problems.push(`route-access-expected.ts has ${key}, which matches no route`);
  }
  return problems;
}

type Outcome = 'allowed' | 'forbidden' | 'to-login';

interface Identity {
  name: string;
  signedIn: boolean;
  roles: Role[];
  user?: StaffUserRow;
  /** Signed in: the session's cookie and CSRF token. */
  cookie?: string;
  sessionId?: string;
  csrf?: string;
  /** A browser that gave this user's password but not yet the code (second_factor stage). */
  pendingCookie?: string;
  /** The base32 TOTP secret the user's two-factor sign-in was turned on with. */
  totpSecret?: string;
  remoteAddress: string;
}

/** What the table says, worked out here rather than with the code under test. */
function expected(access: Access, who: Identity): Outcome {
  if (access.kind === 'anyone') return 'allowed';
  if (!who.signedIn) return 'to-login';
  if (access.kind === 'signed-in') return 'allowed';
  return access.roles.some((role) => who.roles.includes(role)) ? 'allowed' : 'forbidden';
}

/** The guard's refusals change no cookie; sign-out's own 303 to /staff/login always clears one. */
function outcomeOf(res: LightMyRequestResponse): Outcome {
  if (res.statusCode === 403) return 'forbidden';
  if (isLoginRedirect(res) && !sessionCookieOf(res)) return 'to-login';
  return 'allowed';
}

const FORBIDDEN_TEXT = 'You do not have access to this page';
const NEW_PASSWORD = 'a different passphrase for the matrix';
const SECOND_FACTOR_ROUTES = new Set(['/staff/login/second-factor']);

t.test(
  'every /staff route is declared, and each identity is allowed or refused as route-access-expected.ts says',
  async (t) => {
    const app = await build(t);
    await app.ready();

    // 1. The inventory, from Fastify.
    const problems = inventoryProblems(app);
    t.same(problems, [], 'every /staff route has a declaration and every declaration a route');
    t.equal(app.staffRoutes.length, Object.keys(EXPECTED_ACCESS).length, 'as many routes as expected');
    t.ok(
      app.staffRoutes.every((r) => r.url.startsWith('/staff/')),
      'only /staff routes are listed',
    );
    t.comment(`${app.staffRoutes.length} /staff routes registered (HEAD is answered as GET)`);

    // 2. The people.
    const target = await createStaffUser(app, { email: 'target@example.org', roles: ['reviewer'], password: null });
    const identities: Identity[] = [
      { name: 'anonymous', signedIn: false, roles: [], remoteAddress: '10.0.0.1' },
      { name: 'pending', signedIn: false, roles: [], remoteAddress: '10.0.0.2' },
      { name: 'no-role', signedIn: true, roles: [], remoteAddress: '10.0.0.3' },
      ...ROLES.map((role, i) => ({ name: role, signedIn: true, roles: [role], remoteAddress: `10.0.1.${i + 1}` })),
    ];
    for (const who of identities) {
      if (who.name === 'anonymous') {
        // Someone half-way through sign-in is still anonymous: they call the second-factor step.
        const halfway = await createStaffUser(app, { email: 'halfway@example.org' });
        await enableTotp(app, halfway.id);
        const { res, cookie } = await postLogin(app, halfway.email, PASSWORD);
        t.equal(res.headers.location, '/staff/login/second-factor');
        who.pendingCookie = `${cookie?.name}=${cookie?.value}`;
        continue;
      }
      // 'pending' holds the admin role, to show that a password alone gives no admin access.
      const roles: Role[] = who.name === 'pending' ? ['admin'] : who.roles;
      who.user = await createStaffUser(app, { email: `${who.name}@example.org`, roles });
      if (who.signedIn) {
        const session = await signIn(app, who.user.email, undefined, { remoteAddress: who.remoteAddress });
        Object.assign(who, { cookie: session.cookie, sessionId: session.id, csrf: session.csrf });
      }
      // Now the same user, in another browser, with two-factor sign-in on: the pending stage.
      who.totpSecret = await enableTotp(app, who.user.id);
      const { res, cookie } = await postLogin(app, who.user.email, PASSWORD, {
        remoteAddress: who.remoteAddress,
      });
      t.equal(res.headers.location, '/staff/login/second-factor', `${who.name}: password step done`);
      who.pendingCookie = `${cookie?.name}=${cookie?.value}`;
      if (who.name === 'pending') {
        who.cookie = who.pendingCookie;
        who.sessionId = cookie?.value;
      }
    }

    // 3. What each POST tries to change, and how to tell whether it did.
    type Check = () => Promise<boolean>;
    interface Probe {
      body(who: Identity): FormFields;
      /** Called before the request; the function it returns says whether the change happened. */
      watch?(who: Identity): Promise<Check>;
    }
    const exists = async (email: string) => (await findUserByEmail(app.db, email)) !== undefined;
    const probes: Record<string, Probe> = {
      'POST /staff/login': { body: (who) => ({ email: `nobody-${who.name}@example.org`, password: 'not it' }) },
      'POST /staff/login/second-factor': { body: () => ({ code: 'not-a-code' }) },
      // With a random token these two answer 404 whoever calls: the point is that they are reached.
      'POST /staff/setup/:token': {
        body: () => ({
          email: 'setup@example.org',
          displayName: 'Setup',
          password: NEW_PASSWORD,
          confirm: NEW_PASSWORD,
        }),
      },
      'POST /staff/password/:token': { body: () => ({ password: NEW_PASSWORD, confirm: NEW_PASSWORD }) },
      'POST /staff/logout': {
        body: () => ({}),
        watch: async (who) => async () => who.sessionId !== undefined && !(await sessionExists(app, who.sessionId)),
      },
      'POST /staff/account/password': {
        body: () => ({ current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD }),
        watch: async (who) => {
          const before = who.user ? (await findUserById(app.db, who.user.id))?.password_hash : undefined;
          return async () =>
            who.user !== undefined && (await findUserById(app.db, who.user.id))?.password_hash !== before;
        },
      },
      'POST /staff/account/two-factor': {
        // Two-factor sign-in is on for every signed-in identity: the password and a current code.
        body: (who) => {
          const secret = newTotpSecret();
          const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
          const currentCode = who.totpSecret ? new TOTP({ secret: Secret.fromBase32(who.totpSecret) }).generate() : '';
          return { pending: encryptSecret(TEST_SECRET, secret), code, password: PASSWORD, currentCode };
        },
        watch: async (who) => async () => {
          if (!who.user) return false;
          const codes = await app.db
            .selectFrom('staff_recovery_codes')
            .select('code_hash')
            .where('user_id', '=', who.user.id)
            .execute();
          return codes.length > 0;
        },
      },
      'POST /staff/admin/users/new': {
        body: (who) => ({ email: `invited-by-${who.name}@example.org`, displayName: 'Invited', roles: 'analyst' }),
        watch: async (who) => () => exists(`invited-by-${who.name}@example.org`),
      },
      'POST /staff/admin/users/:id': {
        body: (who) => ({ displayName: `Renamed by ${who.name}`, roles: 'reviewer' }),
        watch: async (who) => async () =>
          (await findUserById(app.db, target.id))?.display_name === `Renamed by ${who.name}`,
      },
      'POST /staff/admin/users/:id/reset-link': {
        body: () => ({}),
        watch: async () => {
          const count = async () =>
            (
              await app.db
                .selectFrom('staff_tokens')
                .select('token_hash')
                .where('user_id', '=', target.id)
                .where('purpose', '=', 'reset')
                .execute()
            ).length;
          const before = await count();
          return async () => (await count()) > before;
        },
      },
      'POST /staff/admin/users/:id/unlock-second-factor': {
        body: () => ({}),
        watch: async () => {
          const failures = async () => (await findUserById(app.db, target.id))?.second_factor_failures;
          await app.db
            .updateTable('staff_users')
            .set({ second_factor_failures: 3 })
            .where('id', '=', target.id)
            .execute();
          return async () => (await failures()) === 0;
        },
      },
      'POST /staff/admin/organisations': {
        body: (who) => ({ name: `Organisation of ${who.name}` }),
        watch: async (who) => async () =>
          (await app.db
            .selectFrom('organisations')
            .select('id')
            .where('name', '=', `Organisation of ${who.name}`)
            .executeTakeFirst()) !== undefined,
      },
    };

    // The second-factor step comes before a password change (which ends the user's other
    // sessions, the pending one among them), and signing out comes last.
    const last = ['POST /staff/account/password', 'POST /staff/logout'];
    const routes = [...app.staffRoutes].sort(
      (a, b) => last.indexOf(routeKey(a.method, a.url)) - last.indexOf(routeKey(b.method, b.url)),
    );
    t.same(
      routes.slice(-2).map((r) => routeKey(r.method, r.url)),
      last,
      'sign-out is the last call',
    );
    const generic = routes.filter((r) => r.method !== 'GET' && !probes[routeKey(r.method, r.url)]);
    if (generic.length > 0) {
      // Still checked for allowed or refused; only what a refused call would have changed is not.
      t.comment(`POSTs sent with just the CSRF token: ${generic.map((r) => routeKey(r.method, r.url)).join(', ')}`);
    }

    // The second-factor step serves only a browser between password and code: everyone else,
    // signed in or not, is sent back to the sign-in page by its handler, whatever their roles.
    for (const who of identities.filter((w) => w.name !== 'pending')) {
      for (const method of ['GET', 'POST'] as const) {
        const options = { cookie: who.cookie, remoteAddress: who.remoteAddress };
        const res =
          method === 'GET'
            ? await staffGet(app, '/staff/login/second-factor', options)
            : await staffPost(app, '/staff/login/second-factor', { code: '000000', _csrf: who.csrf }, options);
        t.ok(
          isLoginRedirect(res),
          `${who.name}: ${method} second-factor step without a pending sign-in → /staff/login`,
        );
      }
    }

    // 4. Every route, for every identity.
    const matrix = new Map<string, string[]>();
    for (const who of identities) {
      for (const route of routes) {
        const key = routeKey(route.method, route.url);
        // What this test's table says, not what the route declares: a wrong declaration fails here too.
        const access = EXPECTED_ACCESS[key] as Access;
        // :id is a real user's id (a real uuid for any other kind of record); other params a random token.
        const url = route.url.replace(/:(\w+)/g, (_, name: string) => (name === 'id' ? target.id : newToken()));
        const cookie = SECOND_FACTOR_ROUTES.has(route.url) ? who.pendingCookie : who.cookie;
        const options = { cookie, remoteAddress: who.remoteAddress };
        const probe = probes[key];
        const changed = route.method === 'POST' ? await probe?.watch?.(who) : undefined;
        const res =
          route.method === 'GET'
            ? await staffGet(app, url, options)
            : await staffPost(app, url, { ...probe?.body(who), _csrf: who.csrf }, options);
        const want = expected(access, who);
        const got = outcomeOf(res);
        const label = `${who.name}: ${key} → ${res.statusCode}`;
        t.equal(got, want, label);
        t.ok(res.statusCode < 500, `${label}: no server error`);
        if (got === 'forbidden') t.match(res.body, FORBIDDEN_TEXT, `${label}: the access page, not the CSRF page`);
        if (changed) t.equal(await changed(), want === 'allowed', `${label}: changed only if allowed`);
        const cell = got === 'allowed' ? `✓${res.statusCode}` : got === 'forbidden' ? '✗403' : '✗login';
        matrix.set(key, [...(matrix.get(key) ?? []), cell]);
      }
      if (who.signedIn && who.sessionId) t.notOk(await sessionExists(app, who.sessionId), `${who.name}: signed out`);
    }

    const width = Math.max(...routes.map((r) => routeKey(r.method, r.url).length));
    const lines = [
      ['route'.padEnd(width), ...identities.map((who) => who.name.padEnd(12))].join(' '),
      ...routes.map((r) => {
        const key = routeKey(r.method, r.url);
        return [key.padEnd(width), ...(matrix.get(key) ?? []).map((cell) => cell.padEnd(12))].join(' ');
      }),
    ];
    t.comment(`route × identity (✓ allowed with its status, ✗ refused):\n${lines.join('\n')}`);
    t.comment(
      'the second-factor step is called with each identity’s half-signed-in browser; without one, it sends everyone back to /staff/login',
    );
  },
);

t.test('a /staff route with no declaration fails the inventory and is refused to everyone', async (t) => {
  const app = await build(t);
  app.get('/staff/undeclared', async () => 'should never be served');
  app.post('/staff/undeclared', async () => 'should never be served');
  await app.ready();
  t.same(
    inventoryProblems(app),
    ['GET /staff/undeclared declares no access on the route', 'POST /staff/undeclared declares no access on the route'],
    'the inventory names the undeclared routes',
  );
  const admin = await createStaffUser(app, { email: 'admin@example.org', roles: ['admin'] });
  const session = await signIn(app, admin.email);
  const anonymous = await staffGet(app, '/staff/undeclared');
  t.equal(anonymous.statusCode, 403, 'anonymous: refused');
  const asAdmin = await staffGet(app, '/staff/undeclared', { cookie: session.cookie });
  t.equal(asAdmin.statusCode, 403, 'even an admin: refused');
  t.notMatch(asAdmin.body, 'should never be served');
  const posted = await staffPost(app, '/staff/undeclared', { _csrf: session.csrf }, { cookie: session.cookie });
  t.equal(posted.statusCode, 403, 'POST refused too');
});

t.test('paths under /staff that only a public pattern matches are not served', async (t) => {
  const app = await build(t);
  for (const url of ['/staff/receipt', '/staff/surveys/your-experience', '/staff/surveys/your-experience/print']) {
    const res = await staffGet(app, url);
    t.equal(res.statusCode, 404, `GET ${url}`);
  }
  const post = await staffPost(app, '/staff/receipt', { code: 'x' });
  t.equal(post.statusCode, 404, 'POST /staff/receipt');
});
