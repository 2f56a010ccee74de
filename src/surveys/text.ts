// Survey text in the resident's locale, or, where a translator has not reached it yet, in
// the survey's default locale, tagged with that locale's lang and dir so screen readers
// pronounce it right and the page shows it rather than a blank.
import { type Direction, type LocaleCode, localeInfo } from '../i18n/locales.js';
import type { LocalizedText } from './definition.js';

export interface DisplayText {
  text: string;
  lang: LocaleCode;
  dir: Direction;
  /** True when the text is not in the requested locale. */
  fallback: boolean;
}

export function displayText(text: LocalizedText, locale: LocaleCode, defaultLocale: LocaleCode): DisplayText {
  const own = text[locale];
  if (own !== undefined) return { text: own, lang: locale, dir: localeInfo(locale).dir, fallback: false };
  const fallbackLocale: LocaleCode = text[defaultLocale] !== undefined ? defaultLocale : firstLocale(text);
  return {
    text: text[fallbackLocale] ?? '',
    lang: fallbackLocale,
    dir: localeInfo(fallbackLocale).dir,
    fallback: true,
  };
}

function firstLocale(text: LocalizedText): LocaleCode {
  return (Object.keys(text)[0] ?? 'en') as LocaleCode;
}

/** Plain string in the locale, with the same fallback (for exports, titles, CSV headers). */
export function plainText(text: LocalizedText, locale: LocaleCode, defaultLocale: LocaleCode): string {
  return displayText(text, locale, defaultLocale).text;
}
