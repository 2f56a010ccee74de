// Runs the migrations in migrations/ with Kysely's Migrator. Its lock (a Postgres advisory
// lock inside a transaction) lets several app instances start at once: one migrates, the
// others wait and then find nothing left to do.
import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';

export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
