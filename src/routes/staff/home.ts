// The staff home page: who is signed in, with which roles.
import type { FastifyInstance } from 'fastify';
import { SIGNED_IN } from '../../staff/access.js';
import { renderStaff, signedIn } from './context.js';

export default async function homeRoutes(app: FastifyInstance): Promise<void> {
  // Only `/staff/`: the bare `/staff` stays unanswered, as it always was.
  app.get('/', { config: { access: SIGNED_IN }, prefixTrailingSlash: 'slash' }, async (request, reply) => {
    const { user } = signedIn(request);
    return renderStaff(request, reply, 'account/home', {
      title: request.t('staff:home.title'),
      name: user.display_name,
      roles: user.roles.map((role) => request.t(`staff:roles.${role}`)),
      isAdmin: user.roles.includes('admin'),
    });
  });
}
