// /staff/translations: the accounts a translator may translate (written in their languages, or
// every language for an admin) with no finished English translation, oldest first.

import type { FastifyInstance } from 'fastify';
import { londonDate } from '../../../accounts/file.js';
import { redactionChangesOf, withRedactions } from '../../../accounts/redactions.js';
import { isLocaleCode, localeInfo } from '../../../i18n/locales.js';
import type { PersonalDetailKind } from '../../../pii/scan.js';
import { excerptOf } from '../../../reading/excerpt.js';
import { parseKey } from '../../../reading/list.js';
import { readingScope } from '../../../reading/scope.js';
import { TRANSLATORS } from '../../../staff/access.js';
import { TRANSLATION_QUEUE_PAGE, translationQueue } from '../../../translation/repository.js';
import { renderStaff, signedIn } from '../context.js';

export default async function queueRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: TRANSLATORS }, prefixTrailingSlash: 'no-slash' }, async (request, reply) => {
    const { user } = signedIn(request);
    const scope = readingScope(user, londonDate());
    const query = (request.query ?? {}) as Record<string, unknown>;
    const after = parseKey(query.after);
    const rows = await translationQueue(app.db, scope, after);
    const page = rows.slice(0, TRANSLATION_QUEUE_PAGE);
    const changes = await redactionChangesOf(
      app.db,
      page.map((row) => row.id),
    );
    const detailLabel = (kind: PersonalDetailKind) => `[${request.t(`staff:pii.${kind}`)}]`;
    const accounts = await Promise.all(
      page.map(async (row) => {
        const survey = await app.surveys.version(row.surveyVersionId);
        const own = isLocaleCode(row.locale) ? localeInfo(row.locale) : undefined;
        return {
          href: `/staff/translations/${row.id}`,
          submittedOn: row.submittedOn,
          language: own ? request.t(`staff:accounts.languages.${own.code}`) : row.locale,
          lang: own?.code,
          dir: own?.dir,
          excerpt: survey ? excerptOf(survey, withRedactions(row.answers, changes.get(row.id)), detailLabel) : '',
          status: request.t(row.draft ? 'staff:translations.draft' : 'staff:translations.notStarted'),
        };
      }),
    );
    const last = page[page.length - 1];
    return renderStaff(request, reply, 'translations/queue', {
      title: request.t('staff:translations.title'),
      scopeNote:
        scope.kind === 'languages'
          ? request.t('staff:translations.scopeLanguages', {
              languages: scope.locales.map((code) => request.t(`staff:accounts.languages.${code}`)).join(', '),
            })
          : undefined,
      accounts,
      nextHref:
        rows.length > TRANSLATION_QUEUE_PAGE && last
          ? `/staff/translations?after=${last.submittedOn}_${last.id}`
          : undefined,
    });
  });
}
