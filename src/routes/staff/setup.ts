// First run: while no admin exists, start-up logs a one-time link (valid an hour) to create
// the first one. Once an admin exists, no setup link works again.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { setSessionCookie } from '../../auth/cookie.js';
import { audit } from '../../staff/audit.js';
import { hashPassword } from '../../staff/passwords.js';
import { startSession } from '../../staff/sessions.js';
import { consumeLink, createLink, peekLink, revokeSetupLinks } from '../../staff/tokens.js';
import { activeAdminExists, createUser, findUserByEmail } from '../../staff/users.js';
import { newPasswordFields, passwordHint } from './password-forms.js';
import { errorFor, formErrors, renderStaff } from './render.js';
import { cleaned } from './text-field.js';

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

  const expired = (request: FastifyRequest, reply: FastifyReply) =>
    renderStaff(request, reply.code(404), 'link-expired', { title: request.t('staff:link.expiredTitle') });

  const page = (
    request: FastifyRequest<SetupRoute>,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: ReturnType<typeof formErrors> = [],
  ) =>
    renderStaff(request, reply.code(errors.length ? 422 : 200), 'setup', {
      title: request.t('staff:setup.title'),
      hasErrors: errors.length > 0,
      errors,
      action: `/staff/setup/${request.params.token}`,
      email: typeof values.email === 'string' ? values.email : '',
      displayName: typeof values.displayName === 'string' ? values.displayName : '',
      passwordHint: passwordHint(request),
      fieldErrors: Object.fromEntries(
        ['email', 'displayName', 'password', 'confirm'].map((f) => [f, errorFor(errors, f)]),
      ),
    });

  app.get<SetupRoute>('/staff/setup/:token', async (request, reply) =>
    (await usable(request.params.token)) ? page(request, reply, {}) : expired(request, reply),
  );

  app.post<SetupRoute>('/staff/setup/:token', async (request, reply) => {
    const { token } = request.params;
    if (!(await usable(token))) return expired(request, reply);
    const body = request.body ?? {};
    const form = setupForm.safeParse(body);
    if (!form.success) return page(request, reply, body, formErrors(request, form.error.issues));
    if (await findUserByEmail(app.db, form.data.email)) {
      return page(request, reply, body, formErrors(request, [{ path: ['email'], message: 'email_taken' }]));
    }
    const passwordHash = await hashPassword(form.data.password);
    const user = await app.db.transaction().execute(async (trx) => {
      if (!(await consumeLink(trx, token))) return undefined;
      const created = await createUser(trx, {
        email: form.data.email,
        displayName: form.data.displayName,
        roles: ['admin'],
        passwordHash,
      });
      // Other instances logged setup links of their own: none may make a second first admin.
      await revokeSetupLinks(trx);
      const actor = { id: created.id, email: created.email };
      await audit(trx, { actor, action: 'setup_completed', targetType: 'staff_user', targetId: created.id });
      return created;
    });
    if (!user) return expired(request, reply);
    const actor = { id: user.id, email: user.email };
    const { id } = await startSession(app.db, user.id, 'authenticated');
    setSessionCookie(reply, id);
    await audit(app.db, { actor, action: 'login', targetType: 'staff_user', targetId: user.id });
    return reply.code(303).redirect('/staff/');
  });
}
