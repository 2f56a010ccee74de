// Community review rounds, under /staff/rounds: the list (every round for those who keep them, a
// reviewer's own for a reviewer), one round's page (its name, dates and reviewers), and the
// forms that put accounts in a round and take them out.
import type { FastifyInstance } from 'fastify';
import roundAccountsRoutes from './round-accounts.js';
import roundPageRoutes from './round-page.js';
import roundThemesRoutes from './round-themes.js';
import roundsListRoutes from './rounds-list.js';

export default async function roundsArea(app: FastifyInstance): Promise<void> {
  await app.register(roundsListRoutes);
  await app.register(roundAccountsRoutes);
  await app.register(roundPageRoutes);
  await app.register(roundThemesRoutes);
}
