// Who may use each staff route: the one table the route × role test checks behaviour against.
// A /staff route missing from this table is refused to everyone at run time and fails that
// test, so nothing reaches production without a decision here.
import type { Role } from '../db/schema.js';

export type Access =
  /** Anyone, signed in or not: the ways in (login, first-run setup, one-time password links). */
  | { kind: 'anyone' }
  /** Any signed-in staff user, whatever their roles. */
  | { kind: 'signed-in' }
  /** Signed-in staff holding at least one of these roles. */
  | { kind: 'roles'; roles: readonly Role[] };

const anyone: Access = { kind: 'anyone' };
const signedIn: Access = { kind: 'signed-in' };
const admin: Access = { kind: 'roles', roles: ['admin'] };
const partners: Access = { kind: 'roles', roles: ['partner', 'admin'] };
/** Roles that read accounts (redacted, except for safeguarding). Partners never do. */
const readers: Access = { kind: 'roles', roles: ['analyst', 'reviewer', 'translator', 'safeguarding', 'admin'] };

export const STAFF_ACCESS: Readonly<Record<string, Access>> = {
  'GET /staff/login': anyone,
  'POST /staff/login': anyone,
  'GET /staff/login/second-factor': anyone,
  'POST /staff/login/second-factor': anyone,
  'GET /staff/setup/:token': anyone,
  'POST /staff/setup/:token': anyone,
  'GET /staff/password/:token': anyone,
  'POST /staff/password/:token': anyone,

  'GET /staff/': signedIn,
  'POST /staff/logout': signedIn,
  'GET /staff/account': signedIn,
  'POST /staff/account/password': signedIn,
  'GET /staff/account/two-factor': signedIn,
  'POST /staff/account/two-factor': signedIn,

  'GET /staff/admin/users': admin,
  'GET /staff/admin/users/new': admin,
  'POST /staff/admin/users/new': admin,
  'GET /staff/admin/users/:id': admin,
  'POST /staff/admin/users/:id': admin,
  'POST /staff/admin/users/:id/reset-link': admin,
  'POST /staff/admin/users/:id/unlock-second-factor': admin,
  'GET /staff/admin/organisations': admin,
  'POST /staff/admin/organisations': admin,
  'GET /staff/admin/audit': admin,

  'GET /staff/sessions': partners,
  'GET /staff/sessions/new': partners,
  'POST /staff/sessions/new': partners,
  'POST /staff/sessions/:id/close': partners,
  'GET /staff/sessions/counts.csv': partners,
  'GET /staff/sessions/:id': partners,
  'GET /staff/sessions/:id/enter': partners,
  'POST /staff/sessions/:id/enter': partners,
  'GET /staff/sessions/:id/slip/:slip': partners,
  'GET /staff/sessions/fresh.css': partners,

  'GET /staff/responses/:id': readers,
};

export const routeKey = (method: string, url: string) => `${method} ${url}`;

export function accessFor(method: string, url: string): Access | undefined {
  return STAFF_ACCESS[routeKey(method, url)];
}

export function allows(access: Access | undefined, roles: readonly Role[] | undefined): boolean {
  if (!access) return false;
  if (access.kind === 'anyone') return true;
  if (!roles) return false;
  if (access.kind === 'signed-in') return true;
  return access.roles.some((role) => roles.includes(role));
}
