// `/{locale}/`: what Codka is, the open surveys, and the way back to a receipt.
import type { FastifyInstance } from 'fastify';
import { displayText } from '../../surveys/text.js';
import { type LocaleParams, requireLocale } from './locale-param.js';

export default async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: LocaleParams }>('/:locale/', { preHandler: requireLocale }, async (request, reply) => {
    const { t, locale } = request;
    const surveys = (await app.surveys.listOpen()).map(({ survey }) => ({
      href: `/${locale}/surveys/${survey.slug}`,
      title: displayText(survey.title, locale, survey.defaultLocale),
    }));
    return reply.render('public/home', {
      title: t('home.title'),
      homeHref: `/${locale}/`,
      languageLinks: true,
      surveys,
      links: [{ heading: t('home.receiptHeading'), href: `/${locale}/receipt`, text: t('home.receiptLink') }],
    });
  });
}
