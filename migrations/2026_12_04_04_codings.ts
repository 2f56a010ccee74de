// Coded passages (issue 13): a code given to a whole answer or to part of it, by one coder. A
// passage is (account, question, which text — the resident's own words, or a translation's
// language —, start and end in code points on the NFC text, end exclusive) and keeps the words it
// quotes, so a theme's page reads without re-cutting every document. Each coding is its own row,
// so two analysts coding the same account at once never overwrite each other; the same coder
// giving the same code to the same passage twice is one coding. Quotes are an account's words:
// withdrawal deletes them with the document (src/accounts/withdraw.ts).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('codings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull().check(sql`field in ('value', 'writeIn')`))
    // Null: the resident's own words; otherwise the language of the translation coded.
    .addColumn('translation_locale', 'text')
    .addColumn('span_start', 'integer', (c) => c.notNull().check(sql`span_start >= 0`))
    .addColumn('span_end', 'integer', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('code_id', 'uuid', (c) => c.notNull().references('codes.id'))
    .addColumn('coded_by', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('coded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('codings_span_check', sql`span_end > span_start`)
    .addCheckConstraint('codings_quote_check', sql`char_length(quote) = span_end - span_start`)
    .execute();
  // One coding per coder, code and passage; it also finds an account's codings (its reading
  // view, withdrawal) from its first column.
  await sql`create unique index codings_passage_idx on codings
    (response_id, question_id, field, coalesce(translation_locale, ''), span_start, span_end, code_id, coded_by)`.execute(
    db,
  );
  // A code's accounts (theme counts, a theme's passages, a merge).
  await sql`create index codings_code_idx on codings (code_id, response_id)`.execute(db);
  // A coder's accounts (agreement between coders).
  await sql`create index codings_coder_idx on codings (coded_by, response_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('codings').execute();
}
