// Memos (issue 13, item 6): an analyst's notes on a code, a theme or an account, with author and
// time, read by everyone who codes; and each analyst's reflexive journal, private to its author
// unless they share an entry with the team. A memo on an account may retell its words: it is
// deleted with the account's other words at withdrawal (src/accounts/withdraw.ts).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('memos')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('code', 'theme', 'account', 'journal')`))
    // The code, theme or account; null for a journal entry.
    .addColumn('target_id', 'uuid')
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    // Journal entries only: shown to the team once their author shares them.
    .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('memos_target_check', sql`(kind = 'journal') = (target_id is null)`)
    .execute();
  await sql`create index memos_target_idx on memos (kind, target_id, created_at)`.execute(db);
  await sql`create index memos_journal_idx on memos (author_id, created_at) where kind = 'journal'`.execute(db);
  await sql`create index memos_shared_idx on memos (created_at) where kind = 'journal' and shared`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('memos').execute();
}
