// The staff session cookie: HttpOnly, SameSite=Lax, Path=/ always; Secure with the __Host-
// prefix (and so no Domain) when PUBLIC_URL is https. Only staff routes ever set a cookie, and
// the database keeps only a hash of the session id.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { tokenHash } from '../../src/staff/secrets.js';
import { build } from '../helper.js';
import { Browser } from '../support/public-pages.js';
import {
  createStaffUser,
  enableTotp,
  PASSWORD,
  postLogin,
  type SetCookie,
  sessionCookieOf,
  sessionFrom,
  setCookies,
  staffGet,
  staffPost,
} from '../support/staff.js';

type Test = Parameters<Parameters<typeof t.test>[0]>[0];

const has = (cookie: SetCookie | undefined, attribute: string) =>
  cookie?.attributes.some((a) => a.toLowerCase() === attribute.toLowerCase()) ?? false;
const attribute = (cookie: SetCookie | undefined, name: string) =>
  cookie?.attributes.find((a) => a.toLowerCase().startsWith(`${name.toLowerCase()}=`))?.split('=')[1];

function checkFlags(t: Test, cookie: SetCookie | undefined, label: string, secure: boolean) {
  t.ok(cookie, `${label}: a session cookie is set`);
  t.equal(cookie?.name, secure ? '__Host-codka-session' : 'codka-session', `${label}: named ${cookie?.name}`);
  t.ok(has(cookie, 'HttpOnly'), `${label}: HttpOnly`);
  t.equal(attribute(cookie, 'SameSite'), 'Lax', `${label}: SameSite=Lax`);
  t.equal(attribute(cookie, 'Path'), '/', `${label}: Path=/`);
  t.equal(has(cookie, 'Secure'), secure, `${label}: ${secure ? '' : 'not '}Secure`);
  t.equal(attribute(cookie, 'Domain'), undefined, `${label}: no Domain`);
  t.comment(`${label}: ${cookie?.raw.replace(/^([^=;]+)=[^;]+/, '$1=…')}`);
}

/** Signs in and out, and starts a two-factor sign-in, checking the cookie each step sets. */
async function exercise(t: Test, app: FastifyInstance, secure: boolean) {
  const user = await createStaffUser(app, { email: 'cookie@example.org', roles: ['admin'] });
  const { res, cookie } = await postLogin(app, user.email, PASSWORD);
  t.equal(res.statusCode, 303);
  checkFlags(t, cookie, 'sign-in', secure);
  const session = await sessionFrom(app, cookie as SetCookie, '/staff/');
  t.equal(
    (await staffGet(app, '/staff/', { cookie: session.cookie })).statusCode,
    200,
    'the cookie signs the browser in',
  );

  const out = await staffPost(app, '/staff/logout', { _csrf: session.csrf }, { cookie: session.cookie });
  const cleared = sessionCookieOf(out);
  t.equal(cleared?.value, '', 'sign-out clears the cookie');
  // A browser ignores a __Host- cookie (even one that clears it) without Secure and Path=/.
  checkFlags(t, cleared, 'sign-out', secure);

  // The half-way cookie of a two-factor sign-in carries the same flags.
  const second = await createStaffUser(app, { email: 'two-factor@example.org' });
  await enableTotp(app, second.id);
  const pending = await postLogin(app, second.email, PASSWORD);
  t.equal(pending.res.headers.location, '/staff/login/second-factor');
  checkFlags(t, pending.cookie, 'password step of a two-factor sign-in', secure);
}

t.test('with PUBLIC_URL http://…: codka-session, HttpOnly, SameSite=Lax, Path=/, not Secure', async (t) => {
  const app = await build(t);
  await exercise(t, app, false);
});

t.test('with PUBLIC_URL https://…: __Host-codka-session, Secure, Path=/, no Domain', async (t) => {
  const app = await build(t, { publicUrl: 'https://codka.example.org' });
  await exercise(t, app, true);
  const user = await createStaffUser(app, { email: 'plain-name@example.org' });
  const { cookie } = await postLogin(app, user.email, PASSWORD);
  const plain = await staffGet(app, '/staff/', { cookie: `codka-session=${cookie?.value}` });
  t.equal(plain.statusCode, 303, 'the id under the plain name is not accepted');
});

t.test('public pages never set a cookie, even for a signed-in staff browser; ids are stored hashed', async (t) => {
  const app = await build(t);
  const user = await createStaffUser(app, { email: 'staff@example.org', roles: ['admin'] });
  const { cookie } = await postLogin(app, user.email, PASSWORD);
  const session = await sessionFrom(app, cookie as SetCookie, '/staff/');
  const browser = new Browser(app, { headers: { cookie: session.cookie }, remoteAddress: '192.0.2.40' });

  const start = await browser.get('/en/surveys/your-experience');
  t.equal(start.status, 200, 'the demo survey is open');
  const pages = [
    await browser.get('/'),
    await browser.get('/en/'),
    await browser.get('/so/'),
    await browser.get('/ar/'),
    start,
    await browser.get('/en/surveys/your-experience/print'),
    await browser.get('/en/receipt'),
    await browser.post('/en/receipt', [['code', 'ABCD-EFGH-JKLM']]),
    await browser.post('/en/surveys/your-experience', [['_unused', 'x']]),
    await browser.get('/en/no-such-page'),
    await browser.get('/healthz'),
    await browser.get('/readyz'),
  ];
  for (const page of pages) {
    t.equal(page.headers['set-cookie'], undefined, `${page.url} (${page.status}): no Set-Cookie`);
  }
  const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec(pages[1]?.html ?? '')?.[1] ?? '';
  const css = await staffGet(app, stylesheet, { cookie: session.cookie });
  t.equal(css.statusCode, 200);
  t.same(setCookies(css), [], 'the stylesheet: no Set-Cookie');

  const rows = await app.db.selectFrom('staff_sessions').selectAll().execute();
  t.ok(rows.length > 0);
  t.notOk(JSON.stringify(rows).includes(session.id), 'the raw session id appears nowhere in staff_sessions');
  t.ok(
    rows.some((r) => r.id_hash === tokenHash(session.id)),
    'its SHA-256 hash is the key',
  );
  t.ok(
    rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash)),
    'every stored id is a hash',
  );
});
