// A survey's codebook as a REFI-QDA file (qdc-write.ts), read from the database: codes still in
// use or retired (merged ones live on in the code that took them over), themes as sets.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { codesOf } from './codebook.js';
import { writeCodebook } from './qdc-write.js';

export const CODEBOOK_ORIGIN = 'Codka';

/** The .qdc file's text, or undefined when the survey has no code to write (a codebook needs one). */
export async function codebookFile(db: Kysely<Database>, surveyId: string): Promise<string | undefined> {
  const codes = (await codesOf(db, surveyId)).filter((code) => !code.mergedInto);
  if (codes.length === 0) return undefined;
  const themes = await db
    .selectFrom('themes')
    .select(['id', 'name', 'central_idea as description'])
    .where('survey_id', '=', surveyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const members = themes.length
    ? await db
        .selectFrom('theme_codes')
        .select(['theme_id', 'code_id'])
        .where(
          'theme_id',
          'in',
          themes.map((theme) => theme.id),
        )
        .orderBy('code_id')
        .execute()
    : [];
  const sets = themes.map((theme) => ({
    ...theme,
    codeIds: members.filter((member) => member.theme_id === theme.id).map((member) => member.code_id),
  }));
  return writeCodebook(codes, sets, CODEBOOK_ORIGIN);
}
