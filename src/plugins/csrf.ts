// Cross-site request forgery defences for staff forms: a browser's own word on where a POST
// came from (Sec-Fetch-Site, Origin), and a token bound to the session in every signed-in form.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export const CSRF_FIELD = '_csrf';

/** False when the browser tells us the form was posted from another site. */
export function sameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  // An opaque origin is trusted only when the browser also says the post came from this site.
  if (origin === 'null') return site === 'same-origin';
  const allowed = new Set([new URL(request.server.config.publicUrl).origin]);
  if (request.headers.host) allowed.add(`${request.protocol}://${request.headers.host}`);
  return allowed.has(origin);
}

export function csrfTokenMatches(request: FastifyRequest, expected: string): boolean {
  const body = request.body as Record<string, unknown> | undefined;
  const given = body && Object.hasOwn(body, CSRF_FIELD) ? body[CSRF_FIELD] : undefined;
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
