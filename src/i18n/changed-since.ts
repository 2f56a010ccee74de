// What changed in each locale's words since a commit: `npm run cli -- i18n-report --since REF`
// prints it, so a native reviewer reads only what is new instead of all 200-odd strings again.
// Both sides are plain data (the files as they were at REF and as they are now); reading them
// from git is the caller's job.
import { flattenKeys } from './coverage.js';
import { LOCALE_CODES, type LocaleCode } from './locales.js';
import type { Translations } from './resources.js';

export interface LocaleChanges {
  locale: LocaleCode;
  /** Interface keys (`confirmation.nextBody`) whose text in this locale is new or different. */
  interfaceKeys: string[];
  /** Survey strings (`your-experience: pages[consent].intro`) new or different in this locale. */
  surveyStrings: string[];
}

/** Keys whose string is new or different in `after`; a key only in `before` was removed, not changed. */
export function changedKeys(before: Translations | undefined, after: Translations | undefined): string[] {
  const old = new Map(flattenKeys(before ?? {}));
  return flattenKeys(after ?? {})
    .filter(([key, text]) => typeof text === 'string' && old.get(key) !== text)
    .map(([key]) => key);
}

/**
 * Every per-locale text map in a survey document, addressed by the ids of its pages, questions
 * and options (`pages[consent].questions[consent].label`), which survive reordering.
 */
export function surveyTextsById(survey: unknown): Map<string, Record<string, string>> {
  const found = new Map<string, Record<string, string>>();
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        const record = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
        const id = record.id ?? record.code ?? index;
        visit(item, `${path}[${String(id)}]`);
      });
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      if (
        entries.length > 0 &&
        entries.every(([k, v]) => LOCALE_CODES.includes(k as LocaleCode) && typeof v === 'string')
      )
        found.set(path, value as Record<string, string>);
      else for (const [k, v] of entries) visit(v, path ? `${path}.${k}` : k);
    }
  };
  visit(survey, '');
  return found;
}

/** Survey strings new or different in `locale` between two versions of one survey file. */
export function changedSurveyStrings(before: unknown, after: unknown, locale: LocaleCode): string[] {
  const old = surveyTextsById(before);
  return [...surveyTextsById(after)]
    .filter(([path, text]) => text[locale] !== undefined && old.get(path)?.[locale] !== text[locale])
    .map(([path]) => path);
}

export interface ChangeSources {
  interfaceBefore: (locale: LocaleCode) => Translations | undefined;
  interfaceAfter: (locale: LocaleCode) => Translations | undefined;
  /** Each survey file, by slug, as it was and as it is. */
  surveys: { slug: string; before: unknown; after: unknown }[];
}

export function changesSince(sources: ChangeSources): LocaleChanges[] {
  return LOCALE_CODES.map((locale) => ({
    locale,
    interfaceKeys: changedKeys(sources.interfaceBefore(locale), sources.interfaceAfter(locale)),
    surveyStrings: sources.surveys.flatMap(({ slug, before, after }) =>
      changedSurveyStrings(before, after, locale).map((path) => `${slug}: ${path}`),
    ),
  }));
}
