// /staff/themes/{id}: one theme, to rename, say its central idea, move along its status
// (candidate → reviewed → defined, or set aside) and choose the codes it gathers; with its
// history. The form carries the version the editor saw: when a colleague saved first, the page
// comes back (409) with their version beside this editor's edit, which stays in the form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffDay } from '../../../dates/staff-time.js';
import { notFound } from '../../../errors/app-error.js';
import { codesOf } from '../../../review/codebook.js';
import { addMemo, memosOn } from '../../../review/memos.js';
import { answerComment, COMMENT_MAX, commentsOfTheme } from '../../../review/theme-review.js';
import { changeTheme, findTheme, THEME_STATUSES, type Theme, themeDecisionsOf } from '../../../review/themes.js';
import { CODERS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { cleanText } from '../../../surveys/answers.js';
import { surveySlugOf } from '../../../surveys/repository.js';
import { actorOf, type FieldError, formErrors, renderForm, signedIn } from '../context.js';
import { type MemoShown, memoFrom, memosModel } from '../memo-form.js';
import { changeThemeForm, THEME_FIELDS } from './theme-form.js';
import { codeBoxes, historyModel, statusText } from './themes-model.js';

interface ThemeRoute {
  Params: { id: string };
}

interface Shown {
  memo?: MemoShown;
  answerTyped?: { commentId: string; answer: string };
  values?: Record<string, unknown>;
  errors?: FieldError[];
  theirs?: Theme;
  notice?: string;
}

const NOTICES: Record<string, string> = {
  added: 'staff:themes.added',
  saved: 'staff:themes.saved',
  answered: 'staff:themeReview.answered',
  memo: 'staff:memos.added',
};

interface CommentRoute {
  Params: { id: string; commentId: string };
}

const listOf = (value: unknown) =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

export default async function themePageRoutes(app: FastifyInstance): Promise<void> {
  async function themeOf(request: FastifyRequest<ThemeRoute>): Promise<Theme> {
    const theme = await findTheme(app.db, request.params.id);
    if (!theme) throw notFound();
    return theme;
  }

  async function showTheme(request: FastifyRequest<ThemeRoute>, reply: FastifyReply, shown: Shown = {}) {
    const theme = await themeOf(request);
    const [codes, decisions, slug, comments, memos] = await Promise.all([
      codesOf(app.db, theme.surveyId),
      themeDecisionsOf(app.db, theme.id),
      surveySlugOf(app.db, theme.surveyId),
      commentsOfTheme(app.db, theme.id),
      memosOn(app.db, 'theme', theme.id),
    ]);
    const byId = new Map(codes.map((code) => [code.id, code]));
    const values = shown.values ?? {
      name: theme.name,
      centralIdea: theme.centralIdea,
      status: theme.status,
      codes: theme.codeIds,
    };
    const query = (request.query ?? {}) as Record<string, unknown>;
    return renderForm(
      request,
      reply,
      'themes/theme',
      {
        errors: [...(shown.errors ?? []), ...(shown.memo?.errors ?? [])],
        fields: THEME_FIELDS,
        status: shown.theirs ? 409 : undefined,
      },
      {
        title: theme.name,
        theme,
        boardHref: `/staff/themes?survey=${encodeURIComponent(slug ?? '')}`,
        passagesHref: `/staff/themes/${theme.id}/passages`,
        accounts: request.t('staff:themes.accounts', { count: theme.accountCount }),
        statusNow: statusText(request, theme.status),
        version: (shown.theirs ?? theme).version,
        values,
        statuses: THEME_STATUSES.map((status) => ({
          value: status,
          text: statusText(request, status),
          hint: request.t(`staff:themes.statusHint.${status}`),
          checked: values.status === status,
        })),
        codes: codeBoxes(codes, new Set(listOf(values.codes))),
        theirs: shown.theirs && {
          name: shown.theirs.name,
          centralIdea: shown.theirs.centralIdea,
          status: statusText(request, shown.theirs.status),
          codes: shown.theirs.codeIds.map((id) => byId.get(id)?.name ?? '').join(', '),
        },
        notice:
          shown.notice ?? (NOTICES[String(query.done)] ? request.t(NOTICES[String(query.done)] as string) : undefined),
        history: historyModel(request, decisions, codes),
        memos: memosModel(memos, `/staff/themes/${theme.id}/memos`, shown.memo),
        comments: comments.map((comment, index) => ({
          index,
          round: comment.roundName,
          author: comment.authorName,
          when: staffDay(comment.createdAt),
          says: comment.says,
          missing: comment.missing,
          answer: shown.answerTyped?.commentId === comment.id ? shown.answerTyped.answer : (comment.answer ?? ''),
          answered: comment.answer !== null,
          answeredBy: comment.answeredByName,
          action: `/staff/themes/${theme.id}/comments/${comment.id}`,
          error: shown.answerTyped?.commentId === comment.id ? shown.errors?.[0]?.message : undefined,
        })),
      },
    );
  }

  app.get<ThemeRoute>('/:id', { config: { access: CODERS } }, (request, reply) => showTheme(request, reply));

  app.post<ThemeRoute>('/:id/memos', { config: { access: CODERS } }, async (request, reply) => {
    const theme = await themeOf(request);
    const memo = memoFrom(request);
    if ('shown' in memo) return showTheme(request, reply, { memo: memo.shown });
    const { user } = signedIn(request);
    await addMemo(app.db, { kind: 'theme', targetId: theme.id, authorId: user.id, body: memo.body });
    return reply.code(303).redirect(`/staff/themes/${theme.id}?done=memo#memos-heading`);
  });

  // An analyst answers a reviewer's comment; the reviewers see the answer beside it.
  app.post<CommentRoute>('/:id/comments/:commentId', { config: { access: CODERS } }, async (request, reply) => {
    const theme = await themeOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const answer = typeof body.answer === 'string' ? cleanText(body.answer).trim() : '';
    if (answer === '' || [...answer].length > COMMENT_MAX) {
      const key = answer === '' ? 'answer_required' : 'comment_too_long';
      const index = (await commentsOfTheme(app.db, theme.id)).findIndex((c) => c.id === request.params.commentId);
      if (index < 0) throw notFound();
      return showTheme(request, reply, {
        errors: [{ target: `f-answer-${index}`, field: 'answer', message: request.t(`staff:errors.${key}`) }],
        answerTyped: { commentId: request.params.commentId, answer },
      });
    }
    const staff = signedIn(request);
    const saved = await app.db.transaction().execute(async (trx) => {
      const done = await answerComment(trx, {
        commentId: request.params.commentId,
        themeId: theme.id,
        answer,
        by: staff.user.id,
      });
      if (done) {
        await audit(trx, {
          actor: actorOf(staff),
          action: 'theme_comment_answered',
          targetType: 'theme',
          targetId: theme.id,
          details: { comment: request.params.commentId },
        });
      }
      return done;
    });
    if (!saved) throw notFound();
    return reply.code(303).redirect(`/staff/themes/${theme.id}?done=answered#comments-heading`);
  });

  app.post<ThemeRoute>('/:id', { config: { access: CODERS } }, async (request, reply) => {
    await themeOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = changeThemeForm.safeParse(body);
    if (!parsed.success) {
      return showTheme(request, reply, { values: body, errors: formErrors(request, parsed.error.issues) });
    }
    const { user } = signedIn(request);
    const result = await app.db.transaction().execute((trx) =>
      changeTheme(trx, {
        id: request.params.id,
        version: parsed.data.version,
        name: parsed.data.name,
        centralIdea: parsed.data.centralIdea,
        status: parsed.data.status,
        codeIds: parsed.data.codes,
        by: user.id,
      }),
    );
    if (result.kind === 'missing') throw notFound();
    if (result.kind === 'stale') {
      return showTheme(request, reply, {
        values: body,
        theirs: result.current,
        notice: request.t('staff:themes.stale'),
      });
    }
    return reply.code(303).redirect(`/staff/themes/${request.params.id}?done=saved`);
  });
}
