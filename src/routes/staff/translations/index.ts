// Translators' area: the queue of accounts in their languages waiting for a translation, and the
// side-by-side page per account. Registered under /staff/translations.
import type { FastifyInstance } from 'fastify';
import queueRoutes from './queue.js';
import translateRoutes from './translate.js';

export default async function translationsArea(app: FastifyInstance): Promise<void> {
  await app.register(queueRoutes);
  await app.register(translateRoutes);
}
