// Signing in with a password, and signing out. The same message, in the same time, for an
// unknown email and a wrong password; growing delays after repeated failures (the right password
// is refused during one); a new session id at every sign-in; sign-out ends the session on the
// server. The second step, for users with two-factor sign-in, is second-factor.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StaffUserRow } from '../../../db/schema.js';
import { addressKey } from '../../../plugins/address-key.js';
import { clearSessionCookie, setSessionCookie } from '../../../plugins/sign-in-cookie.js';
import { ANYONE, SIGNED_IN } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { verifyPassword } from '../../../staff/passwords.js';
import { tokenHash } from '../../../staff/secrets.js';
import { endSignInSession, startSignInSession } from '../../../staff/sign-in-sessions.js';
import {
  accountThrottleKey,
  addressLoginLimit,
  blockedUntil,
  clearFailures,
  recordFailure,
} from '../../../staff/throttle.js';
import { findUserByEmail, normaliseEmail } from '../../../staff/users.js';
import { actorOf, renderStaff } from '../context.js';

const loginForm = z.object({
  email: z.string().trim().max(320).default(''),
  password: z.string().max(1000).default(''),
});

/** The throttle key for an email: the account's id, or a keyed hash when no account has it. */
const throttleKey = (secret: string, email: string, user: StaffUserRow | undefined) =>
  user ? accountThrottleKey(user.id) : `email:${tokenHash(`${secret}:${normaliseEmail(email)}`)}`;

/** The typed email only when an account has it: a password typed into the email box must not reach the log. */
const triedAccount = (user: StaffUserRow | undefined) => (user ? { email: user.email } : { unknownAccount: true });

export default async function loginRoutes(app: FastifyInstance): Promise<void> {
  const addressFailures = addressLoginLimit();

  const loginPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { email?: string; error?: string; status?: number } = {},
  ) =>
    renderStaff(request, reply.code(options.status ?? 200), 'auth/login', {
      title: request.t('staff:login.title'),
      hasErrors: Boolean(options.error),
      errors: options.error ? [{ target: 'f-email', message: options.error }] : [],
      error: options.error,
      email: options.email ?? '',
    });

  app.get('/login', { config: { access: ANYONE } }, async (request, reply) => {
    if (request.staff?.session.stage === 'authenticated') return reply.code(303).redirect('/staff/');
    return loginPage(request, reply);
  });

  app.post('/login', { config: { access: ANYONE } }, async (request, reply) => {
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
        details: triedAccount(user),
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
    // verifyPassword spends the same time when there is no account or no password yet. It runs
    // before any transaction opens: a hash takes long enough not to hold a connection through it.
    const ok = (await verifyPassword(user?.password_hash, password)) && user !== undefined && !user.disabled;
    if (!ok || !user) {
      addressFailures.hit(address);
      await app.db.transaction().execute(async (trx) => {
        await recordFailure(trx, key);
        await audit(trx, {
          action: 'login_failed',
          targetType: 'staff_user',
          targetId: user?.id,
          details: triedAccount(user),
        });
      });
      return loginPage(request, reply, { email, error: request.t('staff:login.wrong'), status: 401 });
    }
    // A new id at every sign-in: an id planted before sign-in is worth nothing after it.
    const stage = user.totp_enabled ? 'second_factor' : 'authenticated';
    const { id } = await app.db.transaction().execute(async (trx) => {
      await clearFailures(trx, key);
      if (request.staff) await endSignInSession(trx, request.staff.session.idHash);
      const started = await startSignInSession(trx, user.id, stage);
      if (stage === 'authenticated') {
        const actor = { id: user.id, email: user.email };
        await audit(trx, { actor, action: 'login', targetType: 'staff_user', targetId: user.id });
      }
      return started;
    });
    setSessionCookie(reply, id);
    if (stage === 'second_factor') return reply.code(303).redirect('/staff/login/second-factor');
    return reply.code(303).redirect('/staff/');
  });

  app.post('/logout', { config: { access: SIGNED_IN } }, async (request, reply) => {
    const staff = request.staff;
    if (staff) {
      await app.db.transaction().execute(async (trx) => {
        await endSignInSession(trx, staff.session.idHash);
        await audit(trx, {
          actor: actorOf(staff),
          action: 'logout',
          targetType: 'staff_user',
          targetId: staff.user.id,
        });
      });
    }
    clearSessionCookie(reply);
    return reply.code(303).redirect('/staff/login');
  });
}
