// Redaction by hand: an analyst hides more of an answer as personal than the scanner found, and
// the safeguarding lead shows again what the scanner hid wrongly (a false positive). Each change is
// a span of code points in one answer, never the words; the account's document is not changed,
// and every view applies the changes on top of the scanner's spans (accounts/redactions.ts).
// Deleted with the account's words when it is withdrawn.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('redaction_changes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull().check(sql`field in ('value', 'writeIn')`))
    .addColumn('span_start', 'integer', (c) => c.notNull())
    .addColumn('span_end', 'integer', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('hide', 'show')`))
    .addColumn('changed_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('changed_on', 'date', (c) => c.notNull())
    .addCheckConstraint('redaction_changes_span_check', sql`span_start >= 0 and span_end > span_start`)
    .execute();
  await sql`create index redaction_changes_response_idx on redaction_changes (response_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('redaction_changes').execute();
}
