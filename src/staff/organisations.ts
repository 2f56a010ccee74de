// Community organisations that staff (partners especially) belong to.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export async function listOrganisations(db: Kysely<Database>) {
  return db.selectFrom('organisations').selectAll().orderBy('name').execute();
}

export async function createOrganisation(db: Kysely<Database>, name: string) {
  return (
    db
      .insertInto('organisations')
      .values({ name })
      // Any clash (same name, or the same name in other capitals) means it exists already.
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst()
  );
}
