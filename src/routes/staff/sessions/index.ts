// Community partners' assisted sessions: creating them, their counts, and entering accounts
// for residents. Registered under /staff/sessions.
import type { FastifyInstance } from 'fastify';
import entryRoutes from './entry.js';
import sessionRoutes from './sessions.js';

export default async function sessionsArea(app: FastifyInstance): Promise<void> {
  await app.register(sessionRoutes);
  await app.register(entryRoutes);
}
