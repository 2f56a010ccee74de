// The accounts list (/staff/accounts): what it filters and searches on, on the row, and an index
// for every list query. Lists are ordered newest first by (submitted_on, id), read a page at a
// time from a key (keyset), so each filter has an index that leads with it and then runs in that
// order: the first page of "Somali accounts" is a walk down one index that stops after a page.
// Filters together, or with a search, combine indexes as bitmaps.
// The search text is searched two ways: whole words and phrases through full-text search with
// the `simple` configuration (no stemming: it knows no Somali or Tigrinya), and parts of words
// through trigrams (pg_trgm). A managed Postgres without pg_trgm still answers (a part-of-word
// search then reads every row), so the extension is created only where it is offered, and a
// refusal to create it is not an error.
// The new columns start empty on existing rows; the service fills them when it starts
// (accounts/listing-backfill.ts), because they are made from the survey's questions with the
// service's own code. The partial index finds those rows without reading the table.
import { type Kysely, sql } from 'kysely';

const BY_FILTER: [index: string, column: string][] = [
  ['responses_locale_list_idx', 'locale'],
  ['responses_channel_list_idx', 'channel'],
  ['responses_status_list_idx', 'status'],
  ['responses_ethnic_group_list_idx', 'ethnic_group'],
  ['responses_age_band_list_idx', 'age_band'],
  ['responses_session_list_idx', 'session_id'],
  ['responses_survey_version_list_idx', 'survey_version_id'],
];

async function createTrigramExtension(db: Kysely<unknown>): Promise<boolean> {
  const offered = await sql`select 1 from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  if (offered.rows.length === 0) return false;
  // A savepoint, so that a role without the right to create it leaves the migration's
  // transaction usable.
  await sql`savepoint pg_trgm_extension`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`release savepoint pg_trgm_extension`.execute(db);
    return true;
  } catch {
    await sql`rollback to savepoint pg_trgm_extension`.execute(db);
    return false;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('responses')
    .addColumn('search_text', 'text')
    .addColumn('ethnic_group', 'text')
    .addColumn('age_band', 'text')
    .execute();

  // The previous single-column indexes are led by the same columns in the new ones.
  await db.schema.dropIndex('responses_session_idx').execute();
  await db.schema.dropIndex('responses_survey_version_idx').execute();
  await sql`create index responses_list_idx on responses (submitted_on, id)`.execute(db);
  for (const [index, column] of BY_FILTER) {
    await sql`create index ${sql.raw(index)} on responses (${sql.ref(column)}, submitted_on, id)`.execute(db);
  }
  await sql`create index responses_search_words_idx on responses using gin (to_tsvector('simple', search_text))`.execute(
    db,
  );
  if (await createTrigramExtension(db)) {
    await sql`create index responses_search_parts_idx on responses using gin (search_text gin_trgm_ops)`.execute(db);
  }
  await sql`create index responses_listing_pending_idx on responses (id)
    where answers is not null and search_text is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'responses_listing_pending_idx',
    'responses_search_parts_idx',
    'responses_search_words_idx',
    'responses_list_idx',
    ...BY_FILTER.map(([name]) => name),
  ]) {
    await sql`drop index if exists ${sql.raw(index)}`.execute(db);
  }
  await db.schema.createIndex('responses_survey_version_idx').on('responses').column('survey_version_id').execute();
  await db.schema.createIndex('responses_session_idx').on('responses').column('session_id').execute();
  await db.schema
    .alterTable('responses')
    .dropColumn('search_text')
    .dropColumn('ethnic_group')
    .dropColumn('age_band')
    .execute();
}
