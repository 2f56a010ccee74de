// How much of the interface and of each survey is translated, per locale: what
// `npm run cli -- i18n-report` prints, so translators know what is left.
import type { LocalizedText, SurveyDefinition } from '../surveys/definition.js';
import { LOCALE_CODES, type LocaleCode } from './locales.js';
import type { Translations } from './resources.js';

export interface Coverage {
  locale: LocaleCode;
  translated: number;
  total: number;
  missing: string[];
}

/** Nested keys as dotted paths: `{a: {b: 'x'}}` → `[['a.b', 'x']]`. */
export function flattenKeys(value: Translations, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([key, child]) =>
    child && typeof child === 'object' && !Array.isArray(child)
      ? flattenKeys(child as Translations, `${prefix}${key}.`)
      : [[`${prefix}${key}`, child] as [string, unknown]],
  );
}

export function interfaceCoverage(
  english: Translations,
  locales: Partial<Record<LocaleCode, Translations>>,
): Coverage[] {
  const keys = flattenKeys(english).map(([key]) => key);
  return LOCALE_CODES.map((locale) => {
    const present = new Map(flattenKeys(locales[locale] ?? {}));
    const missing = keys.filter((key) => typeof present.get(key) !== 'string' || present.get(key) === '');
    return { locale, translated: keys.length - missing.length, total: keys.length, missing };
  });
}

/** Every per-locale text map in a survey document, with its JSON path. */
export function localizedTexts(survey: SurveyDefinition): [string, LocalizedText][] {
  const found: [string, LocalizedText][] = [];
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, `${path}[${i}]`);
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      if (
        entries.length > 0 &&
        entries.every(([k, v]) => LOCALE_CODES.includes(k as LocaleCode) && typeof v === 'string')
      ) {
        found.push([path, value as LocalizedText]);
      } else for (const [k, v] of entries) visit(v, path ? `${path}.${k}` : k);
    }
  };
  visit(survey, '');
  return found;
}

export function surveyCoverage(survey: SurveyDefinition): Coverage[] {
  const texts = localizedTexts(survey);
  return LOCALE_CODES.map((locale) => {
    const missing = texts.filter(([, text]) => !text[locale]).map(([path]) => path);
    return { locale, translated: texts.length - missing.length, total: texts.length, missing };
  });
}
