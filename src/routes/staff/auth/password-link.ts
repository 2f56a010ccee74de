// One-time links from an invitation or a reset: choose a password, then sign in with it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { linkExpired } from '../../../errors/app-error.js';
import { ANYONE } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { hashPassword } from '../../../staff/passwords.js';
import { endAllSignInSessions } from '../../../staff/sign-in-sessions.js';
import { consumeLink, peekLink } from '../../../staff/tokens.js';
import { findUserById, setPassword } from '../../../staff/users.js';
import { type FieldError, formErrors, renderForm, renderStaff } from '../context.js';
import { newPasswordForm, passwordHint } from '../fields/password.js';

interface LinkRoute {
  Params: { token: string };
  Body: Record<string, unknown> | undefined;
}

export default async function passwordLinkRoutes(app: FastifyInstance): Promise<void> {
  /** The link's user, if the link is live and the user may still sign in; else the expired page. */
  const linkUser = async (token: string) => {
    const link = await peekLink(app.db, ['invite', 'reset'], token);
    const user = link?.user_id ? await findUserById(app.db, link.user_id) : undefined;
    if (!user || user.disabled) throw linkExpired();
    return user;
  };

  const page = (request: FastifyRequest<LinkRoute>, reply: FastifyReply, email: string, errors: FieldError[] = []) =>
    renderForm(
      request,
      reply,
      'auth/set-password',
      { errors, fields: ['password', 'confirm'] },
      {
        title: request.t('staff:setPassword.title'),
        email,
        action: `/staff/password/${request.params.token}`,
        passwordHint: passwordHint(request),
      },
    );

  app.get<LinkRoute>('/password/:token', { config: { access: ANYONE } }, async (request, reply) =>
    page(request, reply, (await linkUser(request.params.token)).email),
  );

  app.post<LinkRoute>('/password/:token', { config: { access: ANYONE } }, async (request, reply) => {
    const { token } = request.params;
    const user = await linkUser(token);
    const form = newPasswordForm.safeParse(request.body ?? {});
    if (!form.success) return page(request, reply, user.email, formErrors(request, form.error.issues));
    const passwordHash = await hashPassword(form.data.password);
    // One transaction: a crash cannot leave a used link and no password, or a password unaudited.
    const done = await app.db.transaction().execute(async (trx) => {
      if (!(await consumeLink(trx, token))) return false;
      await setPassword(trx, user.id, passwordHash);
      // A new password ends every session the old one opened: whoever asked for the link may
      // not be the only one who knew the old password.
      await endAllSignInSessions(trx, user.id);
      await audit(trx, {
        actor: { id: user.id, email: user.email },
        action: 'password_set',
        targetType: 'staff_user',
        targetId: user.id,
      });
      return true;
    });
    if (!done) throw linkExpired();
    return renderStaff(request, reply, 'auth/password-set', { title: request.t('staff:setPassword.doneTitle') });
  });
}
