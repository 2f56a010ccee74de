// The signed-in user's account page and changing their password (which asks for the current
// one, throttled like signing in). Two-factor set-up is in two-factor.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SIGNED_IN } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { hashPassword } from '../../../staff/passwords.js';
import { recheckPassword } from '../../../staff/reauthenticate.js';
import { minutesUntil } from '../../../staff/second-factor.js';
import { endOtherSignInSessions } from '../../../staff/sign-in-sessions.js';
import { setPassword } from '../../../staff/users.js';
import { actorOf, type FieldError, fieldError, formErrors, renderForm, signedIn } from '../context.js';
import { newPasswordFields, passwordHint } from '../fields/password.js';

const changePasswordForm = z
  .object({ current: z.string({ error: 'current_password_wrong' }).max(1000), ...newPasswordFields })
  .refine((f) => f.password === f.confirm, { message: 'password_mismatch', path: ['confirm'] });

export default async function accountRoutes(app: FastifyInstance): Promise<void> {
  const accountPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: FieldError[] = [],
    notice?: string,
    status?: number,
  ) => {
    const { user } = signedIn(request);
    return renderForm(
      request,
      reply,
      'account/account',
      { errors, fields: ['current', 'password', 'confirm'], ...(status ? { status } : {}) },
      {
        title: request.t('staff:account.title'),
        notice,
        email: user.email,
        displayName: user.display_name,
        roles: user.roles.map((role) => request.t(`staff:roles.${role}`)).join(', '),
        languages: user.languages.join(', '),
        totpEnabled: user.totp_enabled,
        passwordHint: passwordHint(request),
      },
    );
  };

  app.get('/', { config: { access: SIGNED_IN }, prefixTrailingSlash: 'no-slash' }, async (request, reply) =>
    accountPage(request, reply),
  );

  app.post('/password', { config: { access: SIGNED_IN } }, async (request, reply) => {
    const staff = signedIn(request);
    const form = changePasswordForm.safeParse(request.body ?? {});
    if (!form.success) return accountPage(request, reply, formErrors(request, form.error.issues));
    const check = await app.db
      .transaction()
      .execute((trx) => recheckPassword(trx, staff.user, form.data.current, 'password_change'));
    if (check.kind === 'wait') {
      const message = request.t('staff:errors.reauth_throttled', { count: minutesUntil(check.until) });
      return accountPage(request, reply, [{ target: 'f-current', field: 'current', message }], undefined, 429);
    }
    if (check.kind === 'wrong')
      return accountPage(request, reply, fieldError(request, 'current', 'current_password_wrong'));
    const passwordHash = await hashPassword(form.data.password);
    await app.db.transaction().execute(async (trx) => {
      await setPassword(trx, staff.user.id, passwordHash);
      await endOtherSignInSessions(trx, staff.user.id, staff.session.idHash);
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
