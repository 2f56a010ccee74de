// The survey a codebook or themes page is about: named in the query string or form (?survey=slug),
// the first survey when none is; and the choices of the survey switch, when there is more than one.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors/app-error.js';
import { surveyTitles } from '../../surveys/repository.js';
import { plainText } from '../../surveys/text.js';

export interface ChosenSurvey {
  slug: string;
  surveyId: string;
  /** For the survey switch; undefined when there is only one survey. */
  choices: { value: string; text: string; selected: boolean }[] | undefined;
}

export async function chooseSurvey(app: FastifyInstance, slug: unknown): Promise<ChosenSurvey> {
  const surveys = await surveyTitles(app.db);
  const chosen = typeof slug === 'string' && slug !== '' ? surveys.find((s) => s.slug === slug) : surveys[0];
  const entry = chosen ? await app.surveys.get(chosen.slug) : undefined;
  if (!chosen || !entry) throw notFound();
  return {
    slug: chosen.slug,
    surveyId: entry.stored.surveyId,
    choices:
      surveys.length > 1
        ? surveys.map((s) => ({
            value: s.slug,
            text: plainText(s.title, 'en', s.defaultLocale),
            selected: s.slug === chosen.slug,
          }))
        : undefined,
  };
}
