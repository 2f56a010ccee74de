// Translations of accounts' free text, made by translators: one row per account and target
// language, its texts as one document ({ "<question id>": { "value"?: "…", "writeIn"?: "…" } }),
// as the account's own answers are kept, so saving a draft is one write and withdrawal one delete.
// Who translated it and the day (no time, as for everything about an account).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('translations')
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('target_locale', 'text', (c) => c.notNull())
    .addColumn('texts', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'done')`))
    .addColumn('translated_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('translated_on', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('translations_pk', ['response_id', 'target_locale'])
    .execute();
  // "Translated or not" in the accounts list, and the translators' queue, ask for done ones.
  await sql`create index translations_done_idx on translations (response_id) where status = 'done'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('translations').execute();
}
