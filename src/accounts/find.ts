// Accounts as the people allowed to see them do: what a receipt code opens (status and date)
// and what a staff reader opens. Looked up by the
// code's keyed hash, so the comparison never touches the code itself and takes the same time
// whatever the code (one indexed equality match).
import type { Kysely } from 'kysely';
import type { Database, ResponseChannel, ResponseStatus } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';

export interface AccountSummary {
  responseId: string;
  locale: string;
  channel: ResponseChannel;
  status: ResponseStatus;
  submittedOn: string;
  surveySlug: string;
}

/** Responses with the survey they answered: what a receipt and a staff view both show first. */
function accounts(db: Kysely<Database>) {
  return db
    .selectFrom('responses')
    .innerJoin('survey_versions', 'survey_versions.id', 'responses.survey_version_id')
    .innerJoin('surveys', 'surveys.id', 'survey_versions.survey_id')
    .select([
      'responses.id as responseId',
      'responses.locale',
      'responses.channel',
      'responses.status',
      'responses.submitted_on as submittedOn',
      'surveys.slug as surveySlug',
    ]);
}

export async function findByReceiptHash(
  db: Kysely<Database>,
  receiptHash: string,
): Promise<AccountSummary | undefined> {
  return accounts(db).where('responses.receipt_hash', '=', receiptHash).executeTakeFirst();
}

export async function findAccount(db: Kysely<Database>, responseId: string): Promise<AccountSummary | undefined> {
  if (!isUuid(responseId)) return undefined;
  return accounts(db).where('responses.id', '=', responseId).executeTakeFirst();
}

export interface AccountToRead extends AccountSummary {
  surveyVersionId: string;
  surveyId: string;
  /** The stored document (see document.ts); null once withdrawn. */
  answers: unknown;
}

/** What the reading view needs of an account, in one query. */
export async function findAccountToRead(db: Kysely<Database>, responseId: string): Promise<AccountToRead | undefined> {
  if (!isUuid(responseId)) return undefined;
  return accounts(db)
    .select([
      'responses.survey_version_id as surveyVersionId',
      'survey_versions.survey_id as surveyId',
      'responses.answers',
    ])
    .where('responses.id', '=', responseId)
    .executeTakeFirst();
}

/** The account's stored document (see account-document.ts); null once withdrawn. */
export async function answersOf(db: Kysely<Database>, responseId: string): Promise<unknown> {
  const row = await db.selectFrom('responses').select('answers').where('id', '=', responseId).executeTakeFirst();
  return row?.answers ?? null;
}
