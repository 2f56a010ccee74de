// Sets request.locale from the first path segment (never a cookie, never a guess) and
// request.t, a translator fixed to that locale. Paths without a locale use English.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { i18n } from 'i18next';
import { DEFAULT_LOCALE, type LocaleCode, localeFromPath } from '../i18n/locales.js';
import { createI18n, type Translate } from '../i18n/resources.js';

declare module 'fastify' {
  interface FastifyInstance {
    i18n: i18n;
    translatorFor(locale: LocaleCode): Translate;
  }
  interface FastifyRequest {
    locale: LocaleCode;
    t: Translate;
  }
}

async function i18nPlugin(app: FastifyInstance): Promise<void> {
  const instance = await createI18n();
  const translators = new Map<LocaleCode, Translate>();
  const translatorFor = (locale: LocaleCode): Translate => {
    let t = translators.get(locale);
    if (!t) {
      t = instance.getFixedT(locale);
      translators.set(locale, t);
    }
    return t;
  };
  app.decorate('i18n', instance);
  app.decorate('translatorFor', translatorFor);
  app.decorateRequest('locale');
  app.decorateRequest('t');
  app.addHook('onRequest', async (request) => {
    request.locale = localeFromPath(request.url) ?? DEFAULT_LOCALE;
    request.t = translatorFor(request.locale);
  });
}

export default fp(i18nPlugin, { name: 'i18n' });
