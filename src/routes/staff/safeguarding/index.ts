// The safeguarding lead's area: the queue of open flags. Registered under /staff/safeguarding.
import type { FastifyInstance } from 'fastify';
import queueRoutes from './queue.js';

export default async function safeguardingArea(app: FastifyInstance): Promise<void> {
  await app.register(queueRoutes);
}
