// The second step of signing in, for users with two-factor sign-in on: a code from their
// authenticator or a recovery code. Wrong codes are counted on their own
// (src/staff/second-factor.ts), so a right password does not forgive them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { setSessionCookie } from '../../../plugins/sign-in-cookie.js';
import { ANYONE } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { auditSecondFactor, checkSecondFactor, minutesUntil, secondFactorState } from '../../../staff/second-factor.js';
import { endSignInSession, startSignInSession } from '../../../staff/sign-in-sessions.js';
import { findUserById } from '../../../staff/users.js';
import { renderStaff } from '../context.js';

const secondFactorForm = z.object({ code: z.string().trim().max(64).default('') });

export default async function secondFactorRoutes(app: FastifyInstance): Promise<void> {
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
    return renderStaff(request, reply.code(options.status ?? (wait ? 429 : 200)), 'auth/second-factor', {
      title: request.t('staff:secondFactor.title'),
      hasErrors: Boolean(error),
      errors: error ? [{ target: 'f-code', message: error }] : [],
      error,
      locked: state.locked,
    });
  };

  app.get('/login/second-factor', { config: { access: ANYONE } }, async (request, reply) => {
    const pending = request.staff;
    if (pending?.session.stage !== 'second_factor') return reply.code(303).redirect('/staff/login');
    return secondFactorPage(request, reply, pending.user.id, { status: 200 });
  });

  app.post('/login/second-factor', { config: { access: ANYONE } }, async (request, reply) => {
    const pending = request.staff;
    if (pending?.session.stage !== 'second_factor') return reply.code(303).redirect('/staff/login');
    const user = await findUserById(app.db, pending.user.id);
    if (!user?.totp_secret) return reply.code(303).redirect('/staff/login');
    const form = secondFactorForm.safeParse(request.body ?? {});
    const code = form.success ? form.data.code : '';
    // The try, its count and its audit entries, and on success the new session, commit together.
    const outcome = await app.db.transaction().execute(async (trx) => {
      const result = await checkSecondFactor(trx, app.config.secret, user, code);
      await auditSecondFactor(trx, user, result, 'sign_in');
      if (result.kind !== 'accepted') return { result, sessionId: undefined };
      await endSignInSession(trx, pending.session.idHash);
      const { id } = await startSignInSession(trx, user.id, 'authenticated');
      const actor = { id: user.id, email: user.email };
      if (result.by === 'recovery_code')
        await audit(trx, { actor, action: 'recovery_code_used', targetType: 'staff_user', targetId: user.id });
      await audit(trx, {
        actor,
        action: 'login',
        targetType: 'staff_user',
        targetId: user.id,
        details: { secondFactor: result.by },
      });
      return { result, sessionId: id };
    });
    const { result } = outcome;
    if (result.kind === 'wait') return secondFactorPage(request, reply, user.id);
    if (result.kind === 'locked') {
      return secondFactorPage(request, reply, user.id, { error: request.t('staff:secondFactor.locked'), status: 423 });
    }
    if (result.kind === 'wrong') {
      const error = request.t(result.locked ? 'staff:secondFactor.wrongLocked' : 'staff:secondFactor.wrong');
      return secondFactorPage(request, reply, user.id, { error, status: 401 });
    }
    if (outcome.sessionId) setSessionCookie(reply, outcome.sessionId);
    return reply.code(303).redirect('/staff/');
  });
}
