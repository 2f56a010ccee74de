// Withdrawal: the one function that takes back everything an account said (DESIGN.md, Data
// rules). Today that is the document itself and what the accounts list made from it (its
// search text and demographics); translations, coded passages, quotes and flags
// join it here, in the caller's transaction, as the analysis half adds them. The dead row
// versions are vacuumed soon after (erasure.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
/**
 * Deletes every answer of the account for good and marks it withdrawn. The response row
 * stays (with no content) so the receipt still says what happened and counts stay honest.
 */
export async function withdrawAccount(db: Kysely<Database>, responseId: string): Promise<void> {
  await db
    .updateTable('responses')
    .set({ status: 'withdrawn', answers: null, search_text: null, ethnic_group: null, age_band: null })
    .where('id', '=', responseId)
    .execute();
}
