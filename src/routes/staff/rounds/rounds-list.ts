// /staff/rounds: for analysts and admins, every round with its dates and sizes and a form to
// start a new one; for a community reviewer, the rounds they are in, each with a link to read
// its accounts while it is open.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../../accounts/file.js';
import { createRound, listRounds, roundState } from '../../../review/rounds.js';
import { ROUND_KEEPERS, ROUND_READERS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { actorOf, type FieldError, formErrors, renderForm, signedIn } from '../context.js';
import { ROUND_KEEPER_ROLES } from '../review/round-membership.js';
import { ROUND_FIELDS, roundForm } from './round-form.js';

export default async function roundsListRoutes(app: FastifyInstance): Promise<void> {
  async function showRounds(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors: FieldError[] = [],
  ) {
    const { user } = signedIn(request);
    const keeps = user.roles.some((role) => ROUND_KEEPER_ROLES.includes(role));
    const today = londonDate();
    const rounds = await listRounds(app.db, keeps ? undefined : { reviewerId: user.id });
    return renderForm(
      request,
      reply,
      'rounds/rounds',
      { errors, fields: ROUND_FIELDS },
      {
        title: request.t(keeps ? 'staff:rounds.title' : 'staff:rounds.yoursTitle'),
        keeps,
        values,
        rounds: rounds.map((round) => {
          const state = roundState(round, today);
          return {
            name: round.name,
            href: keeps ? `/staff/rounds/${round.id}` : undefined,
            readHref: keeps || state === 'open' ? `/staff/accounts?round=${round.id}` : undefined,
            themesHref: keeps || state === 'open' ? `/staff/rounds/${round.id}/themes` : undefined,
            state: request.t(`staff:rounds.states.${state}`),
            dates: request.t('staff:rounds.dates', { opens: round.opensOn, closes: round.closesOn }),
            accounts: round.accounts.toLocaleString('en-GB'),
            reviewers: round.reviewers.toLocaleString('en-GB'),
          };
        }),
      },
    );
  }

  app.get('/', { config: { access: ROUND_READERS }, prefixTrailingSlash: 'no-slash' }, (request, reply) =>
    showRounds(request, reply),
  );

  app.post('/', { config: { access: ROUND_KEEPERS }, prefixTrailingSlash: 'no-slash' }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = roundForm.safeParse(body);
    if (!parsed.success) return showRounds(request, reply, body, formErrors(request, parsed.error.issues));
    const staff = signedIn(request);
    const id = await app.db.transaction().execute(async (trx) => {
      const created = await createRound(trx, { ...parsed.data, createdBy: staff.user.id, createdOn: londonDate() });
      await audit(trx, {
        actor: actorOf(staff),
        action: 'review_round_created',
        targetType: 'review_round',
        targetId: created,
        details: { opensOn: parsed.data.opensOn, closesOn: parsed.data.closesOn },
      });
      return created;
    });
    return reply.code(303).redirect(`/staff/rounds/${id}`);
  });
}
