// /staff/rounds/{id}: one review round for those who keep it: its name and dates (changeable),
// its reviewers (ticked from the users holding the reviewer role), how many accounts it holds,
// with a link to read them in the accounts list, and how to add more.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../../accounts/file.js';
import { notFound } from '../../../errors/app-error.js';
import { countAccounts } from '../../../reading/count.js';
import {
  changeRound,
  findRound,
  ROUND_ADD_MAX,
  type Round,
  reviewerChoices,
  reviewersOf,
  roundState,
  setReviewers,
} from '../../../review/rounds.js';
import { roundThemeChoices } from '../../../review/theme-review.js';
import { ROUND_KEEPERS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { actorOf, type FieldError, fieldError, formErrors, renderForm, signedIn } from '../context.js';
import { ROUND_FIELDS, roundForm } from './round-form.js';

interface RoundRoute {
  Params: { id: string };
}

const asList = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** What a redirect back to the page asks it to say (`?saved=…`, `?added=…`). */
function noticeOf(request: FastifyRequest): string | undefined {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const count = (value: unknown) => Number(value).toLocaleString('en-GB');
  if (query.saved === 'round') return request.t('staff:rounds.saved');
  if (query.saved === 'reviewers') return request.t('staff:rounds.reviewersSaved');
  if (query.saved === 'themes') return request.t('staff:themeReview.roundSaved');
  if (typeof query.added === 'string' && /^\d+$/.test(query.added) && typeof query.matched === 'string') {
    return request.t('staff:rounds.addedMatching', { added: count(query.added), matched: count(query.matched) });
  }
  if (typeof query.refused === 'string' && /^\d+$/.test(query.refused)) {
    return request.t('staff:rounds.addMatchingTooMany', {
      count: count(query.refused),
      max: ROUND_ADD_MAX.toLocaleString('en-GB'),
    });
  }
  return undefined;
}

export default async function roundPageRoutes(app: FastifyInstance): Promise<void> {
  async function roundOf(request: FastifyRequest<RoundRoute>): Promise<Round> {
    const round = await findRound(app.db, request.params.id);
    if (!round) throw notFound();
    return round;
  }

  async function showRound(
    request: FastifyRequest<RoundRoute>,
    reply: FastifyReply,
    shown: { values?: Record<string, unknown>; errors?: FieldError[] } = {},
  ) {
    const round = await roundOf(request);
    const [reviewers, choices, accounts, themes] = await Promise.all([
      reviewersOf(app.db, round.id),
      reviewerChoices(app.db),
      countAccounts(app.db, { round: round.id }, { kind: 'all' }),
      roundThemeChoices(app.db, round.id),
    ]);
    const chosen = new Set(reviewers.map((r) => r.id));
    // A reviewer who has since lost the role (or been disabled) is still shown, so they can be taken off.
    const people = [...choices, ...reviewers.filter((r) => !choices.some((c) => c.id === r.id))];
    return renderForm(
      request,
      reply,
      'rounds/round',
      { errors: shown.errors, fields: [...ROUND_FIELDS, 'reviewers'] },
      {
        title: round.name,
        round,
        action: `/staff/rounds/${round.id}`,
        reviewersAction: `/staff/rounds/${round.id}/reviewers`,
        values: shown.values ?? { name: round.name, opensOn: round.opensOn, closesOn: round.closesOn },
        state: request.t(`staff:rounds.states.${roundState(round, londonDate())}`),
        dates: request.t('staff:rounds.dates', { opens: round.opensOn, closes: round.closesOn }),
        accountsText: request.t(accounts === 1 ? 'staff:rounds.accountsOne' : 'staff:rounds.accounts', {
          count: accounts.toLocaleString('en-GB'),
        }),
        readHref: `/staff/accounts?round=${round.id}`,
        people: people.map((person) => ({
          id: person.id,
          text: `${person.name} (${person.email})`,
          checked: chosen.has(person.id),
        })),
        themes,
        themesAction: `/staff/rounds/${round.id}/themes`,
        themesHref: `/staff/rounds/${round.id}/themes`,
        notice: noticeOf(request),
      },
    );
  }

  app.get<RoundRoute>('/:id', { config: { access: ROUND_KEEPERS } }, (request, reply) => showRound(request, reply));

  app.post<RoundRoute>('/:id', { config: { access: ROUND_KEEPERS } }, async (request, reply) => {
    const round = await roundOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = roundForm.safeParse(body);
    if (!parsed.success) {
      return showRound(request, reply, { values: body, errors: formErrors(request, parsed.error.issues) });
    }
    const staff = signedIn(request);
    await app.db.transaction().execute(async (trx) => {
      await changeRound(trx, round.id, parsed.data);
      await audit(trx, {
        actor: actorOf(staff),
        action: 'review_round_changed',
        targetType: 'review_round',
        targetId: round.id,
        details: { opensOn: parsed.data.opensOn, closesOn: parsed.data.closesOn },
      });
    });
    return reply.code(303).redirect(`/staff/rounds/${round.id}?saved=round`);
  });

  app.post<RoundRoute>('/:id/reviewers', { config: { access: ROUND_KEEPERS } }, async (request, reply) => {
    const round = await roundOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const asked = [...new Set(asList(body.reviewers).map(String))];
    const [choices, current] = await Promise.all([reviewerChoices(app.db), reviewersOf(app.db, round.id)]);
    // Anyone holding the reviewer role may be put in; someone already in may stay (or be taken off).
    const allowed = new Set([...choices, ...current].map((person) => person.id));
    if (asked.some((id) => !allowed.has(id))) {
      return showRound(request, reply, { errors: fieldError(request, 'reviewers', 'reviewer_unknown') });
    }
    const staff = signedIn(request);
    await app.db.transaction().execute(async (trx) => {
      await setReviewers(trx, round.id, asked);
      await audit(trx, {
        actor: actorOf(staff),
        action: 'review_round_reviewers_changed',
        targetType: 'review_round',
        targetId: round.id,
        details: { reviewers: asked },
      });
    });
    return reply.code(303).redirect(`/staff/rounds/${round.id}?saved=reviewers`);
  });
}
