// The signed-in user's own pages: the staff home, their account, changing their password and
// setting up two-factor sign-in (with single-use recovery codes, shown once).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { StaffContext } from '../../plugins/staff-auth.js';
import { audit } from '../../staff/audit.js';
import { hashPassword, verifyPassword } from '../../staff/passwords.js';
import { endOtherSessions } from '../../staff/sessions.js';
import {
  checkTotp,
  decryptSecret,
  encryptSecret,
  newTotpSecret,
  replaceRecoveryCodes,
  totpFor,
} from '../../staff/totp.js';
import { setPassword } from '../../staff/users.js';
import { newPasswordFields, passwordHint } from './password-forms.js';
import { errorFor, formErrors, renderStaff } from './render.js';

const changePasswordForm = z
  .object({ current: z.string({ error: 'current_password_wrong' }).max(1000), ...newPasswordFields })
  .refine((f) => f.password === f.confirm, { message: 'password_mismatch', path: ['confirm'] });

const enrolForm = z.object({
  pending: z.string().max(500),
  code: z.string().trim().max(20),
});

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
  ) => {
    const { user } = me(request);
    return renderStaff(request, reply.code(errors.length ? 422 : 200), 'account', {
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
    if (!(await verifyPassword(staff.user.password_hash, form.data.current))) {
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

  const enrolPage = async (request: FastifyRequest, reply: FastifyReply, base32: string, error?: string) => {
    const { user } = me(request);
    const uri = totpFor(base32, user.email).toString();
    return renderStaff(request, reply.code(error ? 422 : 200), 'two-factor', {
      title: request.t('staff:twoFactor.title'),
      hasErrors: Boolean(error),
      errors: error ? [{ target: 'f-code', message: error }] : [],
      error,
      enabled: user.totp_enabled,
      required: app.config.require2fa && user.roles.includes('admin') && !user.totp_enabled,
      secret: base32.replace(/(.{4})/g, '$1 ').trim(),
      // Encrypted, so the secret can ride in the form until the code proves the app has it.
      pending: encryptSecret(app.config.secret, base32),
      qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1, width: 200 }),
      uri,
    });
  };

  app.get('/staff/account/two-factor', async (request, reply) => enrolPage(request, reply, newTotpSecret()));

  app.post('/staff/account/two-factor', async (request, reply) => {
    const staff = me(request);
    const form = enrolForm.safeParse(request.body ?? {});
    let base32: string;
    try {
      base32 = decryptSecret(app.config.secret, form.success ? form.data.pending : '');
    } catch {
      return enrolPage(request, reply, newTotpSecret(), request.t('staff:twoFactor.wrong'));
    }
    if (!form.success || !checkTotp(base32, form.data.code)) {
      return enrolPage(request, reply, base32, request.t('staff:twoFactor.wrong'));
    }
    await app.db
      .updateTable('staff_users')
      .set({ totp_secret: encryptSecret(app.config.secret, base32), totp_enabled: true })
      .where('id', '=', staff.user.id)
      .execute();
    const codes = await replaceRecoveryCodes(app.db, staff.user.id);
    await audit(app.db, {
      actor: actorOf(staff),
      action: 'totp_enrolled',
      targetType: 'staff_user',
      targetId: staff.user.id,
    });
    return renderStaff(request, reply, 'recovery-codes', { title: request.t('staff:twoFactor.codesTitle'), codes });
  });
}
