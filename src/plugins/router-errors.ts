// Requests that never reach a route, a hook or a Fastify reply: URLs the router cannot read
// (broken percent-encoding, a path segment longer than the router allows), and requests Node's
// HTTP parser refuses before Fastify sees them (headers or URL over 16 KB, a broken request
// line, a control character in a header, a bad Content-Length). Both are answered with the same
// error page as everything else, in the locale the path names, with the same security headers,
// instead of Fastify's bare JSON.
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_LOCALE, type LocaleCode, localeFromPath } from '../i18n/locales.js';
import { type ErrorPage, errorPageModel } from './errors.js';
import { securityHeadersFor } from './security-headers.js';

function errorHtml(app: FastifyInstance | undefined, locale: LocaleCode, page: ErrorPage): string {
  return app ? app.renderHtml('errors/error', errorPageModel(app.translatorFor(locale), locale, page), locale) : '';
}

function headersOf(app: FastifyInstance | undefined): Record<string, string> {
  return securityHeadersFor(app?.config.publicUrl.startsWith('https:') === true);
}

/** The path of a request line read off the raw bytes the parser refused, if there is one. */
export function pathOfRawRequest(raw: unknown): string {
  if (!Buffer.isBuffer(raw)) return '';
  const line = raw.subarray(0, 2048).toString('latin1').split('\r\n', 1)[0] ?? '';
  return line.split(' ')[1] ?? '';
}

/** What the parser's refusal means for the person: their request was too big, or unreadable. */
function pageForClientError(code: string | undefined): ErrorPage {
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, code: 'bad_request' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'bad_request' };
  return { status: 400, code: 'bad_request' };
}

export function routerErrorHandlers(getApp: () => FastifyInstance | undefined) {
  const send = (status: number, req: IncomingMessage, res: ServerResponse) => {
    const app = getApp();
    const locale = localeFromPath(req.url ?? '') ?? DEFAULT_LOCALE;
    res.statusCode = status;
    for (const [name, value] of Object.entries(headersOf(app))) res.setHeader(name, value);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(errorHtml(app, locale, { status, code: 'not_found' }));
  };
  return {
    onBadUrl: (_path: string, req: IncomingMessage, res: ServerResponse) => send(404, req, res),
    onMaxParamLength: (_path: string, req: IncomingMessage, res: ServerResponse) => send(404, req, res),
  };
}

/** Fastify's `clientErrorHandler`: a whole HTTP/1.1 response written to the socket, then closed. */
export function clientErrorHandler(getApp: () => FastifyInstance | undefined) {
  return (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket) => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const app = getApp();
    const page = pageForClientError(error.code);
    const locale = localeFromPath(pathOfRawRequest(error.rawPacket)) ?? DEFAULT_LOCALE;
    const body = Buffer.from(errorHtml(app, locale, page), 'utf8');
    const headers: Record<string, string> = {
      ...headersOf(app),
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(body.length),
      'cache-control': 'no-store',
      connection: 'close',
    };
    if (socket.writable) {
      const head = Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      socket.write(`HTTP/1.1 ${page.status} ${STATUS_CODES[page.status] ?? ''}\r\n${head}\r\n`);
      socket.write(body);
    }
    socket.end();
  };
}
