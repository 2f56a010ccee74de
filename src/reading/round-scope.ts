// A community reviewer's scope in SQL: the accounts of the review rounds they are in that are
// open today, with no safeguarding flag still open (a flagged account waits for the safeguarding
// lead before anyone outside the council's staff reads it again). The rounds are few and small,
// so the planner starts from the reviewer's rounds (review_round_reviewers_user_idx, then the
// rounds' accounts by their primary key) and never walks the million accounts.
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import { type ReadingScope, scopeAllows } from './scope.js';

type Responses = ExpressionBuilder<Database, 'responses'>;
type RoundScope = Extract<ReadingScope, { kind: 'rounds' }>;

/** Whether a safeguarding flag is open on the account (through the flags' index on response_id). */
export function openFlagOn(eb: Responses) {
  return eb.exists(
    eb
      .selectFrom('safeguarding_flags')
      .select('safeguarding_flags.id')
      .whereRef('safeguarding_flags.response_id', '=', 'responses.id')
      .where('safeguarding_flags.resolution', 'is', null),
  );
}

/** The ids of the accounts in the open rounds the reviewer is in. */
function reviewerRoundAccounts(eb: Responses, scope: RoundScope) {
  return eb
    .selectFrom('review_round_accounts')
    .innerJoin('review_rounds', 'review_rounds.id', 'review_round_accounts.round_id')
    .innerJoin('review_round_reviewers', 'review_round_reviewers.round_id', 'review_rounds.id')
    .select('review_round_accounts.response_id')
    .where('review_round_reviewers.user_id', '=', scope.reviewerId)
    .where('review_rounds.opens_on', '<=', scope.today)
    .where('review_rounds.closes_on', '>=', scope.today);
}

/** The reviewer's scope as conditions on `responses`. */
export function inReviewerScope(eb: Responses, scope: RoundScope): Expression<SqlBool> {
  return eb.and([eb('responses.id', 'in', reviewerRoundAccounts(eb, scope)), eb.not(openFlagOn(eb))]);
}

/** Whether the scope takes in one account: scopeAllows, and for a reviewer a look at the rounds. */
export async function mayRead(
  db: Kysely<Database>,
  scope: ReadingScope,
  account: { responseId: string; locale: string },
): Promise<boolean> {
  if (scope.kind !== 'rounds') return scopeAllows(scope, account);
  const row = await db
    .selectFrom('responses')
    .select('responses.id')
    .where('responses.id', '=', account.responseId)
    .where((eb) => inReviewerScope(eb, scope))
    .executeTakeFirst();
  return row !== undefined;
}
