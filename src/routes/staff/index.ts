// Everything behind /staff. Access for each route is declared in src/auth/access.ts and
// enforced by the staff-auth plugin, registered before these routes so it sees them all.
import type { FastifyInstance } from 'fastify';
import accountRoutes from './account.js';
import adminAuditRoutes from './admin-audit.js';
import adminOrganisationRoutes from './admin-organisations.js';
import adminUserRoutes from './admin-users.js';
import assistedEntryRoutes from './assisted-entry.js';
import loginRoutes from './login.js';
import passwordLinkRoutes from './password-link.js';
import responseRoutes from './responses.js';
import sessionRoutes from './sessions.js';
import setupRoutes from './setup.js';
import twoFactorRoutes from './two-factor.js';

export default async function staffRoutes(app: FastifyInstance): Promise<void> {
  await app.register(loginRoutes);
  await app.register(setupRoutes);
  await app.register(passwordLinkRoutes);
  await app.register(accountRoutes);
  await app.register(twoFactorRoutes);
  await app.register(adminUserRoutes);
  await app.register(adminOrganisationRoutes);
  await app.register(adminAuditRoutes);
  await app.register(sessionRoutes);
  await app.register(assistedEntryRoutes);
  await app.register(responseRoutes);
}
