// The signed-in user's own account: password and two-factor sign-in. Registered under
// /staff/account.
import type { FastifyInstance } from 'fastify';
import accountRoutes from './password.js';
import twoFactorRoutes from './two-factor.js';

export default async function accountArea(app: FastifyInstance): Promise<void> {
  await app.register(accountRoutes);
  await app.register(twoFactorRoutes);
}
