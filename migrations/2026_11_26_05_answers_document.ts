// An account's answers move from one row per answer into one JSONB document on the response:
// { "<question id>": { "value": …, "writeIn"?: …, "personalDetails"?: [{ field, start, end, kind }] } }.
// Why: filing an account wrote sixteen rows (a response and fifteen answers, each with its own
// index entry and foreign-key check, 36 WAL records); now it writes one. The database is the
// part every app process shares, so its cost per account is what limits scaling out. An account
// is always read and withdrawn whole, which a document suits. Withdrawal sets it to null.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('responses').addColumn('answers', 'jsonb').execute();
  await sql`
    update responses set answers = coalesce((
      select jsonb_object_agg(
        a.question_id,
        a.value || case when jsonb_array_length(a.personal_details) > 0
          then jsonb_build_object('personalDetails', a.personal_details) else '{}'::jsonb end)
      from answers a where a.response_id = responses.id), '{}'::jsonb)
    where status <> 'withdrawn'`.execute(db);
  await db.schema.dropTable('answers').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('answers')
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('personal_details', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addPrimaryKeyConstraint('answers_pk', ['response_id', 'question_id'])
    .execute();
  await sql`
    insert into answers (response_id, question_id, value, personal_details)
    select r.id, d.key, d.value - 'personalDetails', coalesce(d.value -> 'personalDetails', '[]'::jsonb)
    from responses r cross join jsonb_each(r.answers) d
    where r.answers is not null`.execute(db);
  await db.schema.alterTable('responses').dropColumn('answers').execute();
}
