// Setting up two-factor sign-in, or moving it to a new phone: a new TOTP secret and ten new
// single-use recovery codes, shown once. It changes how the user signs in, so the session
// alone is not enough: the password is asked for every time, and while two-factor sign-in is
// on, a code from the current authenticator (or a recovery code) as well.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { SIGNED_IN } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { recheckPassword } from '../../../staff/reauthenticate.js';
import { auditSecondFactor, checkSecondFactor, minutesUntil, resetSecondFactor } from '../../../staff/second-factor.js';
import {
  decryptSecret,
  encryptSecret,
  newTotpSecret,
  replaceRecoveryCodes,
  setTotpSecret,
  totpFor,
  totpStep,
} from '../../../staff/totp.js';
import { findUserById } from '../../../staff/users.js';
import { actorOf, type FieldError, renderStaff, signedIn } from '../context.js';

const enrolForm = z.object({
  pending: z.string().max(500).catch(''),
  code: z.string().trim().max(20).catch(''),
  password: z.string().max(1000).catch(''),
  currentCode: z.string().trim().max(64).catch(''),
});

export default async function twoFactorRoutes(app: FastifyInstance): Promise<void> {
  const enrolPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    base32: string,
    errors: FieldError[] = [],
    status?: number,
  ) => {
    const { user } = signedIn(request);
    const uri = totpFor(base32, user.email).toString();
    const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
    return renderStaff(request, reply.code(status ?? (errors.length ? 422 : 200)), 'account/two-factor', {
      title: request.t('staff:twoFactor.title'),
      hasErrors: errors.length > 0,
      errors,
      error: errorFor('code'),
      fieldErrors: { password: errorFor('password'), currentCode: errorFor('currentCode') },
      enabled: user.totp_enabled,
      required: app.config.require2fa && user.roles.includes('admin') && !user.totp_enabled,
      secret: base32.replace(/(.{4})/g, '$1 ').trim(),
      // Encrypted, so the secret can ride in the form until the code proves the app has it.
      pending: encryptSecret(app.config.secret, base32),
      qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1, width: 200 }),
      uri,
    });
  };
  const fieldError = (field: string, message: string): FieldError => ({ target: `f-${field}`, field, message });

  app.get('/two-factor', { config: { access: SIGNED_IN } }, async (request, reply) =>
    enrolPage(request, reply, newTotpSecret()),
  );

  app.post('/two-factor', { config: { access: SIGNED_IN } }, async (request, reply) => {
    const staff = signedIn(request);
    const parsed = enrolForm.safeParse(request.body ?? {});
    const form = parsed.success ? parsed.data : { pending: '', code: '', password: '', currentCode: '' };
    let base32: string;
    try {
      base32 = decryptSecret(app.config.secret, form.pending);
    } catch {
      return enrolPage(request, reply, newTotpSecret(), [fieldError('code', request.t('staff:twoFactor.wrong'))]);
    }
    // The new app's code first: checking it costs nothing and uses up no current code.
    if (totpStep(base32, form.code) === undefined) {
      return enrolPage(request, reply, base32, [fieldError('code', request.t('staff:twoFactor.wrong'))]);
    }
    const password = await app.db
      .transaction()
      .execute((trx) => recheckPassword(trx, staff.user, form.password, 'two_factor'));
    if (password.kind === 'wait') {
      const message = request.t('staff:errors.reauth_throttled', { count: minutesUntil(password.until) });
      return enrolPage(request, reply, base32, [fieldError('password', message)], 429);
    }
    if (password.kind === 'wrong') {
      return enrolPage(request, reply, base32, [
        fieldError('password', request.t('staff:errors.current_password_wrong')),
      ]);
    }
    const user = await findUserById(app.db, staff.user.id);
    if (!user) return reply.code(303).redirect('/staff/login');
    let replacing = false;
    if (user.totp_enabled && user.totp_secret) {
      const current = await app.db.transaction().execute(async (trx) => {
        const result = await checkSecondFactor(trx, app.config.secret, user, form.currentCode);
        await auditSecondFactor(trx, user, result, 'account');
        return result;
      });
      if (current.kind !== 'accepted') {
        const message =
          current.kind === 'wait'
            ? request.t('staff:secondFactor.wait', { count: minutesUntil(current.until) })
            : current.kind === 'locked' || current.locked
              ? request.t('staff:secondFactor.locked')
              : request.t('staff:twoFactor.currentWrong');
        return enrolPage(request, reply, base32, [fieldError('currentCode', message)]);
      }
      replacing = true;
    }
    const codes = await app.db.transaction().execute(async (trx) => {
      await setTotpSecret(trx, app.config.secret, user.id, base32);
      await resetSecondFactor(trx, user.id);
      const fresh = await replaceRecoveryCodes(trx, user.id);
      await audit(trx, {
        actor: actorOf(staff),
        action: replacing ? 'totp_replaced' : 'totp_enrolled',
        targetType: 'staff_user',
        targetId: user.id,
      });
      return fresh;
    });
    return renderStaff(request, reply, 'account/recovery-codes', {
      title: request.t('staff:twoFactor.codesTitle'),
      codes,
    });
  });
}
