// Admin: staff users, organisations and the audit log. Registered under /staff/admin.
import type { FastifyInstance } from 'fastify';
import auditRoutes from './audit.js';
import organisationRoutes from './organisations.js';
import userRoutes from './users.js';

export default async function adminArea(app: FastifyInstance): Promise<void> {
  await app.register(userRoutes);
  await app.register(organisationRoutes);
  await app.register(auditRoutes);
}
