// Reading accounts (and, to come, translating, coding and theming them). Registered under
// /staff: its pages are /staff/accounts, /staff/translations, /staff/codebook and the like.
import type { FastifyInstance } from 'fastify';
import accountViewRoutes from './account-view.js';
import accountsListRoutes from './accounts-list.js';

export default async function reviewArea(app: FastifyInstance): Promise<void> {
  await app.register(accountsListRoutes);
  await app.register(accountViewRoutes);
}
