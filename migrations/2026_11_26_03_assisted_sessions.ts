// Assisted sessions: workshops, focus groups and drop-ins run by community partners, the
// accounts collected in them, and the short-lived receipt slips shown after each one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assisted_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('venue', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('format', 'text', (c) =>
      c.notNull().check(sql`format in ('workshop', 'focus_group', 'drop_in', 'outreach', 'phone')`),
    )
    .addColumn('survey_id', 'uuid', (c) => c.notNull().references('surveys.id'))
    .addColumn('languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('join_code', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'uuid', (c) => c.references('staff_users.id').onDelete('set null'))
    .execute();

  // A response's session, if it came from one. Residents who join with a code stay anonymous:
  // the link says "this account came from that workshop", nothing about who.
  await db.schema
    .alterTable('responses')
    .addColumn('session_id', 'uuid', (c) => c.references('assisted_sessions.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('responses_session_idx').on('responses').column('session_id').execute();

  // The receipt code for the slip printed after an assisted entry, kept encrypted for minutes
  // and deleted the moment the slip is shown, so that the page can be reached by redirect
  // (Back never re-shows answers) without the code ever sitting in a URL or history.
  await db.schema
    .createTable('receipt_slips')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_session_hash', 'text', (c) => c.notNull())
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('assisted_sessions.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('code_encrypted', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('receipt_slips').execute();
  await db.schema.alterTable('responses').dropColumn('session_id').execute();
  await db.schema.dropTable('assisted_sessions').execute();
}
