// /staff/codebook/agreement: how far two or more coders agree, code by code, on the accounts they
// all coded. The page names the coefficient and the unit beside every figure (tools disagree on
// both: shared/reference/qualitative-analysis.md), and for a chosen code shows side by side the
// answers where the coders differ, each coder's passages in the resident's language.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AGREEMENT_ACCOUNTS_MAX, agreementOf, codersOf, type Difference } from '../../../agreement/agreement.js';
import { redactedQuote } from '../../../coding/runs.js';
import { isLocaleCode, localeInfo } from '../../../i18n/locales.js';
import { CODERS } from '../../../staff/access.js';
import { renderStaff, signedIn } from '../context.js';
import { codableQuestions } from '../review/coding-model.js';

/** How many answers where coders differ the page shows for one code. */
export const DIFFERENCES_SHOWN = 50;

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');

const formatAlpha = (alpha: number | undefined) => (alpha === undefined ? undefined : alpha.toFixed(3));

interface Options {
  surveyOf(slug: unknown): Promise<{ slug: string; surveyId: string }>;
}

export default async function agreementRoutes(app: FastifyInstance, options: Options): Promise<void> {
  function differenceModel(request: FastifyRequest, difference: Difference, unredacted: boolean) {
    const own = isLocaleCode(difference.locale) ? difference.locale : undefined;
    const answer = difference.document[difference.questionId];
    const words = typeof answer?.value === 'string' ? answer.value : '';
    const hidden = unredacted ? [] : (answer?.personalDetails ?? []).filter((span) => span.field === 'value');
    const label = (kind: string) => `[${request.t(`staff:pii.${kind}`)}]`;
    return {
      href: `/staff/accounts/${difference.responseId}`,
      questionId: difference.questionId,
      cells: difference.byCoder.map((passages) => ({
        passages: passages.map((passage) => {
          const locale = passage.translationLocale ?? own;
          return {
            // The resident's words with personal details hidden; a translation never held any.
            quote:
              passage.translationLocale === null && words
                ? redactedQuote(words, passage.start, passage.end, hidden, label)
                : passage.quote,
            lang: locale,
            dir: locale && isLocaleCode(locale) ? localeInfo(locale).dir : undefined,
          };
        }),
      })),
    };
  }

  app.get('/agreement', { config: { access: CODERS } }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const survey = await options.surveyOf(query.survey);
    const coders = await codersOf(app.db, survey.surveyId);
    const chosen = list(query.coder).filter(
      (id, index, all) => all.indexOf(id) === index && coders.some((c) => c.id === id),
    );
    const enough = chosen.length >= 2;
    const result = enough
      ? await agreementOf(
          app.db,
          { id: survey.surveyId, version: (versionId) => app.surveys.version(versionId) },
          chosen,
          codableQuestions,
        )
      : undefined;
    const focus = result?.codes.find((code) => code.codeId === query.code);
    const unredacted = signedIn(request).user.roles.includes('safeguarding');
    const names = chosen.map((id) => coders.find((c) => c.id === id)?.name ?? '');
    const coderQuery = chosen.map((id) => `coder=${encodeURIComponent(id)}`).join('&');
    return renderStaff(request, reply, 'codebook/agreement', {
      title: request.t('staff:agreement.title'),
      slug: survey.slug,
      codebookHref: `/staff/codebook?survey=${encodeURIComponent(survey.slug)}`,
      coders: coders.map((coder) => ({ value: coder.id, text: coder.name, checked: chosen.includes(coder.id) })),
      tooFew: list(query.coder).length > 0 && !enough,
      result: result && {
        accounts: result.accounts,
        units: result.units,
        capped: result.capped,
        max: AGREEMENT_ACCOUNTS_MAX,
        names: names.join(', '),
        codes: result.codes.map((code) => ({
          name: code.name,
          alpha: formatAlpha(code.alpha),
          units: code.units,
          codedByAny: code.codedByAny,
          differing: code.differences.length,
          href: `/staff/codebook/agreement?survey=${encodeURIComponent(survey.slug)}&${coderQuery}&code=${code.codeId}#differences`,
        })),
      },
      focus: focus && {
        name: focus.name,
        coders: names,
        shown: Math.min(focus.differences.length, DIFFERENCES_SHOWN),
        total: focus.differences.length,
        differences: focus.differences
          .slice(0, DIFFERENCES_SHOWN)
          .map((difference) => differenceModel(request, difference, unredacted)),
      },
    });
  });
}
