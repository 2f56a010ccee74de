// The ways in, open to anyone: signing in (and out), first-run setup, one-time password links.
// Registered under /staff.
import type { FastifyInstance } from 'fastify';
import loginRoutes from './login.js';
import passwordLinkRoutes from './password-link.js';
import secondFactorRoutes from './second-factor.js';
import setupRoutes from './setup.js';

export default async function authArea(app: FastifyInstance): Promise<void> {
  await app.register(loginRoutes);
  await app.register(secondFactorRoutes);
  await app.register(setupRoutes);
  await app.register(passwordLinkRoutes);
}
