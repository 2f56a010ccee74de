// The signed-in user's own pages: the staff home, their account and changing their password
// (which asks for the current one, throttled like signing in). Two-factor set-up is in
// two-factor.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StaffContext } from '../../plugins/staff-auth.js';
import { audit } from '../../staff/audit.js';
import { hashPassword } from '../../staff/passwords.js';
import { recheckPassword } from '../../staff/reauthenticate.js';
import { minutesUntil } from '../../staff/second-factor.js';
import { endOtherSessions } from '../../staff/sessions.js';
import { setPassword } from '../../staff/users.js';
import { newPasswordFields, passwordHint } from './password-forms.js';
import { errorFor, formErrors, renderStaff } from './render.js';

const changePasswordForm = z
  .object({ current: z.string({ error: 'current_password_wrong' }).max(1000), ...newPasswordFields })
  .refine((f) => f.password === f.confirm, { message: 'password_mismatch', path: ['confirm'] });

/** Signed in: the access table guarantees it for these routes. */
const me = (request: FastifyRequest): StaffContext => request.staff as StaffContext;
const actorOf = (staff: StaffContext) => ({ id: staff.user.id, email: staff.user.email });

export default async function accountRoutes(app: FastifyInstance): Promise<void> {
  app.get('/staff/', async (request, reply) =>
    renderStaff(request, reply, 'home', {
      title: request.t('staff:home.title'),
      name: me(request).user.display_name,
      roles: me(request).user.roles.map((role) => request.t(`staff:roles.${role}`)),
      isAdmin: me(request).user.roles.includes('admin'),
    }),
  );

  const accountPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: ReturnType<typeof formErrors> = [],
    notice?: string,
    status?: number,
  ) => {
    const { user } = me(request);
    return renderStaff(request, reply.code(status ?? (errors.length ? 422 : 200)), 'account', {
      title: request.t('staff:account.title'),
      hasErrors: errors.length > 0,
      errors,
      notice,
      email: user.email,
      displayName: user.display_name,
      roles: user.roles.map((role) => request.t(`staff:roles.${role}`)).join(', '),
      languages: user.languages.join(', '),
      totpEnabled: user.totp_enabled,
      passwordHint: passwordHint(request),
      fieldErrors: Object.fromEntries(['current', 'password', 'confirm'].map((f) => [f, errorFor(errors, f)])),
    });
  };

  app.get('/staff/account', async (request, reply) => accountPage(request, reply));

  app.post('/staff/account/password', async (request, reply) => {
    const staff = me(request);
    const form = changePasswordForm.safeParse(request.body ?? {});
    if (!form.success) return accountPage(request, reply, formErrors(request, form.error.issues));
    const check = await recheckPassword(app.db, staff.user, form.data.current, 'password_change');
    if (check.kind === 'wait') {
      const message = request.t('staff:errors.reauth_throttled', { count: minutesUntil(check.until) });
      return accountPage(request, reply, [{ target: 'f-current', field: 'current', message }], undefined, 429);
    }
    if (check.kind === 'wrong') {
      return accountPage(
        request,
        reply,
        formErrors(request, [{ path: ['current'], message: 'current_password_wrong' }]),
      );
    }
    const passwordHash = await hashPassword(form.data.password);
    await app.db.transaction().execute(async (trx) => {
      await setPassword(trx, staff.user.id, passwordHash);
      await endOtherSessions(trx, staff.user.id, staff.session.idHash);
      await audit(trx, {
        actor: actorOf(staff),
        action: 'password_changed',
        targetType: 'staff_user',
        targetId: staff.user.id,
      });
    });
    return accountPage(request, reply, [], request.t('staff:account.passwordChanged'));
  });
}
