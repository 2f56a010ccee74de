// /staff/themes/{id}/passages: everything residents said under a theme, account by account, a
// page of accounts at a time: each coded passage in the resident's language, beside the same
// answer in the other text (the English translation, or the resident's words when the passage
// was coded in the translation), each in its own lang and dir, with personal details hidden.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountDocument } from '../../../accounts/document.js';
import { redactedQuote } from '../../../coding/runs.js';
import { notFound } from '../../../errors/app-error.js';
import { isLocaleCode, localeInfo } from '../../../i18n/locales.js';
import { type SupportingAccount, themePassages } from '../../../review/theme-passages.js';
import { findTheme } from '../../../review/themes.js';
import { CODERS } from '../../../staff/access.js';
import { PREFER_NOT } from '../../../surveys/model.js';
import { ANALYSIS_LOCALE } from '../../../translation/repository.js';
import { renderStaff, signedIn } from '../context.js';

interface ThemeRoute {
  Params: { id: string };
}

const textDir = (locale: string | undefined) => (locale && isLocaleCode(locale) ? localeInfo(locale).dir : undefined);

export default async function themePassagesRoutes(app: FastifyInstance): Promise<void> {
  function accountModel(request: FastifyRequest, account: SupportingAccount, unredacted: boolean) {
    const document = (account.answers ?? {}) as AccountDocument;
    const label = (kind: string) => `[${request.t(`staff:pii.${kind}`)}]`;
    /** The resident's words of an answer, with personal details hidden for all but safeguarding. */
    const original = (questionId: string, start?: number, end?: number) => {
      const answer = document[questionId];
      const words = typeof answer?.value === 'string' && answer.value !== PREFER_NOT ? answer.value : '';
      const hidden = unredacted ? [] : (answer?.personalDetails ?? []).filter((span) => span.field === 'value');
      return redactedQuote(words, start ?? 0, end ?? [...words].length, hidden, label);
    };
    return {
      href: `/staff/accounts/${account.responseId}`,
      submittedOn: account.submittedOn,
      passages: account.passages.map((passage) => {
        const inOriginal = passage.translationLocale === null;
        const coded = inOriginal ? account.locale : (passage.translationLocale as string);
        const beside = inOriginal ? account.translation?.[passage.questionId]?.value : original(passage.questionId);
        const besideLocale = inOriginal ? ANALYSIS_LOCALE : account.locale;
        return {
          code: passage.codeName,
          colour: passage.colour,
          coders: passage.coders,
          quote: inOriginal ? original(passage.questionId, passage.start, passage.end) : passage.quote,
          lang: coded,
          dir: textDir(coded),
          beside: beside && beside !== '' && account.locale !== ANALYSIS_LOCALE ? beside : undefined,
          besideHeading: request.t(inOriginal ? 'staff:themes.besideTranslation' : 'staff:themes.besideOriginal'),
          besideLang: besideLocale,
          besideDir: textDir(besideLocale),
        };
      }),
    };
  }

  app.get<ThemeRoute>('/:id/passages', { config: { access: CODERS } }, async (request, reply) => {
    const theme = await findTheme(app.db, request.params.id);
    if (!theme) throw notFound();
    const after = (request.query as Record<string, unknown>)?.after;
    const page = await themePassages(app.db, theme.id, typeof after === 'string' ? after : undefined);
    const unredacted = signedIn(request).user.roles.includes('safeguarding');
    return renderStaff(request, reply, 'themes/passages', {
      title: request.t('staff:themes.passagesTitle', { name: theme.name }),
      theme,
      themeHref: `/staff/themes/${theme.id}`,
      accounts: request.t('staff:themes.accounts', { count: theme.accountCount }),
      page: page.accounts.map((account) => accountModel(request, account, unredacted)),
      nextHref: page.next ? `/staff/themes/${theme.id}/passages?after=${page.next}` : undefined,
      firstHref: typeof after === 'string' ? `/staff/themes/${theme.id}/passages` : undefined,
    });
  });
}
