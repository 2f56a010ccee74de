// Community review of themes (issue 13, item 7): an analyst puts draft themes before a review
// round's reviewers, who say whether each says what people told them and what is missing; the
// analysts answer. A comment is the reviewer's own words about a theme, never an account's, and
// names its author by user (shown to others by display name only).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_round_themes')
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('review_rounds.id').onDelete('cascade'))
    .addColumn('theme_id', 'uuid', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('review_round_themes_pk', ['round_id', 'theme_id'])
    .execute();
  await db.schema.createIndex('review_round_themes_theme_idx').on('review_round_themes').column('theme_id').execute();
  await db.schema
    .createTable('theme_comments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('theme_id', 'uuid', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('review_rounds.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('staff_users.id'))
    // "Does this say what people told us?" and "What is missing?": one may be left empty.
    .addColumn('says', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('missing', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('answered_at', 'timestamptz')
    .addCheckConstraint('theme_comments_words_check', sql`says <> '' or missing <> ''`)
    .execute();
  await sql`create index theme_comments_theme_idx on theme_comments (theme_id, created_at, id)`.execute(db);
  await sql`create index theme_comments_round_idx on theme_comments (round_id, theme_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('theme_comments').execute();
  await db.schema.dropTable('review_round_themes').execute();
}
