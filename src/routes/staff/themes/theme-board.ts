// /staff/themes: the theme board of a survey (?survey=slug): every theme by status, with its
// central idea, the codes it gathers and how many accounts (residents, not passages) support it;
// and a form to add a theme from codes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { codesOf } from '../../../review/codebook.js';
import { commentingRounds } from '../../../review/theme-review.js';
import { createTheme, themesOf } from '../../../review/themes.js';
import { CODERS } from '../../../staff/access.js';
import { type FieldError, formErrors, renderForm, signedIn } from '../context.js';
import { chooseSurvey } from '../survey-choice.js';
import { newThemeForm, THEME_FIELDS } from './theme-form.js';
import { boardModel, codeBoxes } from './themes-model.js';

export default async function themeBoardRoutes(app: FastifyInstance): Promise<void> {
  async function showBoard(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: unknown,
    shown: { values?: Record<string, unknown>; errors?: FieldError[] } = {},
  ) {
    const survey = await chooseSurvey(app, slug);
    const [themes, codes] = await Promise.all([themesOf(app.db, survey.surveyId), codesOf(app.db, survey.surveyId)]);
    const rounds = await commentingRounds(
      app.db,
      themes.map((theme) => theme.id),
    );
    const values = shown.values ?? {};
    const ticked = new Set(
      (Array.isArray(values.codes) ? values.codes : [values.codes]).filter((v): v is string => typeof v === 'string'),
    );
    const query = (request.query ?? {}) as Record<string, unknown>;
    return renderForm(
      request,
      reply,
      'themes/board',
      { errors: shown.errors, fields: THEME_FIELDS },
      {
        title: request.t('staff:themes.title'),
        slug: survey.slug,
        surveys: survey.choices,
        groups: boardModel(request, themes, codes, rounds),
        any: themes.length > 0,
        values,
        codes: codeBoxes(codes, ticked).filter((code) => !code.retired),
        codebookHref: `/staff/codebook?survey=${encodeURIComponent(survey.slug)}`,
        notice: query.added === '1' ? request.t('staff:themes.added') : undefined,
      },
    );
  }

  app.get('/', { config: { access: CODERS }, prefixTrailingSlash: 'no-slash' }, (request, reply) =>
    showBoard(request, reply, (request.query as Record<string, unknown>)?.survey),
  );

  app.post('/', { config: { access: CODERS }, prefixTrailingSlash: 'no-slash' }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const survey = await chooseSurvey(app, body.survey);
    const parsed = newThemeForm.safeParse(body);
    if (!parsed.success) {
      return showBoard(request, reply, survey.slug, { values: body, errors: formErrors(request, parsed.error.issues) });
    }
    const { user } = signedIn(request);
    const id = await app.db.transaction().execute((trx) =>
      createTheme(trx, {
        surveyId: survey.surveyId,
        name: parsed.data.name,
        centralIdea: parsed.data.centralIdea,
        codeIds: parsed.data.codes,
        by: user.id,
      }),
    );
    return reply.code(303).redirect(`/staff/themes/${id}?done=added`);
  });
}
