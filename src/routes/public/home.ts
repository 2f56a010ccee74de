// `/{locale}/`: what Codka is, the open surveys, and the way back to a receipt.
import type { FastifyInstance } from 'fastify';
import { type LocaleParams, requireLocale } from './locale-param.js';

export default async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: LocaleParams }>('/:locale/', { preHandler: requireLocale }, async (request, reply) => {
    const { t, locale } = request;
    return reply.render('public/home', {
      title: t('home.title'),
      homeHref: `/${locale}/`,
      languageLinks: true,
      surveys: [],
      links: [],
    });
  });
}
