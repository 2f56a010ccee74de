// The curated locale table (shared/reference/README.md). Direction comes from here, never
// from guessing at text: a resident reading Arabic or Farsi gets a right-to-left page because
// this table says so.
export const LOCALES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'so', name: 'Af-Soomaali', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'fa', name: 'فارسی', dir: 'rtl' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'pt', name: 'Português', dir: 'ltr' },
  { code: 'pl', name: 'Polski', dir: 'ltr' },
  { code: 'ti', name: 'ትግርኛ', dir: 'ltr' },
  { code: 'am', name: 'አማርኛ', dir: 'ltr' },
] as const;

export type LocaleCode = (typeof LOCALES)[number]['code'];
export type Direction = 'ltr' | 'rtl';
export interface Locale {
  code: LocaleCode;
  name: string;
  dir: Direction;
}

export const DEFAULT_LOCALE: LocaleCode = 'en';
export const LOCALE_CODES: readonly LocaleCode[] = LOCALES.map((l) => l.code);

const byCode = new Map<string, Locale>(LOCALES.map((l) => [l.code, l]));

export function isLocaleCode(value: string): value is LocaleCode {
  return byCode.has(value);
}

export function localeInfo(code: LocaleCode): Locale {
  return byCode.get(code) as Locale;
}

/** The locale named by the first path segment (`/so/...`), if it is one we ship. */
export function localeFromPath(url: string): LocaleCode | undefined {
  const first = url.split(/[/?#]/, 2)[1] ?? '';
  return isLocaleCode(first) ? first : undefined;
}

/**
 * Picks the best shipped locale from an Accept-Language header, for the language chooser's
 * suggestion only: the resident still chooses.
 */
export function suggestLocale(acceptLanguage: string | undefined): LocaleCode | undefined {
  if (!acceptLanguage) return undefined;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return { base: tag.toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.base).find(isLocaleCode);
}
