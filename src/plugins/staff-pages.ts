// Staff pages share the site layout, plus a navigation bar for the signed-in user's roles and
// the session's CSRF token for every form on the page. Here, with the plugins, because the
// error handler renders staff refusals through it as the routes render their pages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../db/schema.js';
import type { PageModel } from './views.js';

const NAV: { href: string; key: string; roles?: Role[] }[] = [
  { href: '/staff/', key: 'nav.home' },
  {
    href: '/staff/accounts',
    key: 'nav.accounts',
    roles: ['analyst', 'reviewer', 'translator', 'safeguarding', 'admin'],
  },
  { href: '/staff/translations', key: 'nav.translations', roles: ['translator', 'admin'] },
  { href: '/staff/safeguarding', key: 'nav.safeguarding', roles: ['safeguarding'] },
  { href: '/staff/rounds', key: 'nav.rounds', roles: ['analyst', 'admin', 'reviewer'] },
  { href: '/staff/codebook', key: 'nav.codebook', roles: ['analyst', 'admin'] },
  { href: '/staff/themes', key: 'nav.themes', roles: ['analyst', 'admin'] },
  { href: '/staff/journal', key: 'nav.journal', roles: ['analyst', 'admin'] },
  { href: '/staff/exports', key: 'nav.exports', roles: ['analyst', 'safeguarding', 'admin'] },
  { href: '/staff/sessions', key: 'nav.sessions', roles: ['partner', 'admin'] },
  { href: '/staff/admin/users', key: 'nav.users', roles: ['admin'] },
  { href: '/staff/admin/organisations', key: 'nav.organisations', roles: ['admin'] },
  { href: '/staff/admin/audit', key: 'nav.audit', roles: ['admin'] },
  { href: '/staff/account', key: 'nav.account' },
];

/** `page` is a template under views/pages/staff/, named `<area>/<page>`. */
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
