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

/** Whether an organisation with this id exists (a well-formed id alone would fail the foreign key). */
export async function organisationExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
