// Themes (issue 13), apart from codes: a theme is a pattern of shared meaning an analysis team
// builds from codes, with a name, a central idea (a sentence or two), a status (candidate →
// reviewed → defined, or set aside), the codes it gathers and a history of every change. Its id
// is the GUID a REFI-QDA Set carries, so a codebook's sets (code groups, as ATLAS.ti writes
// them) come in as candidate themes and go out again unchanged. Themes hold no account's words.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('themes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('survey_id', 'uuid', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('central_idea', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('candidate').check(sql`status in ('candidate', 'reviewed', 'defined', 'set_aside')`),
    )
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index themes_survey_idx on themes (survey_id, lower(name), id)`.execute(db);
  await db.schema
    .createTable('theme_codes')
    .addColumn('theme_id', 'uuid', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addColumn('code_id', 'uuid', (c) => c.notNull().references('codes.id'))
    .addPrimaryKeyConstraint('theme_codes_pk', ['theme_id', 'code_id'])
    .execute();
  await db.schema.createIndex('theme_codes_code_idx').on('theme_codes').column('code_id').execute();
  await db.schema
    .createTable('theme_decisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('theme_id', 'uuid', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) =>
      c.notNull().check(sql`action in ('created', 'changed', 'status', 'codes', 'imported')`),
    )
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('decided_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index theme_decisions_theme_idx on theme_decisions (theme_id, decided_at, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('theme_decisions').execute();
  await db.schema.dropTable('theme_codes').execute();
  await db.schema.dropTable('themes').execute();
}
