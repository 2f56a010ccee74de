// Fills the accounts list's columns (listing.ts) on rows filed before they existed, in batches,
// when the service starts. It only ever finds rows that still have their document and no search
// text, through a partial index that is empty once everything is filled, so on every later start
// it costs one index look-up. Several instances starting at once may fill the same batch twice;
// the values are the same, so that is harmless.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Survey } from '../surveys/model.js';
import type { AccountDocument } from './document.js';
import { listingOf } from './listing.js';

const BATCH = 500;

export async function fillMissingListings(
  db: Kysely<Database>,
  surveyOfVersion: (versionId: string) => Promise<Survey | undefined>,
): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await db
      .selectFrom('responses')
      .select(['id', 'survey_version_id', 'answers'])
      .where('answers', 'is not', null)
      .where('search_text', 'is', null)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return filled;
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const survey = await surveyOfVersion(row.survey_version_id);
        // A version that cannot be read still gets an empty search text, so it is not retried forever.
        const listing = survey
          ? listingOf(survey, row.answers as AccountDocument)
          : { search_text: '', ethnic_group: null, age_band: null };
        await trx.updateTable('responses').set(listing).where('id', '=', row.id).execute();
      }
    });
    filled += rows.length;
  }
}
