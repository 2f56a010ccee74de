// The one error handler and the not-found handler. Every failure a person can meet is a page
// in their language with a stable code; no stack trace or internal message ever reaches them.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../db/errors.js';
import { type AppError, type AppErrorCode, isAppError } from '../errors/app-error.js';
import { renderStaff } from './staff-pages.js';

export interface ErrorPage {
  status: number;
  /** Stable code shown on the page and in logs; its text lives in the locale files. */
  code: 'not_found' | 'bad_request' | 'too_large' | 'unavailable' | 'server_error';
}

export function classifyError(error: FastifyError | Error): ErrorPage {
  if (isDatabaseUnavailable(error)) return { status: 503, code: 'unavailable' };
  const status = (error as FastifyError).statusCode;
  if (status === 413) return { status: 413, code: 'too_large' };
  if (status === 404) return { status: 404, code: 'not_found' };
  if (status !== undefined && status >= 400 && status < 500) return { status: 400, code: 'bad_request' };
  return { status: 500, code: 'server_error' };
}

export function renderErrorPage(request: FastifyRequest, reply: FastifyReply, page: ErrorPage): FastifyReply {
  if (page.status === 503) reply.header('retry-after', '30');
  return reply
    .code(page.status)
    .header('cache-control', 'no-store')
    .render('errors/error', errorPageModel(request.t, request.locale, page));
}

/** The model of an error page, in whatever locale `t` speaks. */
export function errorPageModel(
  t: (key: string, options?: Record<string, unknown>) => string,
  locale: string,
  page: ErrorPage,
) {
  return {
    title: t(`errors.${page.code}.title`),
    heading: t(`errors.${page.code}.title`),
    body: t(`errors.${page.code}.body`),
    code: page.code,
    homeHref: `/${locale}/`,
  };
}

/** The staff page for each AppError a staff route raises; the rest are the site's error page. */
const STAFF_ERROR_PAGES: Partial<Record<AppErrorCode, string>> = {
  forbidden: 'errors/refused',
  csrf: 'errors/refused',
  link_expired: 'errors/link-expired',
  no_organisation: 'errors/no-organisation',
};

/** Every AppError becomes its page here and nowhere else. */
function renderAppError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const staffPage = request.url.startsWith('/staff') ? STAFF_ERROR_PAGES[error.code] : undefined;
  if (!staffPage) {
    const code = error.code === 'not_found' ? 'not_found' : 'bad_request';
    return renderErrorPage(request, reply, { status: error.statusCode, code });
  }
  const reason = error.code === 'csrf' ? 'csrf' : 'forbidden';
  return renderStaff(request, reply.code(error.statusCode), staffPage, {
    title: request.t(error.messageKey),
    body: request.t(`staff:refused.${reason}.body`),
  });
}

async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) return renderAppError(request, reply, error);
    const page = classifyError(error);
    if (page.status >= 500) {
      request.log.error({ err: error, route: request.routeOptions.url, code: page.code }, 'request failed');
    }
    return renderErrorPage(request, reply, page);
  });
  app.setNotFoundHandler((request, reply) => renderErrorPage(request, reply, { status: 404, code: 'not_found' }));
}

export default fp(errorsPlugin, { name: 'errors', dependencies: ['views', 'i18n'] });
