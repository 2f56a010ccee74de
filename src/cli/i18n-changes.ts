// `i18n-report --since REF`: per locale, the interface keys and survey strings whose words changed
// since REF, read from git, so a native reviewer reads only what is new.
import { readdirSync, readFileSync } from 'node:fs';
import { changesSince } from '../i18n/changed-since.js';
import { readTranslations, type Translations } from '../i18n/resources.js';
import { projectPath } from '../paths.js';
import { assertRevision, jsonAtRevision, UnknownRevisionError } from './git-files.js';

export function printChangesSince(ref: string, out: NodeJS.WritableStream): number {
  try {
    assertRevision(ref);
  } catch (error) {
    if (!(error instanceof UnknownRevisionError)) throw error;
    out.write(`${error.message}. Name a commit, tag or branch, e.g. --since HEAD~5.\n`);
    return 1;
  }
  const surveyFiles = readdirSync(projectPath('surveys')).filter((name) => name.endsWith('.json'));
  const changes = changesSince({
    interfaceBefore: (locale) => jsonAtRevision(ref, `locales/${locale}/translation.json`) as Translations | undefined,
    interfaceAfter: (locale) => readTranslations(locale),
    surveys: surveyFiles.map((name) => ({
      slug: name.replace(/\.json$/, ''),
      before: jsonAtRevision(ref, `surveys/${name}`),
      after: JSON.parse(readFileSync(projectPath('surveys', name), 'utf8')),
    })),
  });
  out.write(`Strings changed since ${ref}, per locale (the working files against that commit)\n`);
  for (const { locale, interfaceKeys, surveyStrings } of changes) {
    out.write(`  ${locale}  ${interfaceKeys.length} interface, ${surveyStrings.length} survey\n`);
    for (const key of interfaceKeys) out.write(`        ${key}\n`);
    for (const path of surveyStrings) out.write(`        ${path}\n`);
  }
  return 0;
}
