// The codebook of a survey (issue 13): hierarchical codes, each with a stable GUID (its id, the
// one REFI-QDA exchanges), a name, a description of what belongs and what does not, a colour, and
// a version that every change raises, so two analysts editing at once never overwrite each other
// unseen. A retired code stays for history and is not offered for new coding; a merged code points
// at the code that took it over. Every change is a decision in code_decisions, with who and when
// (staff work, so times are kept, as in the audit log).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('codes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('survey_id', 'uuid', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('parent_id', 'uuid', (c) => c.references('codes.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('colour', 'text', (c) => c.check(sql`colour ~ '^#[0-9A-F]{6}$'`))
    .addColumn('retired', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('merged_into', 'uuid', (c) => c.references('codes.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('codes_not_own_parent', sql`parent_id is distinct from id`)
    .execute();
  // Siblings have different names (case aside) among the codes still in use.
  await sql`create unique index codes_sibling_name_idx on codes
    (survey_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))
    where merged_into is null`.execute(db);
  await sql`create index codes_parent_idx on codes (parent_id)`.execute(db);
  await db.schema
    .createTable('code_decisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('survey_id', 'uuid', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('code_id', 'uuid', (c) => c.notNull().references('codes.id'))
    .addColumn('action', 'text', (c) =>
      c.notNull().check(sql`action in ('created', 'changed', 'moved', 'retired', 'restored', 'merged', 'imported')`),
    )
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('decided_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index code_decisions_survey_idx on code_decisions (survey_id, decided_at, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('code_decisions').execute();
  await db.schema.dropTable('codes').execute();
}
