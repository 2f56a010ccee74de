// What a receipt code opens: the account's status and date, and withdrawal. Looked up by the
// code's keyed hash, so the comparison never touches the code itself and takes the same time
// whatever the code (one indexed equality match).
import type { Kysely } from 'kysely';
import type { Database, ResponseStatus } from '../db/schema.js';

export interface ReceiptView {
  responseId: string;
  status: ResponseStatus;
  submittedOn: string;
  surveySlug: string;
}

export async function findByReceiptHash(db: Kysely<Database>, receiptHash: string): Promise<ReceiptView | undefined> {
  return db
    .selectFrom('responses')
    .innerJoin('survey_versions', 'survey_versions.id', 'responses.survey_version_id')
    .innerJoin('surveys', 'surveys.id', 'survey_versions.survey_id')
    .select([
      'responses.id as responseId',
      'responses.status',
      'responses.submitted_on as submittedOn',
      'surveys.slug as surveySlug',
    ])
    .where('responses.receipt_hash', '=', receiptHash)
    .executeTakeFirst();
}

/**
 * Deletes every answer of the account for good and marks it withdrawn. The response row
 * stays (with no content) so the receipt still says what happened and counts stay honest.
 */
export async function withdrawAccount(db: Kysely<Database>, responseId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('answers').where('response_id', '=', responseId).execute();
    await trx.updateTable('responses').set({ status: 'withdrawn' }).where('id', '=', responseId).execute();
  });
}
