// First run: while no admin exists, start-up logs a one-time link (valid an hour) to create
// the first one. Once an admin exists, no setup link works again.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { linkExpired } from '../../../errors/app-error.js';
import { setSessionCookie } from '../../../plugins/sign-in-cookie.js';
import { ANYONE } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { hashPassword } from '../../../staff/passwords.js';
import { startSignInSession } from '../../../staff/sign-in-sessions.js';
import { consumeLink, createLink, peekLink, revokeSetupLinks } from '../../../staff/tokens.js';
import { activeAdminExists, createUser, findUserByEmail } from '../../../staff/users.js';
import { type FieldError, fieldError, formErrors, renderForm } from '../context.js';
import { cleaned } from '../fields/cleaned-text.js';
import { newPasswordFields, passwordHint } from '../fields/password.js';

const setupForm = z
  .object({
    email: z.email('email_invalid').max(320, 'email_invalid'),
    displayName: cleaned(z.string({ error: 'name_required' }).trim().min(1, 'name_required').max(120, 'name_too_long')),
    ...newPasswordFields,
  })
  .refine((f) => f.password === f.confirm, { message: 'password_mismatch', path: ['confirm'] });

interface SetupRoute {
  Params: { token: string };
  Body: Record<string, unknown> | undefined;
}

/** Logs the first-run link when there is no admin yet; returns the link (for tests). */
export async function announceSetupLink(app: FastifyInstance): Promise<string | undefined> {
  if (await activeAdminExists(app.db)) return undefined;
  const url = `${app.config.publicUrl}/staff/setup/${await createLink(app.db, 'setup', null)}`;
  app.log.warn({ setupUrl: url }, 'No admin account yet. Open this link within one hour to create the first one.');
  return url;
}

export default async function setupRoutes(app: FastifyInstance): Promise<void> {
  const usable = async (token: string) =>
    !(await activeAdminExists(app.db)) && (await peekLink(app.db, ['setup'], token));

  const page = (
    request: FastifyRequest<SetupRoute>,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) =>
    renderForm(
      request,
      reply,
      'auth/setup',
      { errors, fields: ['email', 'displayName', 'password', 'confirm'] },
      {
        title: request.t('staff:setup.title'),
        action: `/staff/setup/${request.params.token}`,
        email: typeof values.email === 'string' ? values.email : '',
        displayName: typeof values.displayName === 'string' ? values.displayName : '',
        passwordHint: passwordHint(request),
      },
    );

  app.get<SetupRoute>('/setup/:token', { config: { access: ANYONE } }, async (request, reply) => {
    if (!(await usable(request.params.token))) throw linkExpired();
    return page(request, reply, {});
  });

  app.post<SetupRoute>('/setup/:token', { config: { access: ANYONE } }, async (request, reply) => {
    const { token } = request.params;
    if (!(await usable(token))) throw linkExpired();
    const body = request.body ?? {};
    const form = setupForm.safeParse(body);
    if (!form.success) return page(request, reply, body, formErrors(request, form.error.issues));
    if (await findUserByEmail(app.db, form.data.email)) {
      return page(request, reply, body, fieldError(request, 'email', 'email_taken'));
    }
    const passwordHash = await hashPassword(form.data.password);
    // The link, the admin, the revoked links, the first sign-in and their audit entries: all or nothing.
    const created = await app.db.transaction().execute(async (trx) => {
      if (!(await consumeLink(trx, token))) return undefined;
      const user = await createUser(trx, {
        email: form.data.email,
        displayName: form.data.displayName,
        roles: ['admin'],
        passwordHash,
      });
      // Other instances logged setup links of their own: none may make a second first admin.
      await revokeSetupLinks(trx);
      const actor = { id: user.id, email: user.email };
      await audit(trx, { actor, action: 'setup_completed', targetType: 'staff_user', targetId: user.id });
      const session = await startSignInSession(trx, user.id, 'authenticated');
      await audit(trx, { actor, action: 'login', targetType: 'staff_user', targetId: user.id });
      return session;
    });
    if (!created) throw linkExpired();
    setSessionCookie(reply, created.id);
    return reply.code(303).redirect('/staff/');
  });
}
