// Second-factor guessing gets its own counter per staff user, kept in the database so every
// instance agrees, and separate from the password throttle so a right password cannot clear
// it: the wrong codes in a row, when the next try is allowed, and whether the codes are locked
// (only a recovery code or an admin lifts that).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('staff_users')
    .addColumn('second_factor_failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('second_factor_wait_until', 'timestamptz')
    .addColumn('second_factor_locked', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('staff_users')
    .dropColumn('second_factor_locked')
    .dropColumn('second_factor_wait_until')
    .dropColumn('second_factor_failures')
    .execute();
}
