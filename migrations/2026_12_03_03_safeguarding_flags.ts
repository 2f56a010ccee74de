// Safeguarding flags: an account that may be about a risk of harm, found by the phrase lists when
// it is filed or raised by a staff reader, waiting for the safeguarding lead's resolution. A flag
// says where to look (the answer, and a span of code points in it) and never holds the words:
// the words stay in the account's document, and go when it is withdrawn. Dates, never times, as
// everywhere an account's story is concerned; who did what and when is in the audit log.
// Withdrawal clears a flag's span and its notes (which may quote the account) but keeps that a
// flag was raised and how it was resolved: the lead's actions stay accountable.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('safeguarding_flags')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('phrase', 'staff')`))
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('self_harm', 'abuse', 'child_at_risk', 'immediate_danger', 'other')`),
    )
    .addColumn('question_id', 'text')
    .addColumn('field', 'text', (c) => c.check(sql`field in ('value', 'writeIn')`))
    .addColumn('span_start', 'integer')
    .addColumn('span_end', 'integer')
    .addColumn('reason', 'text')
    .addColumn('raised_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('raised_on', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
    .addColumn('resolution', 'text', (c) => c.check(sql`resolution in ('actioned', 'referred', 'no_concern')`))
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('resolved_on', 'date')
    .addCheckConstraint(
      'safeguarding_flags_span_check',
      sql`span_start is null or (span_start >= 0 and span_end >= span_start)`,
    )
    .execute();
  await sql`create index safeguarding_flags_response_idx on safeguarding_flags (response_id)`.execute(db);
  // The lead's queue: open flags, oldest first.
  await sql`create index safeguarding_flags_open_idx on safeguarding_flags (raised_on, id) where resolution is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('safeguarding_flags').execute();
}
