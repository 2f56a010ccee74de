// Core tables for the resident journey. Frozen: later changes go in new migrations.
// No column here may hold a client address, user agent or time of day (promise 1): dates only.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('surveys')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`status in ('draft', 'open', 'closed')`),
    )
    .addColumn('current_version_id', 'uuid')
    .execute();

  await db.schema
    .createTable('survey_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('survey_id', 'uuid', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('imported_on', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
    .addUniqueConstraint('survey_versions_survey_version_unique', ['survey_id', 'version'])
    .addUniqueConstraint('survey_versions_survey_hash_unique', ['survey_id', 'content_hash'])
    .execute();

  await db.schema
    .alterTable('surveys')
    .addForeignKeyConstraint('surveys_current_version_fk', ['current_version_id'], 'survey_versions', ['id'])
    .execute();

  await db.schema
    .createTable('responses')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('survey_version_id', 'uuid', (c) => c.notNull().references('survey_versions.id'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'assisted', 'paper')`))
    .addColumn('submitted_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('received').check(sql`status in ('received', 'in_review', 'themed', 'withdrawn')`),
    )
    .addColumn('receipt_hash', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('responses_survey_version_idx').on('responses').column('survey_version_id').execute();

  await db.schema
    .createTable('answers')
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    // Spans of personal details found in free text: [{ start, end, kind }] in code points.
    .addColumn('personal_details', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addPrimaryKeyConstraint('answers_pk', ['response_id', 'question_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('answers').execute();
  await db.schema.dropTable('responses').execute();
  await db.schema.alterTable('surveys').dropConstraint('surveys_current_version_fk').execute();
  await db.schema.dropTable('survey_versions').execute();
  await db.schema.dropTable('surveys').execute();
}
