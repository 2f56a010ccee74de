// `/{locale}/surveys/{slug}/print`: the survey on paper, for sessions without devices. Every
// question is shown (showIf becomes an instruction-free "if" question: paper cannot hide it),
// with tick boxes and writing lines, laid out for A4 by the print rules in the stylesheet.
import type { FastifyInstance } from 'fastify';
import { displayText } from '../../surveys/text.js';
import { questionView, type ViewContext } from '../../surveys/view-model.js';
import { requireLocale } from './locale-param.js';
import { paragraphs } from './survey-views.js';

interface PrintRoute {
  Params: { locale: string; slug: string };
}

/** More lines for longer answers: between 2 and 12. */
const writingLines = (maxLength: number) =>
  Array.from({ length: Math.min(12, Math.max(2, Math.ceil(maxLength / 800))) });

export default async function printRoutes(app: FastifyInstance): Promise<void> {
  app.get<PrintRoute>('/:locale/surveys/:slug/print', { preHandler: requireLocale }, async (request, reply) => {
    const entry = await app.surveys.get(request.params.slug);
    if (!entry || entry.stored.status === 'draft') return reply.callNotFound();
    const { survey } = entry;
    const ctx: ViewContext = { survey, locale: request.locale, t: request.t };
    const show = (text: Parameters<typeof displayText>[0]) => displayText(text, request.locale, survey.defaultLocale);
    const pages = survey.pages.map((page) => ({
      title: show(page.title),
      intro: page.intro ? show(page.intro) : undefined,
      questions: page.questions.map((q) => {
        const view = questionView(ctx, q, {});
        const lines = q.kind === 'text' ? writingLines(q.maxLength) : undefined;
        return { ...view, lines };
      }),
    }));
    return reply.render('public/survey-print', {
      title: `${show(survey.title).text} – ${request.t('print.title')}`,
      homeHref: `/${request.locale}/`,
      surveyTitle: show(survey.title),
      intro: paragraphs(ctx, survey.intro),
      privacyNotice: paragraphs(ctx, survey.privacyNotice),
      pages,
    });
  });
}
