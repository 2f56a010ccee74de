// Community review rounds, as data: a name and two days, the accounts in it and the reviewers
// who read them. An analyst chooses the accounts by a filter of the accounts list (every account
// it matches, at most ROUND_ADD_MAX at a time) or one at a time from the reading view. What a
// reviewer may then read is reading/round-scope.ts's business; this file only keeps the rounds.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import { countAccounts, matchingIdsQuery } from '../reading/count.js';
import type { AccountFilter } from '../reading/filter.js';

/** The most accounts one add by filter puts in a round: more is a mistaken filter, not a round. */
export const ROUND_ADD_MAX = 5000;
export const ROUND_NAME_MAX = 120;

export type RoundState = 'upcoming' | 'open' | 'closed';

export interface Round {
  id: string;
  name: string;
  opensOn: string;
  closesOn: string;
}

export interface RoundSummary extends Round {
  accounts: number;
  reviewers: number;
}

export function roundState(round: Pick<Round, 'opensOn' | 'closesOn'>, today: string): RoundState {
  if (today < round.opensOn) return 'upcoming';
  return today > round.closesOn ? 'closed' : 'open';
}

export const isRoundId = (value: string) => isUuid(value);

const roundColumns = [
  'review_rounds.id',
  'review_rounds.name',
  'review_rounds.opens_on as opensOn',
  'review_rounds.closes_on as closesOn',
] as const;

export async function createRound(
  db: Kysely<Database>,
  round: { name: string; opensOn: string; closesOn: string; createdBy: string; createdOn: string },
): Promise<string> {
  const row = await db
    .insertInto('review_rounds')
    .values({
      name: round.name,
      opens_on: round.opensOn,
      closes_on: round.closesOn,
      created_by: round.createdBy,
      created_on: round.createdOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Renames a round or moves its dates; false if there is no such round. */
export async function changeRound(
  db: Kysely<Database>,
  id: string,
  round: { name: string; opensOn: string; closesOn: string },
): Promise<boolean> {
  const result = await db
    .updateTable('review_rounds')
    .set({ name: round.name, opens_on: round.opensOn, closes_on: round.closesOn })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findRound(db: Kysely<Database>, id: string): Promise<Round | undefined> {
  if (!isRoundId(id)) return undefined;
  return db.selectFrom('review_rounds').select(roundColumns).where('id', '=', id).executeTakeFirst();
}

/** Every round (or, given a reviewer, theirs), the latest to open first. */
function roundsQuery(db: Kysely<Database>, only?: { reviewerId: string }) {
  const query = db
    .selectFrom('review_rounds')
    .select(roundColumns)
    .orderBy('review_rounds.opens_on', 'desc')
    .orderBy('review_rounds.name');
  return only
    ? query.where('review_rounds.id', 'in', (eb) =>
        eb.selectFrom('review_round_reviewers').select('round_id').where('user_id', '=', only.reviewerId),
      )
    : query;
}

/** The rounds alone, for a choice of round (the accounts list's filter reads it on every page). */
export async function roundsFor(db: Kysely<Database>, only?: { reviewerId: string }): Promise<Round[]> {
  return roundsQuery(db, only).execute();
}

/** The rounds with their sizes, for the rounds page. */
export async function listRounds(db: Kysely<Database>, only?: { reviewerId: string }): Promise<RoundSummary[]> {
  const rows = await roundsQuery(db, only)
    .select((eb) => [
      eb
        .selectFrom('review_round_accounts')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('review_round_accounts.round_id', '=', 'review_rounds.id')
        .as('accounts'),
      eb
        .selectFrom('review_round_reviewers')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('review_round_reviewers.round_id', '=', 'review_rounds.id')
        .as('reviewers'),
    ])
    .execute();
  return rows.map((row) => ({ ...row, accounts: Number(row.accounts ?? 0), reviewers: Number(row.reviewers ?? 0) }));
}

/** The rounds an account is in, and the rounds not yet closed on `today` it could be put in. */
export async function roundsAroundAccount(
  db: Kysely<Database>,
  responseId: string,
  today: string,
): Promise<{ inRounds: Round[]; stillOpen: Round[] }> {
  // One query for the reading view: every round still open, or holding the account.
  const rows = await db
    .selectFrom('review_rounds')
    .select(roundColumns)
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('review_round_accounts')
            .select('review_round_accounts.round_id')
            .whereRef('review_round_accounts.round_id', '=', 'review_rounds.id')
            .where('review_round_accounts.response_id', '=', responseId),
        )
        .as('holds'),
    )
    .where((eb) =>
      eb.or([
        eb('review_rounds.closes_on', '>=', today),
        eb(
          'review_rounds.id',
          'in',
          eb.selectFrom('review_round_accounts').select('round_id').where('response_id', '=', responseId),
        ),
      ]),
    )
    .orderBy('review_rounds.opens_on', 'desc')
    .orderBy('review_rounds.name')
    .execute();
  const round = ({ id, name, opensOn, closesOn }: Round): Round => ({ id, name, opensOn, closesOn });
  return {
    inRounds: rows.filter((row) => row.holds === true).map(round),
    stillOpen: rows.filter((row) => row.closesOn >= today).map(round),
  };
}

export interface Reviewer {
  id: string;
  name: string;
  email: string;
}

/** Staff users who may be put in a round: those holding the reviewer role, not disabled. */
export async function reviewerChoices(db: Kysely<Database>): Promise<Reviewer[]> {
  return db
    .selectFrom('staff_users')
    .select(['id', 'display_name as name', 'email'])
    .where(sql<boolean>`'reviewer' = any(roles)`)
    .where('disabled', '=', false)
    .orderBy('display_name')
    .execute();
}

export async function reviewersOf(db: Kysely<Database>, roundId: string): Promise<Reviewer[]> {
  return db
    .selectFrom('review_round_reviewers')
    .innerJoin('staff_users', 'staff_users.id', 'review_round_reviewers.user_id')
    .select(['staff_users.id', 'staff_users.display_name as name', 'staff_users.email'])
    .where('review_round_reviewers.round_id', '=', roundId)
    .orderBy('staff_users.display_name')
    .execute();
}

/** Makes the round's reviewers exactly these users (each already checked to be a reviewer). */
export async function setReviewers(db: Kysely<Database>, roundId: string, userIds: readonly string[]): Promise<void> {
  await db.deleteFrom('review_round_reviewers').where('round_id', '=', roundId).execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('review_round_reviewers')
    .values(userIds.map((userId) => ({ round_id: roundId, user_id: userId })))
    .execute();
}

export type AddByFilterResult =
  | { kind: 'added'; matched: number; added: number }
  | { kind: 'too_many'; matched: number };

/**
 * Puts every account the filter matches (withdrawn ones never) in the round, unless that is more
 * than `max`. Accounts already in it stay as they were; `added` counts the new ones.
 */
export async function addAccountsByFilter(
  db: Kysely<Database>,
  roundId: string,
  filter: AccountFilter,
  today: string,
  max = ROUND_ADD_MAX,
): Promise<AddByFilterResult> {
  const all = { kind: 'all' } as const;
  const matched = await countAccounts(db, filter, all);
  if (matched > max) return { kind: 'too_many', matched };
  const result = await db
    .insertInto('review_round_accounts')
    .columns(['round_id', 'response_id', 'added_on'])
    .expression(
      db
        .selectFrom(matchingIdsQuery(db, filter, all).as('matching'))
        .select([
          sql<string>`${roundId}::uuid`.as('round_id'),
          'matching.id',
          sql<string>`${today}::date`.as('added_on'),
        ]),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return { kind: 'added', matched, added: Number(result.numInsertedOrUpdatedRows ?? 0) };
}

/** Puts one account in the round; false if it was in it already. */
export async function addAccount(
  db: Kysely<Database>,
  roundId: string,
  responseId: string,
  today: string,
): Promise<boolean> {
  const result = await db
    .insertInto('review_round_accounts')
    .values({ round_id: roundId, response_id: responseId, added_on: today })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Takes one account out of the round; false if it was not in it. */
export async function removeAccount(db: Kysely<Database>, roundId: string, responseId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('review_round_accounts')
    .where('round_id', '=', roundId)
    .where('response_id', '=', responseId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
