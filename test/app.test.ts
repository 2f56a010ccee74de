import t from 'tap';
import { build } from './helper.js';

t.test('health and readiness answer', async (t) => {
  const app = await build(t);
  const health = await app.inject({ url: '/healthz' });
  t.equal(health.statusCode, 200);
  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200);
  t.same(ready.json(), { status: 'ready' });
});

t.test('security headers on every response, errors included', async (t) => {
  const app = await build(t);
  for (const url of ['/', '/en/', '/no-such-page', '/healthz']) {
    const res = await app.inject({ url });
    t.match(res.headers['content-security-policy'], /script-src 'none'/, url);
    t.match(res.headers['content-security-policy'], /frame-ancestors 'none'/, url);
    t.equal(res.headers['referrer-policy'], 'no-referrer', url);
    t.equal(res.headers['x-content-type-options'], 'nosniff', url);
    t.ok(res.headers['permissions-policy'], url);
  }
});

t.test('staff pages alone may run the service’s own script file; none may run an inline one', async (t) => {
  const app = await build(t);
  for (const url of ['/staff/login', '/staff', '/staff/accounts?x=1']) {
    const res = await app.inject({ url });
    t.match(res.headers['content-security-policy'], /script-src 'self'(;|$)/, url);
    t.notMatch(res.headers['content-security-policy'], /unsafe-inline/, url);
  }
  for (const url of ['/en/', '/staffroom', '/en/?next=/staff/']) {
    const res = await app.inject({ url });
    t.match(res.headers['content-security-policy'], /script-src 'none'/, url);
  }
  const script = await app.inject({ url: app.staffScriptHref });
  t.equal(script.statusCode, 200);
  t.match(app.staffScriptHref, /^\/assets\/staff-coding\.[0-9a-f]{12}\.js$/);
  t.match(script.headers['content-type'], 'text/javascript');
  t.match(script.headers['cache-control'], /immutable/);
});

t.test('the stylesheet has a hashed name and a year-long immutable cache', async (t) => {
  const app = await build(t);
  const page = await app.inject({ url: '/en/' });
  const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page.body)?.[1];
  t.match(href, /^\/assets\/styles\.[0-9a-f]{12}\.css$/);
  const css = await app.inject({ url: href as string, headers: { 'accept-encoding': 'br' } });
  t.equal(css.statusCode, 200);
  t.match(css.headers['cache-control'], /max-age=31536000/);
  t.match(css.headers['cache-control'], /immutable/);
  t.equal(css.headers['content-encoding'], 'br');
});

t.test('HTML is compressed with gzip or brotli', async (t) => {
  const app = await build(t);
  const gzip = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
  t.equal(gzip.headers['content-encoding'], 'gzip');
  const br = await app.inject({ url: '/', headers: { 'accept-encoding': 'br, gzip' } });
  t.equal(br.headers['content-encoding'], 'br');
});

t.test('unknown pages get a 404 page in the locale of the path', async (t) => {
  const app = await build(t);
  const res = await app.inject({ url: '/so/no-such-page' });
  t.equal(res.statusCode, 404);
  t.match(res.headers['content-type'], /text\/html/);
  t.match(res.body, /<html lang="so" dir="ltr">/);
  const unknownLocale = await app.inject({ url: '/xx/' });
  t.equal(unknownLocale.statusCode, 404);
  t.match(unknownLocale.body, /<html lang="en"/);
  const arabic = await app.inject({ url: '/ar/nothing' });
  t.match(arabic.body, /<html lang="ar" dir="rtl">/);
});

t.test('a failing route gets a 500 page with no stack trace or internal message', async (t) => {
  const app = await build(t);
  app.get('/en/explode', async () => {
    throw new Error('secret internal detail at /srv/app.ts:42');
  });
  const res = await app.inject({ url: '/en/explode' });
  t.equal(res.statusCode, 500);
  t.match(res.headers['content-type'], /text\/html/);
  t.notMatch(res.body, /secret internal detail/);
  t.notMatch(res.body, /app\.ts/);
  t.match(res.body, /server_error/);
});
