// Interface strings: one JSON file per locale in locales/{code}/translation.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { projectPath } from '../paths.js';
import { DEFAULT_LOCALE, LOCALE_CODES, type LocaleCode } from './locales.js';

export const LOCALES_DIR = projectPath('locales');

export type Translations = Record<string, unknown>;

/**
 * `translation`: everything residents see, complete in every locale (a test checks).
 * `staff`: the staff pages, English for now; other locales fall back to it until translated.
 */
export const NAMESPACES = ['translation', 'staff'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export function readTranslations(
  code: LocaleCode,
  dir = LOCALES_DIR,
  namespace: Namespace = 'translation',
): Translations | undefined {
  const file = join(dir, code, `${namespace}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Translations) : undefined;
}

export async function createI18n(dir = LOCALES_DIR): Promise<i18n> {
  const resources: Record<string, Partial<Record<Namespace, Translations>>> = {};
  for (const code of LOCALE_CODES) {
    for (const namespace of NAMESPACES) {
      const strings = readTranslations(code, dir, namespace);
      if (strings) resources[code] = { ...resources[code], [namespace]: strings };
    }
  }
  const instance = i18next.createInstance();
  await instance.init({
    resources,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALE_CODES],
    ns: [...NAMESPACES],
    defaultNS: 'translation',
    // Handlebars escapes on output; escaping here too would show `&amp;` to residents.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

export type Translate = TFunction;
