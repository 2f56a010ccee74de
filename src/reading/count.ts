// How many accounts the list's filter matches. The list shows its total counted up to
// LIST_TOTAL_UP_TO, where the count stops, so a filter matching most of a million accounts costs
// what one matching a thousand does. A search is not counted unless asked for: every account
// holding a common word has to be read to count it (the trigram index is lossy), which at a
// million accounts costs ten times the page. The exact total is counted when a reader asks.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { conditions } from './conditions.js';
import type { AccountFilter } from './filter.js';
import type { ReadingScope } from './scope.js';

/** The list counts its total up to this many; beyond, it says "more than" unless asked to count all. */
export const LIST_TOTAL_UP_TO = 1_000;

/** The ids of every account the filter and scope take in, unexecuted: what a review round adds. */
export function matchingIdsQuery(db: Kysely<Database>, filter: AccountFilter, scope: ReadingScope) {
  return db
    .selectFrom('responses')
    .select('responses.id')
    .where((eb) => eb.and(conditions(eb, filter, scope)));
}

/** The count's query, unexecuted. */
export function countQuery(db: Kysely<Database>, filter: AccountFilter, scope: ReadingScope) {
  return db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) => eb.and(conditions(eb, filter, scope)));
}

/** How many accounts match, up to a limit: `more` says there are more than `count`. */
export interface AccountTotal {
  count: number;
  more: boolean;
}

/**
 * The total as the list shows it: counted up to `upTo`, where the count stops, so a filter that
 * matches most of a million accounts costs what one matching a thousand does. Asked for, the
 * exact total is countAccounts'.
 */
export async function countAccountsUpTo(
  db: Kysely<Database>,
  filter: AccountFilter,
  scope: ReadingScope,
  upTo: number,
): Promise<AccountTotal> {
  if (scope.kind === 'none') return { count: 0, more: false };
  const row = await countUpToQuery(db, filter, scope, upTo).executeTakeFirstOrThrow();
  const n = Number(row.n);
  return n > upTo ? { count: upTo, more: true } : { count: n, more: false };
}

/** The bounded count's query, unexecuted (the bench explains it). */
export function countUpToQuery(db: Kysely<Database>, filter: AccountFilter, scope: ReadingScope, upTo: number) {
  return db
    .selectFrom(
      matchingIdsQuery(db, filter, scope)
        .limit(upTo + 1)
        .as('matching'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function countAccounts(db: Kysely<Database>, filter: AccountFilter, scope: ReadingScope): Promise<number> {
  if (scope.kind === 'none') return 0;
  const row = await countQuery(db, filter, scope).executeTakeFirstOrThrow();
  return Number(row.n);
}
