// Signing in and out. The same message, in the same time, for an unknown email and a wrong
// password; growing delays after repeated failures (the right password is refused during one);
// a new session id at every sign-in; sign-out ends the session on the server.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addressKey } from '../../abuse/address-key.js';
import { clearSessionCookie, setSessionCookie } from '../../auth/cookie.js';
import type { StaffUserRow } from '../../db/schema.js';
import { audit } from '../../staff/audit.js';
import { verifyPassword } from '../../staff/passwords.js';
import { tokenHash } from '../../staff/secrets.js';
import { endSession, startSession } from '../../staff/sessions.js';
import { addressLoginLimit, blockedUntil, clearFailures, recordFailure } from '../../staff/throttle.js';
import { decryptSecret, useRecoveryCode, useTotp } from '../../staff/totp.js';
import { findUserByEmail, findUserById, normaliseEmail } from '../../staff/users.js';
import { renderStaff } from './render.js';

const loginForm = z.object({
  email: z.string().trim().max(320).default(''),
  password: z.string().max(1000).default(''),
});
const secondFactorForm = z.object({ code: z.string().trim().max(64).default('') });

/** The throttle key for an email: the account's id, or a keyed hash when no account has it. */
const throttleKey = (secret: string, email: string, user: StaffUserRow | undefined) =>
  user ? `account:${user.id}` : `email:${tokenHash(`${secret}:${normaliseEmail(email)}`)}`;

export default async function loginRoutes(app: FastifyInstance): Promise<void> {
  const addressFailures = addressLoginLimit();

  const loginPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { email?: string; error?: string; status?: number } = {},
  ) =>
    renderStaff(request, reply.code(options.status ?? 200), 'login', {
      title: request.t('staff:login.title'),
      hasErrors: Boolean(options.error),
      errors: options.error ? [{ target: 'f-email', message: options.error }] : [],
      error: options.error,
      email: options.email ?? '',
    });

  app.get('/staff/login', async (request, reply) => {
    if (request.staff?.session.stage === 'authenticated') return reply.code(303).redirect('/staff/');
    return loginPage(request, reply);
  });

  app.post('/staff/login', async (request, reply) => {
    const form = loginForm.safeParse(request.body ?? {});
    const { email, password } = form.success ? form.data : { email: '', password: '' };
    const address = addressKey(request);
    // No account has a NUL in its email (Postgres refuses one in a query, with a 500).
    const user = email && !email.includes('\u0000') ? await findUserByEmail(app.db, email) : undefined;
    const key = throttleKey(app.config.secret, email, user);
    const waitUntil = await blockedUntil(app.db, key);
    if (waitUntil || addressFailures.blocked(address)) {
      await audit(app.db, {
        action: 'login_throttled',
        targetType: 'staff_user',
        targetId: user?.id,
        // The typed email only when an account has it: a password typed into the email box
        // must not end up in the audit log.
        details: user ? { email: user.email } : { unknownAccount: true },
      });
      const minutes = Math.max(
        1,
        Math.ceil(((waitUntil?.getTime() ?? Date.now() + 15 * 60_000) - Date.now()) / 60_000),
      );
      return loginPage(request, reply, {
        email,
        error: request.t('staff:login.throttled', { count: minutes }),
        status: 429,
      });
    }
    // verifyPassword spends the same time when there is no account or no password yet.
    const ok = (await verifyPassword(user?.password_hash, password)) && user !== undefined && !user.disabled;
    if (!ok || !user) {
      await recordFailure(app.db, key);
      addressFailures.hit(address);
      await audit(app.db, {
        action: 'login_failed',
        targetType: 'staff_user',
        targetId: user?.id,
        // The typed email only when an account has it: a password typed into the email box
        // must not end up in the audit log.
        details: user ? { email: user.email } : { unknownAccount: true },
      });
      return loginPage(request, reply, { email, error: request.t('staff:login.wrong'), status: 401 });
    }
    await clearFailures(app.db, key);
    if (request.staff) await endSession(app.db, request.staff.session.idHash);
    // A new id at every sign-in: an id planted before sign-in is worth nothing after it.
    const stage = user.totp_enabled ? 'second_factor' : 'authenticated';
    const { id } = await startSession(app.db, user.id, stage);
    setSessionCookie(reply, id);
    if (stage === 'second_factor') return reply.code(303).redirect('/staff/login/second-factor');
    await audit(app.db, {
      actor: { id: user.id, email: user.email },
      action: 'login',
      targetType: 'staff_user',
      targetId: user.id,
    });
    return reply.code(303).redirect('/staff/');
  });

  const secondFactorPage = (request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) =>
    renderStaff(request, reply.code(status), 'second-factor', {
      title: request.t('staff:secondFactor.title'),
      hasErrors: Boolean(error),
      errors: error ? [{ target: 'f-code', message: error }] : [],
      error,
    });

  app.get('/staff/login/second-factor', async (request, reply) => {
    if (request.staff?.session.stage !== 'second_factor') return reply.code(303).redirect('/staff/login');
    return secondFactorPage(request, reply);
  });

  app.post('/staff/login/second-factor', async (request, reply) => {
    const pending = request.staff;
    if (pending?.session.stage !== 'second_factor') return reply.code(303).redirect('/staff/login');
    const user = await findUserById(app.db, pending.user.id);
    if (!user?.totp_secret) return reply.code(303).redirect('/staff/login');
    const key = `account:${user.id}`;
    const waitUntil = await blockedUntil(app.db, key);
    if (waitUntil) {
      const minutes = Math.max(1, Math.ceil((waitUntil.getTime() - Date.now()) / 60_000));
      return secondFactorPage(request, reply, request.t('staff:login.throttled', { count: minutes }), 429);
    }
    const form = secondFactorForm.safeParse(request.body ?? {});
    const code = form.success ? form.data.code : '';
    const byTotp = await useTotp(app.db, user.id, decryptSecret(app.config.secret, user.totp_secret), code);
    const byRecovery = !byTotp && (await useRecoveryCode(app.db, user.id, code));
    if (!byTotp && !byRecovery) {
      await recordFailure(app.db, key);
      await audit(app.db, {
        action: 'login_failed',
        targetType: 'staff_user',
        targetId: user.id,
        details: { step: 'second_factor' },
      });
      return secondFactorPage(request, reply, request.t('staff:secondFactor.wrong'), 401);
    }
    await clearFailures(app.db, key);
    await endSession(app.db, pending.session.idHash);
    const { id } = await startSession(app.db, user.id, 'authenticated');
    setSessionCookie(reply, id);
    const actor = { id: user.id, email: user.email };
    if (byRecovery)
      await audit(app.db, { actor, action: 'recovery_code_used', targetType: 'staff_user', targetId: user.id });
    await audit(app.db, {
      actor,
      action: 'login',
      targetType: 'staff_user',
      targetId: user.id,
      details: { secondFactor: byTotp ? 'totp' : 'recovery_code' },
    });
    return reply.code(303).redirect('/staff/');
  });

  app.post('/staff/logout', async (request, reply) => {
    const staff = request.staff;
    if (staff) {
      await endSession(app.db, staff.session.idHash);
      await audit(app.db, {
        actor: { id: staff.user.id, email: staff.user.email },
        action: 'logout',
        targetType: 'staff_user',
        targetId: staff.user.id,
      });
    }
    clearSessionCookie(reply);
    return reply.code(303).redirect('/staff/login');
  });
}
