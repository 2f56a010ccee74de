// Draft themes before a review round's reviewers: /staff/rounds/{id}/themes shows each theme the
// round's keepers put before it, with its central idea, how many accounts support it (through
// disclosure control) and a few passages from the round's own accounts (personal details hidden,
// none with a safeguarding flag open), with the reviewers' comments, each by display name only,
// and the analysts' answers. While the round is open, its reviewers comment on each theme: does it
// say what people told us, and what is missing. Nothing outside the round is shown; a reviewer
// outside it, or after it closes, is answered as if there were no such page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountDocument } from '../../../accounts/document.js';
import { londonDate } from '../../../accounts/file.js';
import { redactedQuote } from '../../../coding/runs.js';
import { staffDay } from '../../../dates/staff-time.js';
import { disclosedText } from '../../../disclosure/suppress.js';
import { notFound } from '../../../errors/app-error.js';
import { isLocaleCode, localeInfo } from '../../../i18n/locales.js';
import { findRound, type Round, reviewersOf, roundState } from '../../../review/rounds.js';
import {
  addComment,
  COMMENT_MAX,
  commentsOfRound,
  type SamplePassage,
  samplePassages,
  setRoundThemes,
  themesOfRound,
} from '../../../review/theme-review.js';
import { ROUND_KEEPERS, ROUND_READERS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { cleanText } from '../../../surveys/answers.js';
import { actorOf, type FieldError, renderStaff, signedIn } from '../context.js';
import { ROUND_KEEPER_ROLES } from '../review/round-membership.js';

interface RoundRoute {
  Params: { id: string };
}

interface CommentRoute {
  Params: { id: string; themeId: string };
}

export default async function roundThemesRoutes(app: FastifyInstance): Promise<void> {
  /** The round, if the signed-in user may read its themes: a keeper, or one of its reviewers while it is open. */
  async function readableRound(request: FastifyRequest<RoundRoute>) {
    const round = await findRound(app.db, request.params.id);
    if (!round) throw notFound();
    const { user } = signedIn(request);
    const keeps = user.roles.some((role) => ROUND_KEEPER_ROLES.includes(role));
    const open = roundState(round, londonDate()) === 'open';
    const reviews = (await reviewersOf(app.db, round.id)).some((reviewer) => reviewer.id === user.id);
    if (!keeps && !(reviews && open)) throw notFound();
    return { round, mayComment: reviews && open };
  }

  function passageModel(request: FastifyRequest, passage: SamplePassage) {
    const document = (passage.answers ?? {}) as AccountDocument;
    const answer = document[passage.questionId];
    const words = typeof answer?.value === 'string' ? answer.value : '';
    const hidden = (answer?.personalDetails ?? []).filter((span) => span.field === 'value');
    const locale = passage.translationLocale ?? passage.locale;
    return {
      // Always hidden here, whoever reads: reviewers are not the council's staff.
      quote:
        passage.translationLocale === null && words
          ? redactedQuote(words, passage.start, passage.end, hidden, (kind) => `[${request.t(`staff:pii.${kind}`)}]`)
          : passage.quote,
      lang: locale,
      dir: isLocaleCode(locale) ? localeInfo(locale).dir : undefined,
    };
  }

  async function showThemes(
    request: FastifyRequest<RoundRoute>,
    reply: FastifyReply,
    shown: { errors?: FieldError[]; typed?: { themeId: string; says: string; missing: string }; notice?: string } = {},
  ) {
    const { round, mayComment } = await readableRound(request);
    const themes = await themesOfRound(app.db, round.id);
    const [passages, comments] = await Promise.all([
      samplePassages(
        app.db,
        round.id,
        themes.map((theme) => theme.id),
      ),
      commentsOfRound(app.db, round.id),
    ]);
    const errors = shown.errors ?? [];
    return renderStaff(request, reply.code(errors.length ? 422 : 200), 'rounds/themes', {
      title: request.t('staff:themeReview.title', { name: round.name }),
      hasErrors: errors.length > 0,
      errors,
      round,
      notice:
        shown.notice ??
        ((request.query as Record<string, unknown>)?.done === 'commented'
          ? request.t('staff:themeReview.commented')
          : undefined),
      themes: themes.map((theme, index) => {
        const typed = shown.typed?.themeId === theme.id ? shown.typed : undefined;
        return {
          id: theme.id,
          index,
          name: theme.name,
          centralIdea: theme.centralIdea,
          accounts: request.t('staff:themeReview.accounts', { count: disclosedText(theme.accounts) }),
          passages: passages.filter((p) => p.themeId === theme.id).map((p) => passageModel(request, p)),
          comments: comments
            .filter((comment) => comment.themeId === theme.id)
            .map((comment) => ({
              author: comment.authorName,
              when: staffDay(comment.createdAt),
              says: comment.says,
              missing: comment.missing,
              answer: comment.answer,
              answeredBy: comment.answeredByName,
            })),
          action: mayComment ? `/staff/rounds/${round.id}/themes/${theme.id}/comments` : undefined,
          says: typed?.says ?? '',
          missing: typed?.missing ?? '',
          error: typed ? errors[0]?.message : undefined,
        };
      }),
      commentMax: COMMENT_MAX,
    });
  }

  app.get<RoundRoute>('/:id/themes', { config: { access: ROUND_READERS } }, (request, reply) =>
    showThemes(request, reply),
  );

  app.post<CommentRoute>(
    '/:id/themes/:themeId/comments',
    { config: { access: ROUND_READERS } },
    async (request, reply) => {
      const { round, mayComment } = await readableRound(request);
      const themes = await themesOfRound(app.db, round.id);
      const theme = themes.find((t) => t.id === request.params.themeId);
      if (!mayComment || !theme) throw notFound();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const says = typeof body.says === 'string' ? cleanText(body.says).trim() : '';
      const missing = typeof body.missing === 'string' ? cleanText(body.missing).trim() : '';
      const index = themes.indexOf(theme);
      const refuse = (key: 'comment_required' | 'comment_too_long') =>
        showThemes(request, reply, {
          errors: [{ target: `f-says-${index}`, field: 'says', message: request.t(`staff:errors.${key}`) }],
          typed: { themeId: theme.id, says, missing },
        });
      if (says === '' && missing === '') return refuse('comment_required');
      if ([...says].length > COMMENT_MAX || [...missing].length > COMMENT_MAX) return refuse('comment_too_long');
      const staff = signedIn(request);
      await app.db.transaction().execute(async (trx) => {
        const id = await addComment(trx, {
          themeId: theme.id,
          roundId: round.id,
          authorId: staff.user.id,
          says,
          missing,
        });
        await audit(trx, {
          actor: actorOf(staff),
          action: 'theme_commented',
          targetType: 'review_round',
          targetId: round.id,
          details: { theme: theme.id, comment: id },
        });
      });
      return reply.code(303).redirect(`/staff/rounds/${round.id}/themes?done=commented#theme-${index}`);
    },
  );

  app.post<RoundRoute>('/:id/themes', { config: { access: ROUND_KEEPERS } }, async (request, reply) => {
    const round: Round | undefined = await findRound(app.db, request.params.id);
    if (!round) throw notFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const asked = (Array.isArray(body.themes) ? body.themes : [body.themes]).filter(
      (v): v is string => typeof v === 'string',
    );
    const staff = signedIn(request);
    await app.db.transaction().execute(async (trx) => {
      await setRoundThemes(trx, round.id, asked);
      await audit(trx, {
        actor: actorOf(staff),
        action: 'review_round_themes_changed',
        targetType: 'review_round',
        targetId: round.id,
        details: { themes: asked },
      });
    });
    return reply.code(303).redirect(`/staff/rounds/${round.id}?saved=themes`);
  });
}
