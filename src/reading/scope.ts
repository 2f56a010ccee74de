// Which accounts a staff reader may find and open. Analysts, the safeguarding lead and admins
// read every account; a translator reads the accounts written in the languages on their user
// record; a community reviewer reads the accounts of the review rounds they are in, while the
// round is open, and none with a safeguarding flag still open (reading/round-scope.ts says it in
// SQL). A user with several roles gets the first of these that applies: every account, then
// their languages, then their rounds. (A translator who also reviews reads their languages, which
// takes in the flagged accounts a translator reads anyway; a round's accounts in other languages
// they read by signing in as nobody else: no such user exists today, and an admin who wants it
// can give the reviewer role alone.)
import type { Role } from '../db/schema.js';
import { isLocaleCode, type LocaleCode } from '../i18n/locales.js';

export type ReadingScope =
  | { kind: 'all' }
  | { kind: 'languages'; locales: LocaleCode[] }
  /** The open rounds `reviewerId` is in, on the London calendar day `today`. */
  | { kind: 'rounds'; reviewerId: string; today: string }
  | { kind: 'none' };

const READ_ALL: readonly Role[] = ['analyst', 'safeguarding', 'admin'];

export function readingScope(
  user: { id: string; roles: readonly Role[]; languages: readonly string[] },
  today: string,
): ReadingScope {
  if (user.roles.some((role) => READ_ALL.includes(role))) return { kind: 'all' };
  if (user.roles.includes('translator')) {
    const locales = user.languages.filter(isLocaleCode);
    if (locales.length > 0) return { kind: 'languages', locales };
  }
  if (user.roles.includes('reviewer')) return { kind: 'rounds', reviewerId: user.id, today };
  return { kind: 'none' };
}

/**
 * Whether the scope takes in an account, for the scopes that can tell from the account alone.
 * A round scope cannot (it depends on rounds and flags): ask round-scope.ts's inReviewerScope.
 */
export function scopeAllows(scope: ReadingScope, account: { locale: string }): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'languages') return (scope.locales as string[]).includes(account.locale);
  return false;
}
