// One-time links from an invitation or a reset: choose a password, then sign in with it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../staff/audit.js';
import { hashPassword } from '../../staff/passwords.js';
import { endAllSessions } from '../../staff/sessions.js';
import { consumeLink, peekLink } from '../../staff/tokens.js';
import { findUserById, setPassword } from '../../staff/users.js';
import { newPasswordForm, passwordHint } from './password-forms.js';
import { errorFor, formErrors, renderStaff } from './render.js';

interface LinkRoute {
  Params: { token: string };
  Body: Record<string, unknown> | undefined;
}

export default async function passwordLinkRoutes(app: FastifyInstance): Promise<void> {
  const linkUser = async (token: string) => {
    const link = await peekLink(app.db, ['invite', 'reset'], token);
    const user = link?.user_id ? await findUserById(app.db, link.user_id) : undefined;
    return user && !user.disabled ? user : undefined;
  };

  const expired = (request: FastifyRequest, reply: FastifyReply) =>
    renderStaff(request, reply.code(404), 'link-expired', { title: request.t('staff:link.expiredTitle') });

  const page = (
    request: FastifyRequest<LinkRoute>,
    reply: FastifyReply,
    email: string,
    errors: ReturnType<typeof formErrors> = [],
  ) =>
    renderStaff(request, reply.code(errors.length ? 422 : 200), 'set-password', {
      title: request.t('staff:setPassword.title'),
      hasErrors: errors.length > 0,
      errors,
      email,
      action: `/staff/password/${request.params.token}`,
      passwordHint: passwordHint(request),
      fieldErrors: { password: errorFor(errors, 'password'), confirm: errorFor(errors, 'confirm') },
    });

  app.get<LinkRoute>('/staff/password/:token', async (request, reply) => {
    const user = await linkUser(request.params.token);
    return user ? page(request, reply, user.email) : expired(request, reply);
  });

  app.post<LinkRoute>('/staff/password/:token', async (request, reply) => {
    const { token } = request.params;
    const user = await linkUser(token);
    if (!user) return expired(request, reply);
    const form = newPasswordForm.safeParse(request.body ?? {});
    if (!form.success) return page(request, reply, user.email, formErrors(request, form.error.issues));
    const passwordHash = await hashPassword(form.data.password);
    // One transaction: a crash cannot leave a used link and no password, or a password unaudited.
    const done = await app.db.transaction().execute(async (trx) => {
      if (!(await consumeLink(trx, token))) return false;
      await setPassword(trx, user.id, passwordHash);
      // A new password ends every session the old one opened: whoever asked for the link may
      // not be the only one who knew the old password.
      await endAllSessions(trx, user.id);
      await audit(trx, {
        actor: { id: user.id, email: user.email },
        action: 'password_set',
        targetType: 'staff_user',
        targetId: user.id,
      });
      return true;
    });
    if (!done) return expired(request, reply);
    return renderStaff(request, reply, 'password-set', { title: request.t('staff:setPassword.doneTitle') });
  });
}
