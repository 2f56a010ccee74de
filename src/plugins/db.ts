// Makes the database handle available as app.db (Kysely) and closes it when the app closes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../db/connect.js';
import type { Database } from '../db/schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    database: DatabaseHandle;
  }
}

async function dbPlugin(app: FastifyInstance, options: { handle: DatabaseHandle; closeOnExit: boolean }) {
  app.decorate('database', options.handle);
  app.decorate('db', options.handle.db);
  if (options.closeOnExit) app.addHook('onClose', async () => options.handle.close());
}

export default fp(dbPlugin, { name: 'db' });
