// Which accounts support each theme, kept as codings and themes change, so the theme board reads
// a count instead of counting distinct accounts over millions of codings. theme_support holds,
// per theme and account, how many of the account's codings carry one of the theme's codes;
// themes.account_count is how many accounts that is. Statement-level triggers on codings (coded,
// removed, moved by a merge, deleted by withdrawal) and theme_codes (a code gathered or let go)
// keep both right, in the same transaction as the change; theme counts are of accounts
// (residents), not of passages. Ids only: no words.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('themes')
    .addColumn('account_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('theme_support')
    .addColumn('theme_id', 'uuid', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('passages', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('theme_support_pk', ['theme_id', 'response_id'])
    .execute();
  // An account's themes (its receipt says when one is defined).
  await db.schema.createIndex('theme_support_response_idx').on('theme_support').column('response_id').execute();

  // Support added and taken away, from the rows a statement inserted or deleted: on codings,
  // through the themes gathering each coding's code; on theme_codes, through the codings of
  // each code gathered or let go. Taking away deletes a row its passages no longer cover and
  // lowers the rest (two statements on disjoint rows of one snapshot).
  const adding = (name: string, pairs: string) => sql`
    create function ${sql.raw(name)}() returns trigger language plpgsql as $$
    begin
      insert into theme_support (theme_id, response_id, passages)
        select theme_id, response_id, count(*) from (${sql.raw(pairs)}) pairs group by theme_id, response_id
      on conflict (theme_id, response_id) do update set passages = theme_support.passages + excluded.passages;
      return null;
    end $$`;
  const removing = (name: string, pairs: string) => sql`
    create function ${sql.raw(name)}() returns trigger language plpgsql as $$
    begin
      with change as (
        select theme_id, response_id, count(*) as n from (${sql.raw(pairs)}) pairs group by theme_id, response_id
      ), gone as (
        delete from theme_support s using change
        where s.theme_id = change.theme_id and s.response_id = change.response_id and s.passages <= change.n
      )
      update theme_support s set passages = s.passages - change.n from change
      where s.theme_id = change.theme_id and s.response_id = change.response_id and s.passages > change.n;
      return null;
    end $$`;
  const byCodings = (table: string) =>
    `select tc.theme_id, c.response_id from ${table} c join theme_codes tc on tc.code_id = c.code_id`;
  const byThemeCodes = (table: string) =>
    `select tc.theme_id, c.response_id from ${table} tc join codings c on c.code_id = tc.code_id`;
  await adding('codings_support_add', byCodings('added')).execute(db);
  await removing('codings_support_remove', byCodings('removed')).execute(db);
  await adding('theme_codes_support_add', byThemeCodes('added')).execute(db);
  await removing('theme_codes_support_remove', byThemeCodes('removed')).execute(db);
  await sql`
    create trigger codings_support_added after insert on codings
    referencing new table as added for each statement execute function codings_support_add()`.execute(db);
  await sql`
    create trigger codings_support_removed after delete on codings
    referencing old table as removed for each statement execute function codings_support_remove()`.execute(db);
  // A merge moves codings to another code: the old code's support goes, the new one's comes.
  // (Transition tables allow no column list, and codings change only in a merge.)
  await sql`
    create trigger codings_support_moved_from after update on codings
    referencing old table as removed for each statement execute function codings_support_remove()`.execute(db);
  await sql`
    create trigger codings_support_moved_to after update on codings
    referencing new table as added for each statement execute function codings_support_add()`.execute(db);
  await sql`
    create trigger theme_codes_support_added after insert on theme_codes
    referencing new table as added for each statement execute function theme_codes_support_add()`.execute(db);
  await sql`
    create trigger theme_codes_support_removed after delete on theme_codes
    referencing old table as removed for each statement execute function theme_codes_support_remove()`.execute(db);

  // The count of accounts per theme follows the rows of theme_support.
  await sql`
    create function theme_account_count_up() returns trigger language plpgsql as $$
    begin
      update themes t set account_count = t.account_count + a.n
        from (select theme_id, count(*) n from added group by theme_id) a where t.id = a.theme_id;
      return null;
    end $$`.execute(db);
  await sql`
    create function theme_account_count_down() returns trigger language plpgsql as $$
    begin
      update themes t set account_count = t.account_count - r.n
        from (select theme_id, count(*) n from removed group by theme_id) r where t.id = r.theme_id;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger theme_support_counted_up after insert on theme_support
    referencing new table as added for each statement execute function theme_account_count_up()`.execute(db);
  await sql`
    create trigger theme_support_counted_down after delete on theme_support
    referencing old table as removed for each statement execute function theme_account_count_down()`.execute(db);

  // Themes imported before this migration: their support from the codings already there.
  await sql`
    insert into theme_support (theme_id, response_id, passages)
    select tc.theme_id, c.response_id, count(*) from theme_codes tc join codings c on c.code_id = tc.code_id
    group by tc.theme_id, c.response_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger codings_support_added on codings`.execute(db);
  await sql`drop trigger codings_support_removed on codings`.execute(db);
  await sql`drop trigger codings_support_moved_from on codings`.execute(db);
  await sql`drop trigger codings_support_moved_to on codings`.execute(db);
  await sql`drop trigger theme_codes_support_added on theme_codes`.execute(db);
  await sql`drop trigger theme_codes_support_removed on theme_codes`.execute(db);
  await db.schema.dropTable('theme_support').execute();
  await sql`drop function codings_support_add(), codings_support_remove(), theme_codes_support_add(),
    theme_codes_support_remove(), theme_account_count_up(), theme_account_count_down()`.execute(db);
  await db.schema.alterTable('themes').dropColumn('account_count').execute();
}
