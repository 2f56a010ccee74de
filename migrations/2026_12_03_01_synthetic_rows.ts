// Synthetic data for development, benches and demos (`npm run cli -- seed-synthetic`) is marked
// on every row it writes, so `seed-synthetic --remove` deletes exactly those and never a
// resident's account. The mark is false for everything the service itself writes.
import type { Kysely } from 'kysely';

const MARKED_TABLES = ['responses', 'assisted_sessions', 'organisations'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of MARKED_TABLES) {
    await db.schema
      .alterTable(table)
      .addColumn('synthetic', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of MARKED_TABLES) await db.schema.alterTable(table).dropColumn('synthetic').execute();
}
