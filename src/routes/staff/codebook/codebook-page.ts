// /staff/codebook: a survey's codes as a tree, a form to add one, and the decision log. The
// survey is chosen in the query string (?survey=slug), the first survey if none is named.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decisionsOf } from '../../../review/code-decisions.js';
import { codesOf, createCode } from '../../../review/codebook.js';
import { CODERS } from '../../../staff/access.js';
import { type FieldError, fieldError, formErrors, renderForm, signedIn } from '../context.js';
import { chooseSurvey } from '../survey-choice.js';
import agreementRoutes from './agreement.js';
import { CODE_FIELDS, newCodeForm } from './code-form.js';
import { codeChoices, colourChoices, decisionsModel, treeModel } from './codebook-model.js';
import codebookExchangeRoutes from './exchange.js';

export default async function codebookPageRoutes(app: FastifyInstance): Promise<void> {
  /** The survey the request names (or the first), with its id. */
  const surveyOf = (slug: unknown) => chooseSurvey(app, slug);

  async function showCodebook(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: unknown,
    shown: { values?: Record<string, unknown>; errors?: FieldError[]; status?: number } = {},
  ) {
    const survey = await surveyOf(slug);
    const [codes, decisions] = await Promise.all([
      codesOf(app.db, survey.surveyId),
      decisionsOf(app.db, survey.surveyId, 50),
    ]);
    const values = shown.values ?? {};
    const query = (request.query ?? {}) as Record<string, unknown>;
    const imported = /^(\d{1,6})\.(\d{1,6})\.(\d{1,6})\.(\d{1,6})$/.exec(String(query.imported ?? ''));
    return renderForm(
      request,
      reply,
      'codebook/codebook',
      { errors: shown.errors, fields: [...CODE_FIELDS, 'file'], status: shown.status },
      {
        title: request.t('staff:codebook.title'),
        slug: survey.slug,
        surveys: survey.choices,
        codes: treeModel(request, codes),
        values,
        parents: codeChoices(codes, typeof values.parent === 'string' ? values.parent : null),
        colours: colourChoices(request, typeof values.colour === 'string' && values.colour ? values.colour : null),
        decisions: decisionsModel(request, decisions, codes),
        notice: imported
          ? request.t('staff:codebook.imported', {
              added: imported[1],
              changed: imported[2],
              unchanged: imported[3],
              themes: imported[4],
            })
          : query.added === '1'
            ? request.t('staff:codebook.added')
            : undefined,
        agreementHref: `/staff/codebook/agreement?survey=${encodeURIComponent(survey.slug)}`,
        exportHref: codes.some((code) => !code.mergedInto)
          ? `/staff/codebook/export?survey=${encodeURIComponent(survey.slug)}`
          : undefined,
      },
    );
  }

  await app.register(codebookExchangeRoutes, { surveyOf, showCodebook });
  await app.register(agreementRoutes, { surveyOf });

  app.get('/', { config: { access: CODERS }, prefixTrailingSlash: 'no-slash' }, (request, reply) =>
    showCodebook(request, reply, (request.query as Record<string, unknown>)?.survey),
  );

  app.post('/codes', { config: { access: CODERS } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const survey = await surveyOf(body.survey);
    const parsed = newCodeForm.safeParse(body);
    if (!parsed.success) {
      return showCodebook(request, reply, survey.slug, {
        values: body,
        errors: formErrors(request, parsed.error.issues),
      });
    }
    const { user } = signedIn(request);
    const result = await app.db.transaction().execute((trx) =>
      createCode(trx, {
        surveyId: survey.surveyId,
        parentId: parsed.data.parent,
        name: parsed.data.name,
        description: parsed.data.description,
        colour: parsed.data.colour,
        by: user.id,
      }),
    );
    if (result.kind === 'name_taken') {
      return showCodebook(request, reply, survey.slug, {
        values: body,
        errors: fieldError(request, 'name', 'code_name_taken'),
      });
    }
    if (result.kind !== 'saved') {
      return showCodebook(request, reply, survey.slug, {
        values: body,
        errors: fieldError(request, 'parent', 'parent_unknown'),
      });
    }
    return reply.code(303).redirect(`/staff/codebook?survey=${encodeURIComponent(survey.slug)}&added=1`);
  });
}
