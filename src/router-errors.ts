// URLs the router itself cannot read (broken percent-encoding, a path segment longer than the
// router allows) never reach a route, a hook or a Fastify reply. These handlers answer them
// with the same error page as everything else, in the locale of the path, instead of
// Fastify's JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_LOCALE, localeFromPath } from './i18n/locales.js';
import { type ErrorPage, errorPageModel } from './plugins/errors.js';
import { SECURITY_HEADERS } from './plugins/security-headers.js';

export function routerErrorHandlers(getApp: () => FastifyInstance | undefined) {
  const send = (status: number, req: IncomingMessage, res: ServerResponse) => {
    const app = getApp();
    const locale = localeFromPath(req.url ?? '') ?? DEFAULT_LOCALE;
    const page: ErrorPage = { status, code: 'not_found' };
    const html = app
      ? app.renderHtml('errors/error', errorPageModel(app.translatorFor(locale), locale, page), locale)
      : '';
    res.statusCode = status;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(html);
  };
  return {
    onBadUrl: (_path: string, req: IncomingMessage, res: ServerResponse) => send(404, req, res),
    onMaxParamLength: (_path: string, req: IncomingMessage, res: ServerResponse) => send(404, req, res),
  };
}
