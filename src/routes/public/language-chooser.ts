// `/`: every language named in its own script. Accept-Language only adds a suggestion at the
// top; there is no redirect and no cookie, so the resident always chooses.
import type { FastifyInstance } from 'fastify';
import { LOCALES, suggestLocale } from '../../i18n/locales.js';

export default async function languageChooserRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => {
    const languages = LOCALES.map((locale) => ({
      ...locale,
      continueText: app.translatorFor(locale.code)('chooser.continueIn'),
    }));
    const suggestedCode = suggestLocale(request.headers['accept-language']);
    const suggested = languages.find((l) => l.code === suggestedCode);
    return reply.header('vary', 'Accept-Language').render('public/language-chooser', {
      title: request.t('chooser.title'),
      languages,
      suggested,
    });
  });
}
