// Which assisted sessions a user may work with: partners their own organisation's, admins all.
// Anyone else's session is "not found", never "forbidden": its existence is not theirs to know.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findAssistedSession } from '../../../assisted-sessions/repository.js';
import { notFound } from '../../../errors/app-error.js';
import { signedIn } from '../context.js';

/** The organisation whose sessions this user sees; undefined for admins, who see every one. */
export const scopeOf = (request: FastifyRequest) => {
  const { user } = signedIn(request);
  return user.roles.includes('admin') ? undefined : user.organisation_id;
};

/** The session named in the path, if this user may work with it; otherwise a 404. */
export async function ownSession(app: FastifyInstance, request: FastifyRequest<{ Params: { id: string } }>) {
  const session = await findAssistedSession(app.db, request.params.id);
  const scope = scopeOf(request);
  if (!session || (scope !== undefined && session.organisation_id !== scope)) throw notFound();
  return session;
}
