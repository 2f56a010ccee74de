// Who may use a staff route. Each route declares one of these in its own options
// (`config: { access }`), and the staff-auth plugin enforces it; a /staff route that declares
// none is refused to everyone at run time and fails the route × role test, so nothing reaches
// production without a decision on the route itself.
import type { Role } from '../db/schema.js';

export type Access =
  /** Anyone, signed in or not: the ways in (login, first-run setup, one-time password links). */
  | { kind: 'anyone' }
  /** Any signed-in staff user, whatever their roles. */
  | { kind: 'signed-in' }
  /** Signed-in staff holding at least one of these roles. */
  | { kind: 'roles'; roles: readonly Role[] };

export const ANYONE: Access = { kind: 'anyone' };
export const SIGNED_IN: Access = { kind: 'signed-in' };
export const ADMINS: Access = { kind: 'roles', roles: ['admin'] };
/** Community partners running sessions, and admins. */
export const PARTNERS: Access = { kind: 'roles', roles: ['partner', 'admin'] };
/** Roles that read accounts (redacted, except for safeguarding). Partners never do. */
export const READERS: Access = { kind: 'roles', roles: ['analyst', 'reviewer', 'translator', 'safeguarding', 'admin'] };

/** The safeguarding lead: the only role that reads accounts unredacted, and the flags' queue. */
export const SAFEGUARDING_LEAD: Access = { kind: 'roles', roles: ['safeguarding'] };

/** Translators (who read only the accounts in their languages) and admins. */
export const TRANSLATORS: Access = { kind: 'roles', roles: ['translator', 'admin'] };

/** Those who keep community review rounds: choose their accounts and their reviewers. */
export const ROUND_KEEPERS: Access = { kind: 'roles', roles: ['analyst', 'admin'] };

/** The rounds page: its keepers, and reviewers, who see the rounds they are in. */
export const ROUND_READERS: Access = { kind: 'roles', roles: ['analyst', 'admin', 'reviewer'] };

/** Those who code accounts and keep the codebook: analysts and admins. */
export const CODERS: Access = { kind: 'roles', roles: ['analyst', 'admin'] };

/** Those who export accounts: analysts, the safeguarding lead (flagged accounts too) and admins. */
export const EXPORTERS: Access = { kind: 'roles', roles: ['analyst', 'safeguarding', 'admin'] };

export function allows(access: Access | undefined, roles: readonly Role[] | undefined): boolean {
  if (!access) return false;
  if (access.kind === 'anyone') return true;
  if (!roles) return false;
  if (access.kind === 'signed-in') return true;
  return access.roles.some((role) => roles.includes(role));
}
