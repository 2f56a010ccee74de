// Staff pages share the site layout, plus a navigation bar for the signed-in user's roles and
// the session's CSRF token for every form on the page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../db/schema.js';
import type { PageModel } from '../../plugins/views.js';

const NAV: { href: string; key: string; roles?: Role[] }[] = [
  { href: '/staff/', key: 'nav.home' },
  { href: '/staff/sessions', key: 'nav.sessions', roles: ['partner', 'admin'] },
  { href: '/staff/admin/users', key: 'nav.users', roles: ['admin'] },
  { href: '/staff/admin/organisations', key: 'nav.organisations', roles: ['admin'] },
  { href: '/staff/admin/audit', key: 'nav.audit', roles: ['admin'] },
  { href: '/staff/account', key: 'nav.account' },
];

export function renderStaff(request: FastifyRequest, reply: FastifyReply, page: string, model: PageModel) {
  const signedIn = request.staff?.session.stage === 'authenticated' ? request.staff : undefined;
  const roles = signedIn?.user.roles ?? [];
  return reply.render(`staff/${page}`, {
    ...model,
    homeHref: '/staff/',
    csrf: signedIn?.session.csrfToken,
    staff: signedIn
      ? {
          name: signedIn.user.display_name,
          nav: NAV.filter((item) => !item.roles || item.roles.some((r) => roles.includes(r))).map((item) => ({
            href: item.href,
            text: request.t(`staff:${item.key}`),
          })),
        }
      : undefined,
  });
}

/** A zod issue list as the error summary wants it: field id and message. */
export function formErrors(request: FastifyRequest, issues: { path: PropertyKey[]; message: string }[]) {
  return issues.map((issue) => ({
    target: `f-${String(issue.path[0] ?? 'form')}`,
    field: String(issue.path[0] ?? 'form'),
    message: request.t(`staff:errors.${issue.message}`),
  }));
}

export const errorFor = (errors: { field: string; message: string }[], field: string) =>
  errors.find((e) => e.field === field)?.message;
