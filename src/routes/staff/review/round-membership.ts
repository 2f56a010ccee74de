// The reading view's part about review rounds, for those who keep them (analysts and admins):
// the rounds the account is in, each with a button to take it out, and a form to put it in
// another round that has not closed. The forms post to /staff/rounds (routes/staff/rounds).
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../../db/schema.js';
import { type Round, roundState } from '../../../review/rounds.js';

export const ROUND_KEEPER_ROLES: readonly Role[] = ['analyst', 'admin'];

export function roundMembershipModel(
  request: FastifyRequest,
  responseId: string,
  inRounds: Round[],
  stillOpen: Round[],
  today: string,
) {
  const inIds = new Set(inRounds.map((round) => round.id));
  const choices = stillOpen.filter((round) => !inIds.has(round.id));
  return {
    rounds: inRounds.map((round) => ({
      name: round.name,
      href: `/staff/rounds/${round.id}`,
      state: request.t(`staff:rounds.states.${roundState(round, today)}`),
      dates: request.t('staff:rounds.dates', { opens: round.opensOn, closes: round.closesOn }),
      removeAction: `/staff/rounds/${round.id}/remove`,
    })),
    responseId,
    addAction: '/staff/rounds/add',
    choices: choices.map((round) => ({
      value: round.id,
      text: `${round.name} (${round.opensOn} – ${round.closesOn})`,
    })),
  };
}
