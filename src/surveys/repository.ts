// Surveys in the database: import a document as a new immutable version (or do nothing when
// it is unchanged), and load the current version of a survey to run it.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, SurveyStatus } from '../db/schema.js';
import type { LocaleCode } from '../i18n/locales.js';
import { type LocalizedText, type SurveyDefinition, surveyDefinitionSchema } from './definition.js';

export interface ImportResult {
  slug: string;
  version: number;
  changed: boolean;
}

/** Stable JSON (sorted keys), so the same document always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function importSurvey(db: Kysely<Database>, definition: SurveyDefinition): Promise<ImportResult> {
  const { status, ...content } = definition;
  const json = canonicalJson(content);
  const hash = createHash('sha256').update(json).digest('hex');
  return db.transaction().execute(async (trx) => {
    // Insert-if-absent, then lock the row: two instances importing the same survey at once
    // (two fresh app processes installing the demo) serialise here instead of colliding.
    await trx
      .insertInto('surveys')
      .values({ slug: definition.slug, status })
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    const survey = await trx
      .selectFrom('surveys')
      .selectAll()
      .where('slug', '=', definition.slug)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const existing = await trx
      .selectFrom('survey_versions')
      .select(['id', 'version'])
      .where('survey_id', '=', survey.id)
      .where('content_hash', '=', hash)
      .executeTakeFirst();
    const statusChanged = survey.status !== status;
    if (existing && existing.id === survey.current_version_id) {
      if (statusChanged) await trx.updateTable('surveys').set({ status }).where('id', '=', survey.id).execute();
      return { slug: definition.slug, version: existing.version, changed: statusChanged };
    }
    const latest = await trx
      .selectFrom('survey_versions')
      .select((eb) => eb.fn.max('version').as('max'))
      .where('survey_id', '=', survey.id)
      .executeTakeFirst();
    const version = existing?.version ?? (latest?.max ?? 0) + 1;
    const versionId =
      existing?.id ??
      (
        await trx
          .insertInto('survey_versions')
          .values({ survey_id: survey.id, version, content_hash: hash, definition: json })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    await trx
      .updateTable('surveys')
      .set({ current_version_id: versionId, status })
      .where('id', '=', survey.id)
      .execute();
    return { slug: definition.slug, version, changed: true };
  });
}

export interface StoredSurvey {
  surveyId: string;
  versionId: string;
  version: number;
  status: SurveyStatus;
  definition: SurveyDefinition;
}

const STORED_SURVEY_COLUMNS = [
  'surveys.id as surveyId',
  'surveys.status',
  'survey_versions.id as versionId',
  'survey_versions.version',
  'survey_versions.definition',
] as const;

/** Each survey joined to its current version. */
function currentVersions(db: Kysely<Database>) {
  return db
    .selectFrom('surveys')
    .innerJoin('survey_versions', 'survey_versions.id', 'surveys.current_version_id')
    .select(STORED_SURVEY_COLUMNS);
}

export async function findSurvey(db: Kysely<Database>, slug: string): Promise<StoredSurvey | undefined> {
  const row = await currentVersions(db).where('surveys.slug', '=', slug).executeTakeFirst();
  return row ? { ...row, definition: parseStored(row.definition) } : undefined;
}

/** One version of a survey by its id, current or not: what an older account answered. */
export async function findVersion(db: Kysely<Database>, versionId: string): Promise<StoredSurvey | undefined> {
  const row = await db
    .selectFrom('survey_versions')
    .innerJoin('surveys', 'surveys.id', 'survey_versions.survey_id')
    .select(STORED_SURVEY_COLUMNS)
    .where('survey_versions.id', '=', versionId)
    .executeTakeFirst();
  return row ? { ...row, definition: parseStored(row.definition) } : undefined;
}

export async function listSurveys(db: Kysely<Database>, status?: SurveyStatus): Promise<StoredSurvey[]> {
  let query = currentVersions(db).orderBy('surveys.slug');
  if (status) query = query.where('surveys.status', '=', status);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, definition: parseStored(row.definition) }));
}

/** Every survey's slug and title, for a filter's choices: read without parsing whole definitions. */
export async function surveyTitles(
  db: Kysely<Database>,
): Promise<{ slug: string; title: LocalizedText; defaultLocale: LocaleCode }[]> {
  const rows = await db
    .selectFrom('surveys')
    .innerJoin('survey_versions', 'survey_versions.id', 'surveys.current_version_id')
    .select([
      'surveys.slug',
      sql<LocalizedText>`survey_versions.definition -> 'title'`.as('title'),
      sql<LocaleCode>`survey_versions.definition ->> 'defaultLocale'`.as('defaultLocale'),
    ])
    .orderBy('surveys.slug')
    .execute();
  return rows;
}

export async function setSurveyStatus(db: Kysely<Database>, slug: string, status: SurveyStatus): Promise<boolean> {
  const result = await db.updateTable('surveys').set({ status }).where('slug', '=', slug).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countSurveys(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('surveys')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Stored versions were validated on import; parsing again fills defaults added since.
function parseStored(definition: unknown): SurveyDefinition {
  const value = typeof definition === 'string' ? JSON.parse(definition) : definition;
  return surveyDefinitionSchema.parse({ status: 'open', ...(value as object) });
}

/** The slug of a survey by its id (for links back from a page about one of its codes or themes). */
export async function surveySlugOf(db: Kysely<Database>, surveyId: string): Promise<string | undefined> {
  const row = await db.selectFrom('surveys').select('slug').where('id', '=', surveyId).executeTakeFirst();
  return row?.slug;
}
