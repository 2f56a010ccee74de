// Withdrawal: the one function that takes back everything an account said (DESIGN.md, Data
// rules). Today that is the document itself, what the accounts list made from it (its search
// text and demographics), its translations, redactions made by hand, its place in review
// rounds, its coded passages with the words they quote, memos on it, and where safeguarding flags point in it,
// all in the caller's transaction. The dead row versions are vacuumed soon after (erasure.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
/**
 * Deletes every answer of the account for good and marks it withdrawn. The response row
 * stays (with no content) so the receipt still says what happened and counts stay honest.
 */
export async function withdrawAccount(db: Kysely<Database>, responseId: string): Promise<void> {
  // A coded passage quotes the resident's words; theme counts fall with it. A memo on the
  // account may retell them.
  await db.deleteFrom('codings').where('response_id', '=', responseId).execute();
  await db.deleteFrom('memos').where('kind', '=', 'account').where('target_id', '=', responseId).execute();
  await db.deleteFrom('translations').where('response_id', '=', responseId).execute();
  await db.deleteFrom('redaction_changes').where('response_id', '=', responseId).execute();
  // Nothing is left to review; a round's count of accounts should not count it.
  await db.deleteFrom('review_round_accounts').where('response_id', '=', responseId).execute();
  // A safeguarding flag keeps that it was raised and how it was resolved, not where or why.
  await db
    .updateTable('safeguarding_flags')
    .set({ question_id: null, field: null, span_start: null, span_end: null, reason: null, resolution_note: null })
    .where('response_id', '=', responseId)
    .execute();
  await db
    .updateTable('responses')
    .set({ status: 'withdrawn', answers: null, search_text: null, ethnic_group: null, age_band: null })
    .where('id', '=', responseId)
    .execute();
}
