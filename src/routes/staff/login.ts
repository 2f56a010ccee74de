// Signing in and out. The same message, in the same time, for an unknown email and a wrong
// password; growing delays after repeated failures (the right password is refused during one);
// wrong second-factor codes counted on their own (src/staff/second-factor.ts), so a right
// password does not forgive them; a new session id at every sign-in; sign-out ends the session
// on the server.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addressKey } from '../../abuse/address-key.js';
import { clearSessionCookie, setSessionCookie } from '../../auth/cookie.js';
import type { StaffUserRow } from '../../db/schema.js';
import { audit } from '../../staff/audit.js';
import { verifyPassword } from '../../staff/passwords.js';
import { auditSecondFactor, checkSecondFactor, minutesUntil, secondFactorState } from '../../staff/second-factor.js';
import { tokenHash } from '../../staff/secrets.js';
import { endSession, startSession } from '../../staff/sessions.js';
import {
  accountThrottleKey,
  addressLoginLimit,
  blockedUntil,
  clearFailures,
  recordFailure,
} from '../../staff/throttle.js';
import { findUserByEmail, findUserById, normaliseEmail } from '../../staff/users.js';
import { renderStaff } from './render.js';

const loginForm = z.object({
  email: z.string().trim().max(320).default(''),
  password: z.string().max(1000).default(''),
});
const secondFactorForm = z.object({ code: z.string().trim().max(64).default('') });

/** The throttle key for an email: the account's id, or a keyed hash when no account has it. */
const throttleKey = (secret: string, email: string, user: StaffUserRow | undefined) =>
  user ? accountThrottleKey(user.id) : `email:${tokenHash(`${secret}:${normaliseEmail(email)}`)}`;

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

  /** The code form, saying plainly when the user must wait or is locked, and what to do. */
  const secondFactorPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    options: { error?: string; status?: number } = {},
  ) => {
    const state = await secondFactorState(app.db, userId);
    const wait = state.waitUntil
      ? request.t('staff:secondFactor.wait', { count: minutesUntil(state.waitUntil) })
      : undefined;
    const error = options.error ?? wait;
    return renderStaff(request, reply.code(options.status ?? (wait ? 429 : 200)), 'second-factor', {
      title: request.t('staff:secondFactor.title'),
      hasErrors: Boolean(error),
      errors: error ? [{ target: 'f-code', message: error }] : [],
      error,
      locked: state.locked,
    });
  };

  app.get('/staff/login/second-factor', async (request, reply) => {
    const pending = request.staff;
    if (pending?.session.stage !== 'second_factor') return reply.code(303).redirect('/staff/login');
    return secondFactorPage(request, reply, pending.user.id, { status: 200 });
  });

  app.post('/staff/login/second-factor', async (request, reply) => {
    const pending = request.staff;
    if (pending?.session.stage !== 'second_factor') return reply.code(303).redirect('/staff/login');
    const user = await findUserById(app.db, pending.user.id);
    if (!user?.totp_secret) return reply.code(303).redirect('/staff/login');
    const form = secondFactorForm.safeParse(request.body ?? {});
    const code = form.success ? form.data.code : '';
    const result = await checkSecondFactor(app.db, app.config.secret, user, code);
    await auditSecondFactor(app.db, user, result, 'sign_in');
    if (result.kind === 'wait') return secondFactorPage(request, reply, user.id);
    if (result.kind === 'locked') {
      return secondFactorPage(request, reply, user.id, { error: request.t('staff:secondFactor.locked'), status: 423 });
    }
    if (result.kind === 'wrong') {
      const error = request.t(result.locked ? 'staff:secondFactor.wrongLocked' : 'staff:secondFactor.wrong');
      return secondFactorPage(request, reply, user.id, { error, status: 401 });
    }
    await endSession(app.db, pending.session.idHash);
    const { id } = await startSession(app.db, user.id, 'authenticated');
    setSessionCookie(reply, id);
    const actor = { id: user.id, email: user.email };
    if (result.by === 'recovery_code')
      await audit(app.db, { actor, action: 'recovery_code_used', targetType: 'staff_user', targetId: user.id });
    await audit(app.db, {
      actor,
      action: 'login',
      targetType: 'staff_user',
      targetId: user.id,
      details: { secondFactor: result.by },
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
