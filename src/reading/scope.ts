// Which accounts a staff reader may find and open. Analysts, the safeguarding lead and admins
// read every account; a translator reads the accounts written in the languages on their user
// record; a community reviewer reads the accounts of the review rounds they are in, and until
// review rounds exist (issue 12, item 7) that is none. A user with several roles gets the widest.
import type { Role } from '../db/schema.js';
import { isLocaleCode, type LocaleCode } from '../i18n/locales.js';

export type ReadingScope = { kind: 'all' } | { kind: 'languages'; locales: LocaleCode[] } | { kind: 'none' };

const READ_ALL: readonly Role[] = ['analyst', 'safeguarding', 'admin'];

export function readingScope(user: { roles: readonly Role[]; languages: readonly string[] }): ReadingScope {
  if (user.roles.some((role) => READ_ALL.includes(role))) return { kind: 'all' };
  if (user.roles.includes('translator')) {
    const locales = user.languages.filter(isLocaleCode);
    if (locales.length > 0) return { kind: 'languages', locales };
  }
  return { kind: 'none' };
}

export function scopeAllows(scope: ReadingScope, account: { locale: string }): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'none') return false;
  return (scope.locales as string[]).includes(account.locale);
}
