// The HTTP layer below the routes: request ids that count nothing, errors the parser raises
// answered as pages, HSTS over https, and which address the rate limits see behind a proxy.
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { loadConfig, parseTrustProxy } from '../src/config.js';
import { STRICT_TRANSPORT_SECURITY } from '../src/plugins/security-headers.js';
import { WRONG_RECEIPTS_PER_ADDRESS } from '../src/plugins/surveys.js';
import { build } from './helper.js';

/** Sends raw bytes to a listening app and returns everything it answers before closing. */
function rawRequest(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.end(bytes);
  });
}

const headerOf = (response: string, name: string) =>
  new RegExp(`^${name}: (.*)$`, 'im').exec(response.split('\r\n\r\n', 1)[0] ?? '')?.[1]?.trim();

async function listening(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

t.test('request ids are random, not a counter a log reader could subtract', async (t) => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const app = await build(t, { logLevel: 'info' }, { logStream: stream });
  await app.inject({ url: '/staff/login' });
  for (let i = 0; i < 5; i++) await app.inject({ url: '/en/' });
  // A client cannot choose its own id either.
  await app.inject({ url: '/staff/login', headers: { 'request-id': 'chosen-by-client', 'x-request-id': 'chosen' } });
  const staff = chunks
    .join('')
    .split('\n')
    .filter((line) => line.includes('"staff request"'))
    .map((line) => JSON.parse(line) as { reqId: string });
  t.equal(staff.length, 2, 'two staff lines');
  for (const line of staff) {
    t.notMatch(line.reqId, /^req-\d+$/, `${line.reqId} is not req-N`);
    t.match(line.reqId, /^[\w-]{11}$/, 'eight random bytes');
    t.notMatch(line.reqId, /chosen/, 'not taken from a header');
  }
  t.not(staff[0]?.reqId, staff[1]?.reqId, 'different ids');
});

t.test('errors Node’s parser raises are error pages with the security headers, in the path’s locale', async (t) => {
  const app = await build(t);
  const port = await listening(app);
  const so = app.translatorFor('so');
  const cases: [string, string | Buffer, number, string][] = [
    ['a URL over 16 KB', `GET /so/${'a'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'so'],
    ['a cookie over 16 KB', `GET /so/ HTTP/1.1\r\nHost: x\r\nCookie: a=${'b'.repeat(17_000)}\r\n\r\n`, 431, 'so'],
    ['a broken request line', 'GET /so/ HTTP/9.9 nonsense\r\n\r\n', 400, 'so'],
    ['a control character in a header', 'GET /so/ HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n', 400, 'so'],
    [
      'a bad Content-Length',
      'POST /so/receipt HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\ncode=1',
      400,
      'so',
    ],
    ['no locale in the path', `GET /${'x'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'en'],
  ];
  for (const [what, bytes, status, locale] of cases) {
    const response = await rawRequest(port, bytes);
    t.match(response, new RegExp(`^HTTP/1\\.1 ${status} `), `${what}: ${status}`);
    t.equal(headerOf(response, 'content-type'), 'text/html; charset=utf-8', `${what}: a page, not JSON`);
    t.match(headerOf(response, 'content-security-policy') ?? '', "default-src 'none'", `${what}: CSP`);
    t.equal(headerOf(response, 'x-frame-options'), 'DENY', `${what}: frames refused`);
    t.equal(headerOf(response, 'x-content-type-options'), 'nosniff', `${what}: nosniff`);
    t.match(response, `<html lang="${locale}"`, `${what}: in ${locale}`);
    if (locale === 'so') t.match(response, so('errors.bad_request.title'), `${what}: the Somali title`);
    t.notMatch(response, /"statusCode"|Client Error|Exceeded maximum/, `${what}: no Fastify JSON`);
  }
});

t.test('HSTS is sent when the public URL is https, and only then', async (t) => {
  const https = await build(t, { publicUrl: 'https://codka.example.org' });
  for (const url of ['/', '/en/', '/staff/login', '/en/no-such-page']) {
    const res = await https.inject({ url });
    t.equal(res.headers['strict-transport-security'], STRICT_TRANSPORT_SECURITY, `https: ${url}`);
  }
  t.equal(STRICT_TRANSPORT_SECURITY, 'max-age=31536000; includeSubDomains', 'a year, this host and below');
  const port = await listening(https);
  const parserError = await rawRequest(port, 'GET /en/ HTTP/9.9 x\r\n\r\n');
  t.equal(headerOf(parserError, 'strict-transport-security'), STRICT_TRANSPORT_SECURITY, 'parser errors too');

  const http = await build(t, { publicUrl: 'http://localhost:3000' });
  const res = await http.inject({ url: '/en/' });
  t.equal(res.headers['strict-transport-security'], undefined, 'plain http: none (browsers ignore it there)');
});

t.test('TRUST_PROXY is parsed strictly', async (t) => {
  t.equal(parseTrustProxy('false'), false);
  t.same(parseTrustProxy('10.0.0.5'), ['10.0.0.5']);
  t.same(parseTrustProxy('10.0.0.0/8, 192.168.1.1,::1, fd00::/8'), ['10.0.0.0/8', '192.168.1.1', '::1', 'fd00::/8']);
  t.same(parseTrustProxy('loopback'), ['loopback']);
  for (const bad of ['true', '1', '2', '10.0.0.0/33', 'proxy.example.org', '10.0.0.1/8/1', '', ' , ']) {
    t.equal(parseTrustProxy(bad), undefined, `refused: ${JSON.stringify(bad)}`);
  }
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.5', SECRET: 's'.repeat(32), DATA_DIR: t.testdir() }).trustProxy, [
    '10.0.0.5',
  ]);
  t.equal(loadConfig({ SECRET: 's'.repeat(32), DATA_DIR: t.testdir() }).trustProxy, false, 'off by default');
  t.throws(
    () => loadConfig({ TRUST_PROXY: 'true', SECRET: 's'.repeat(32), DATA_DIR: t.testdir() }),
    /TRUST_PROXY must be false, or/,
  );
});

/** Wrong receipt codes until refused: how many were answered "not found" first. */
async function wrongCodesUntilRefused(
  app: FastifyInstance,
  from: { remoteAddress: string; forwardedFor?: () => string },
): Promise<number> {
  for (let i = 0; i < WRONG_RECEIPTS_PER_ADDRESS + 5; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/en/receipt',
      remoteAddress: from.remoteAddress,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor() } : {}),
      },
      payload: `code=ZZZZ-ZZZZ-${String(i).padStart(4, '0')}`,
    });
    if (res.statusCode === 429) return i;
  }
  return Number.POSITIVE_INFINITY;
}

t.test('rate limits behind a proxy: off, X-Forwarded-For changes nothing', async (t) => {
  const app = await build(t);
  let n = 0;
  const spoofing = await wrongCodesUntilRefused(app, {
    remoteAddress: '198.51.100.20',
    forwardedFor: () => `203.0.113.${++n}`,
  });
  t.equal(spoofing, WRONG_RECEIPTS_PER_ADDRESS, 'a new X-Forwarded-For each time does not escape the limit');
});

t.test('rate limits behind a trusted proxy key on the resident behind it', async (t) => {
  const app = await build(t, { trustProxy: ['10.0.0.5'] });
  const viaProxy = (resident: string) => ({ remoteAddress: '10.0.0.5', forwardedFor: () => resident });
  t.equal(await wrongCodesUntilRefused(app, viaProxy('203.0.113.1')), WRONG_RECEIPTS_PER_ADDRESS, 'one resident');
  t.equal(
    await wrongCodesUntilRefused(app, viaProxy('203.0.113.2')),
    WRONG_RECEIPTS_PER_ADDRESS,
    'another resident behind the same proxy is not locked out by the first',
  );
  // A client not behind the proxy sends its own header: it is not believed.
  let n = 0;
  const direct = await wrongCodesUntilRefused(app, {
    remoteAddress: '198.51.100.30',
    forwardedFor: () => `203.0.113.${100 + ++n}`,
  });
  t.equal(direct, WRONG_RECEIPTS_PER_ADDRESS, 'a direct client cannot choose its key');
  // Through the proxy, only the address the proxy saw counts, not what the client prepended.
  let m = 0;
  const prepended = await wrongCodesUntilRefused(app, {
    remoteAddress: '10.0.0.5',
    forwardedFor: () => `192.0.2.${++m}, 203.0.113.9`,
  });
  t.equal(prepended, WRONG_RECEIPTS_PER_ADDRESS, 'addresses a client prepends are not believed');
});

t.test('a path with dot segments, sent as it is, is answered in the locale it names', async (t) => {
  // Found by fast-check: over app.inject these arrive resolved (`/fa/surveys/%2e%2e/..` is `/`);
  // a client that sends them raw gets the page in the locale of the first segment.
  const app = await build(t);
  const port = await listening(app);
  for (const path of ['/fa/surveys/%2e%2e/..', '/fa/surveys/../..', '/so/%2e%2e', '/ar/./surveys/%2F']) {
    const response = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const locale = path.split('/')[1];
    t.match(response, /^HTTP\/1\.1 404 /, `${path}: 404`);
    t.match(response, `<html lang="${locale}"`, `${path}: in ${locale}`);
  }
});
