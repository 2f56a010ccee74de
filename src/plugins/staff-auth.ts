// Everything under /staff passes through here: the session is loaded from its cookie, the
// access the route declares in its own options (`config: { access }`, see src/staff/access.ts)
// is enforced, admins are made to set up two-factor sign-in
// when REQUIRE_2FA is on, and every state-changing form is checked against CSRF.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { StaffUserRow } from '../db/schema.js';
import { csrfRefused, forbidden } from '../errors/app-error.js';
import { type Access, allows } from '../staff/access.js';
import { loadSignInSession, type SignInSession } from '../staff/sign-in-sessions.js';
import { findUserById } from '../staff/users.js';
import { csrfTokenMatches, sameOrigin } from './csrf.js';
import { readSessionCookie } from './sign-in-cookie.js';

export interface StaffContext {
  session: SignInSession;
  user: StaffUserRow;
}

export interface StaffRoute {
  method: string;
  url: string;
  access: Access | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may use this route; every /staff route must say. */
    access?: Access;
  }
  interface FastifyInstance {
    /** Every /staff route Fastify registered, with its declared access (for the role test). */
    staffRoutes: StaffRoute[];
  }
  interface FastifyRequest {
    staff: StaffContext | undefined;
  }
}

/** Pages an admin who must enrol in two-factor sign-in can still reach. */
const ENROLMENT_ROUTES = new Set(['/staff/account/two-factor', '/staff/logout']);

/** A HEAD route Fastify adds for a GET carries the GET's options, and so its access. */
const routeAccess = (request: FastifyRequest): Access | undefined => request.routeOptions.config.access;

async function staffAuth(app: FastifyInstance): Promise<void> {
  app.decorate('staffRoutes', [] as StaffRoute[]);
  app.decorateRequest('staff');

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/staff')) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      app.staffRoutes.push({ method, url: route.url, access: route.config?.access });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/staff')) return;
    // Staff pages show accounts and personal details: never cached, never shown from history.
    reply.header('cache-control', 'no-store');
    // With no-referrer, Chromium posts same-origin forms with `Origin: null`, which the CSRF
    // check cannot tell from a cross-site post. Staff pages send their origin to themselves
    // only; public pages keep no-referrer.
    reply.header('referrer-policy', 'same-origin');
    const id = readSessionCookie(request);
    if (!id) return;
    const session = await loadSignInSession(app.db, id);
    const user = session ? await findUserById(app.db, session.userId) : undefined;
    if (session && user && !user.disabled) request.staff = { session, user };
  });

  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.url?.startsWith('/staff')) return;
    const access = routeAccess(request);
    const signedIn = request.staff?.session.stage === 'authenticated' ? request.staff : undefined;

    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (!sameOrigin(request)) throw csrfRefused();
      // Signed-in forms carry the session's token; the ways in are covered by the origin check.
      if (access?.kind !== 'anyone' && (!signedIn || !csrfTokenMatches(request, signedIn.session.csrfToken))) {
        if (signedIn) throw csrfRefused();
        return reply.code(303).redirect('/staff/login');
      }
    }
    if (access?.kind === 'anyone') return;
    if (!signedIn) {
      if (!access) throw forbidden();
      return reply.code(303).redirect('/staff/login');
    }
    if (!allows(access, signedIn.user.roles)) throw forbidden();
    const mustEnrol = app.config.require2fa && signedIn.user.roles.includes('admin') && !signedIn.user.totp_enabled;
    if (mustEnrol && !ENROLMENT_ROUTES.has(request.routeOptions.url)) {
      return reply.code(303).redirect('/staff/account/two-factor');
    }
  });
}

export default fp(staffAuth, { name: 'staff-auth', dependencies: ['db', 'views', 'i18n'] });
