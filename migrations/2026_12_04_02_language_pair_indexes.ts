// The accounts list's filters in pairs with the language. Each filter has an index of its own in
// date order (2026_12_03_02_accounts_list), so one filter's first page is a walk down one index;
// two filters were combined as bitmaps and sorted, and at a million accounts "Arabic, aged 25 to
// 34" read about 10,000 accounts from 10,000 pages to sort them before a page could be shown
// (bench/README.md). The language is the filter this service is read by, one community at a time,
// so the filters most often beside it get an index led by both, still in date order: a walk again.
import { type Kysely, sql } from 'kysely';

const PAIRS: [index: string, column: string][] = [
  ['responses_locale_channel_list_idx', 'channel'],
  ['responses_locale_age_band_list_idx', 'age_band'],
  ['responses_locale_ethnic_group_list_idx', 'ethnic_group'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [index, column] of PAIRS) {
    await sql`create index ${sql.raw(index)} on responses (locale, ${sql.ref(column)}, submitted_on, id)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [index] of PAIRS) await sql`drop index if exists ${sql.raw(index)}`.execute(db);
}
