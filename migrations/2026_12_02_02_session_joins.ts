// Join codes stop working: a session accepts residents' own phones from the day before it is
// held until the last day its partner chose (the day itself unless they said otherwise), and
// not at all once the partner closes it. Dates only: nothing here says when anyone joined.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('assisted_sessions')
    .addColumn('joins_until', 'date')
    .addColumn('closed', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('assisted_sessions').dropColumn('closed').dropColumn('joins_until').execute();
}
