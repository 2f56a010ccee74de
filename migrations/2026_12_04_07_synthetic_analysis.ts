// seed-synthetic --codings writes a codebook, coders and themes as well as accounts: they are
// marked as synthetic too, so `seed-synthetic --remove` takes out exactly what it put in.
import type { Kysely } from 'kysely';

const MARKED_TABLES = ['codes', 'themes', 'staff_users'];

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
