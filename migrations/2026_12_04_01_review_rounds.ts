// Community review rounds: a named set of accounts that community reviewers read between two
// dates, chosen by an analyst by filter or one by one. A reviewer reads the accounts of the
// rounds they are in, while a round is open, and nothing else (src/reading/scope.ts). Rounds
// hold ids and days only, never words: withdrawal takes an account out of every round.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_rounds')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('opens_on', 'date', (c) => c.notNull())
    .addColumn('closes_on', 'date', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('created_on', 'date', (c) => c.notNull())
    .addCheckConstraint('review_rounds_dates_check', sql`closes_on >= opens_on`)
    .execute();
  await db.schema
    .createTable('review_round_accounts')
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('review_rounds.id').onDelete('cascade'))
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('added_on', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_round_accounts_pk', ['round_id', 'response_id'])
    .execute();
  // The rounds an account is in (its reading view, withdrawal), and a reviewer's scope joined from the account.
  await db.schema
    .createIndex('review_round_accounts_response_idx')
    .on('review_round_accounts')
    .column('response_id')
    .execute();
  await db.schema
    .createTable('review_round_reviewers')
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('review_rounds.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('review_round_reviewers_pk', ['round_id', 'user_id'])
    .execute();
  // A reviewer's rounds, read on every page they open.
  await db.schema
    .createIndex('review_round_reviewers_user_idx')
    .on('review_round_reviewers')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('review_round_reviewers').execute();
  await db.schema.dropTable('review_round_accounts').execute();
  await db.schema.dropTable('review_rounds').execute();
}
