// Headers on every response, errors included. No public page of Codka runs a script, loads a
// font or talks to another site, so the policy can be this strict for every resident. Staff
// pages (under /staff) may run the service's own script file (select-to-code), never an inline
// one and never another site's.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Staff pages: the same, but the service's own script files may run. */
export const STAFF_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'none'", "script-src 'self'");

/** Whether a request's URL is a staff page (the path, not a query that mentions /staff). */
export const isStaffUrl = (url: string): boolean => /^\/staff(?:[/?#]|$)/.test(url);

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Served over https, browsers are told to use nothing else for a year: a resident on café wi-fi
 * cannot be downgraded to plain http, where the answers would travel readable.
 * `includeSubDomains` covers only hosts below the service's own (never its parent domain or
 * the council's sibling sites), so it is safe on a subdomain of its own. No `preload`: that is
 * a decision for whoever owns the domain.
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/** The headers for every response; HSTS only when the public URL is https. */
export function securityHeadersFor(https: boolean): Record<string, string> {
  return https ? { ...SECURITY_HEADERS, 'strict-transport-security': STRICT_TRANSPORT_SECURITY } : SECURITY_HEADERS;
}

async function securityHeaders(app: FastifyInstance, options: { https?: boolean }): Promise<void> {
  const headers = securityHeadersFor(options.https === true);
  const staffHeaders = { ...headers, 'content-security-policy': STAFF_CONTENT_SECURITY_POLICY };
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(isStaffUrl(request.url) ? staffHeaders : headers);
  });
}

export default fp(securityHeaders, { name: 'security-headers' });
