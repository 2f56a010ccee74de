// Translations as data: one per account and target language, saved as a draft or done, with the
// translator and the day; and the translators' queue: accounts in their languages with no finished
// English translation, oldest first, a page at a time from a key.
import { type Kysely, sql } from 'kysely';
import type { Database, ResponseChannel } from '../db/schema.js';
import type { ReadingScope } from '../reading/scope.js';
import type { TranslatedTexts } from './parts.js';

/** The language every account is translated into for the council's analysts. */
export const ANALYSIS_LOCALE = 'en';

export interface Translation {
  targetLocale: string;
  texts: TranslatedTexts;
  status: 'draft' | 'done';
  translatedOn: string;
  translatorName: string | null;
}

export async function translationsOf(db: Kysely<Database>, responseId: string): Promise<Translation[]> {
  const rows = await db
    .selectFrom('translations as t')
    .leftJoin('staff_users as u', 'u.id', 't.translated_by')
    .select([
      't.target_locale as targetLocale',
      't.texts',
      't.status',
      't.translated_on as translatedOn',
      'u.display_name as translatorName',
    ])
    .where('t.response_id', '=', responseId)
    .orderBy('t.target_locale')
    .execute();
  return rows.map((row) => ({ ...row, texts: (row.texts ?? {}) as TranslatedTexts }));
}

export interface SavedTranslation {
  responseId: string;
  targetLocale: string;
  texts: TranslatedTexts;
  status: 'draft' | 'done';
  translatedBy: string;
  translatedOn: string;
}

export async function saveTranslation(db: Kysely<Database>, saved: SavedTranslation): Promise<void> {
  const row = {
    response_id: saved.responseId,
    target_locale: saved.targetLocale,
    texts: JSON.stringify(saved.texts),
    status: saved.status,
    translated_by: saved.translatedBy,
    translated_on: saved.translatedOn,
  };
  await db
    .insertInto('translations')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['response_id', 'target_locale']).doUpdateSet({
        texts: row.texts,
        status: row.status,
        translated_by: row.translated_by,
        translated_on: row.translated_on,
      }),
    )
    .execute();
}

export interface QueuedAccount {
  id: string;
  submittedOn: string;
  locale: string;
  channel: ResponseChannel;
  surveyVersionId: string;
  answers: unknown;
  /** A draft exists (someone has started it). */
  draft: boolean;
}

export interface QueueKey {
  submittedOn: string;
  id: string;
}

export const TRANSLATION_QUEUE_PAGE = 25;

/** Accounts within the scope, not written in English, with no finished English translation. */
export async function translationQueue(
  db: Kysely<Database>,
  scope: ReadingScope,
  after?: QueueKey,
  size = TRANSLATION_QUEUE_PAGE,
): Promise<QueuedAccount[]> {
  // Translators work from their languages (or, for an admin, every language); a reviewer's rounds are for reading.
  if (scope.kind !== 'all' && scope.kind !== 'languages') return [];
  let query = db
    .selectFrom('responses')
    .select((eb) => [
      'responses.id',
      'responses.submitted_on as submittedOn',
      'responses.locale',
      'responses.channel',
      'responses.survey_version_id as surveyVersionId',
      'responses.answers',
      eb
        .exists(
          eb
            .selectFrom('translations')
            .select('translations.response_id')
            .whereRef('translations.response_id', '=', 'responses.id')
            .where('translations.target_locale', '=', ANALYSIS_LOCALE),
        )
        .as('draft'),
    ])
    .where('responses.status', '<>', 'withdrawn')
    .where('responses.locale', '<>', ANALYSIS_LOCALE)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('translations')
            .select('translations.response_id')
            .whereRef('translations.response_id', '=', 'responses.id')
            .where('translations.target_locale', '=', ANALYSIS_LOCALE)
            .where('translations.status', '=', 'done'),
        ),
      ),
    )
    .orderBy('responses.submitted_on')
    .orderBy('responses.id')
    .limit(size + 1);
  if (scope.kind === 'languages') query = query.where('responses.locale', 'in', scope.locales);
  if (after) {
    query = query.where(
      sql<boolean>`(responses.submitted_on, responses.id) > (${after.submittedOn}::date, ${after.id}::uuid)`,
    );
  }
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, draft: row.draft === true }));
}
