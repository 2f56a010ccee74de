// A REFI-QDA codebook brought into a survey's codebook (qdc-read.ts reads and checks the file).
// A code whose GUID the survey already has is updated in place, so importing the same file
// twice, or a file exported from here and edited elsewhere, merges rather than duplicates; a new
// GUID is a new code with that GUID. Sets become candidate themes (a set's codes are gathered by
// the theme; its description is the theme's central idea). All in the caller's transaction:
// a problem found halfway throws, and nothing of the file is kept.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { decide } from './code-decisions.js';
import { findCode, nameTaken } from './codebook.js';
import { CodebookFileError, type ImportedCodebook } from './qdc-read.js';

export interface ImportSummary {
  added: number;
  changed: number;
  unchanged: number;
  themesAdded: number;
  themesChanged: number;
}

export async function importCodebook(
  db: Kysely<Database>,
  book: ImportedCodebook,
  into: { surveyId: string; by: string | null },
): Promise<ImportSummary> {
  const summary: ImportSummary = { added: 0, changed: 0, unchanged: 0, themesAdded: 0, themesChanged: 0 };
  for (const code of book.codes) {
    const existing = await findCode(db, code.guid);
    const label = `The code "${code.name}" (${code.guid})`;
    if (existing && existing.surveyId !== into.surveyId) {
      throw new CodebookFileError(`${label} belongs to another survey's codebook in Codka.`);
    }
    if (existing?.mergedInto) {
      const survivor = await findCode(db, existing.mergedInto);
      throw new CodebookFileError(
        `${label} was merged into "${survivor?.name ?? ''}" here. Merge or remove it in the file too, then import again.`,
      );
    }
    if (await nameTaken(db, into.surveyId, code.parentGuid, code.name, code.guid)) {
      throw new CodebookFileError(`${label} has the name of another code beside it in this codebook.`);
    }
    const values = {
      parent_id: code.parentGuid,
      name: code.name,
      description: code.description,
      colour: code.colour,
      retired: !code.codable,
    };
    if (!existing) {
      await db
        .insertInto('codes')
        .values({ id: code.guid, survey_id: into.surveyId, created_by: into.by, ...values })
        .execute();
      await decide(db, { id: code.guid, surveyId: into.surveyId }, 'imported', into.by, {
        name: code.name,
        origin: book.origin,
      });
      summary.added++;
      continue;
    }
    const fields = (
      [
        ['name', existing.name !== code.name],
        ['description', existing.description !== code.description],
        ['colour', existing.colour !== code.colour],
        ['parent', existing.parentId !== code.parentGuid],
        ['retired', existing.retired !== !code.codable],
      ] as const
    )
      .filter(([, changed]) => changed)
      .map(([field]) => field);
    if (fields.length === 0) {
      summary.unchanged++;
      continue;
    }
    await db
      .updateTable('codes')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('id', '=', code.guid)
      .execute();
    await decide(db, existing, 'changed', into.by, {
      fields: fields.filter((field) => field === 'name' || field === 'description' || field === 'colour'),
      imported: fields,
      ...(fields.includes('name') ? { from: existing.name, to: code.name } : {}),
    });
    summary.changed++;
  }

  for (const set of book.sets) {
    const existing = await db
      .selectFrom('themes')
      .select(['survey_id', 'name', 'central_idea'])
      .where('id', '=', set.guid)
      .executeTakeFirst();
    if (existing && existing.survey_id !== into.surveyId) {
      throw new CodebookFileError(`The set "${set.name}" (${set.guid}) is a theme of another survey in Codka.`);
    }
    if (!existing) {
      await db
        .insertInto('themes')
        .values({
          id: set.guid,
          survey_id: into.surveyId,
          name: set.name,
          central_idea: set.description,
          created_by: into.by,
        })
        .execute();
      await db
        .insertInto('theme_decisions')
        .values({
          theme_id: set.guid,
          action: 'imported',
          details: JSON.stringify({ name: set.name, origin: book.origin }),
          decided_by: into.by,
        })
        .execute();
      summary.themesAdded++;
    } else if (existing.name !== set.name || existing.central_idea !== set.description) {
      await db
        .updateTable('themes')
        .set((eb) => ({ name: set.name, central_idea: set.description, version: eb('version', '+', 1) }))
        .where('id', '=', set.guid)
        .execute();
      await db
        .insertInto('theme_decisions')
        .values({
          theme_id: set.guid,
          action: 'changed',
          details: JSON.stringify({ imported: true, from: existing.name, to: set.name }),
          decided_by: into.by,
        })
        .execute();
      summary.themesChanged++;
    }
    // A set's codes join the theme; codes an analyst added here stay.
    if (set.memberGuids.length) {
      await db
        .insertInto('theme_codes')
        .values(set.memberGuids.map((code) => ({ theme_id: set.guid, code_id: code })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
  return summary;
}
