// The columns of an account export and the data dictionary that explains them: the fixed columns
// (an opaque account id, survey and version, locale, channel, organisation, session, the day),
// then each question as its code and, for a choice, its label in the chosen language, then the
// codes and themes given to the account's words. Write-ins have no column: they identify people.
import type { AccountDocument } from '../accounts/document.js';
import { ETHNIC_GROUPS } from '../surveys/about-you.js';
import { PREFER_NOT, type Question, type Survey } from '../surveys/model.js';
import { plainText } from '../surveys/text.js';

export type ExportColumn =
  | { kind: 'fixed'; name: string; meaning: string }
  | {
      kind: 'code';
      name: string;
      questionId: string;
      question: Question;
      meaning: string;
      /** How the stored answer becomes the code cell; absent for typed words. */
      codes?: (document: AccountDocument) => string;
    }
  | { kind: 'label'; name: string; questionId: string; question: Question; meaning: string };

const GROUP_OF_CODE = new Map(ETHNIC_GROUPS.flatMap((group) => group.codes.map((code) => [code, group.key])));

const FIXED: [string, string][] = [
  ['account', 'An id for the account, the same in every export from this service, never the database’s own.'],
  ['survey', 'The survey the account answered.'],
  ['version', 'The version of the survey it answered (its questions as they were then).'],
  ['locale', 'The language the resident answered in.'],
  ['channel', 'online, assisted (entered by a community partner with the resident) or paper.'],
  ['organisation', 'The community organisation whose session it came through, if any.'],
  ['session', 'The session it came through, if any.'],
  ['submitted_on', 'The day it was sent (never a time).'],
];

export function exportColumns(survey: Survey): ExportColumn[] {
  const columns: ExportColumn[] = FIXED.map(([name, meaning]) => ({ kind: 'fixed', name, meaning }));
  for (const question of survey.questions) {
    if (question.kind === 'consent') continue;
    const label = plainText(question.label, 'en', survey.defaultLocale);
    if (question.kind === 'text') {
      columns.push({
        kind: 'code',
        name: question.id,
        questionId: question.id,
        question,
        meaning: `${label} — the resident’s words, personal details shown as [phone number] and the like.`,
      });
      continue;
    }
    const ethnic = question.id === 'ethnic_group';
    columns.push({
      kind: 'code',
      name: question.id,
      questionId: question.id,
      question,
      meaning: ethnic
        ? `${label} — the five-group key (white, mixed, asian, black, other) or ${PREFER_NOT}.`
        : `${label} — the option code${question.kind === 'choice' && question.multiple ? 's, separated by "; "' : ''}.`,
      codes: (document) => {
        const value = document[question.id]?.value;
        const codes = Array.isArray(value) ? value : value === undefined ? [] : [value];
        return codes.map((code) => (ethnic ? (GROUP_OF_CODE.get(code) ?? code) : code)).join('; ');
      },
    });
    columns.push({
      kind: 'label',
      name: `${question.id}_label`,
      questionId: question.id,
      question,
      meaning: `${label} — the answer as words, in the export’s language.`,
    });
  }
  columns.push(
    { kind: 'fixed', name: 'codes', meaning: 'The codes given to any passage of the account, separated by "; ".' },
    { kind: 'fixed', name: 'themes', meaning: 'The themes (not set aside) those codes belong to, separated by "; ".' },
  );
  return columns;
}

/** The data dictionary: one row per column, with each choice question's codes and labels. */
export function dictionaryRows(survey: Survey, columns: ExportColumn[], locale: string): string[][] {
  const rows: string[][] = [['column', 'question', 'type', 'meaning', 'codes and labels']];
  for (const column of columns) {
    if (column.kind === 'fixed') {
      rows.push([column.name, '', 'fixed', column.meaning, '']);
      continue;
    }
    const question = column.question;
    const options =
      column.kind === 'code' && question.kind === 'choice'
        ? question.id === 'ethnic_group'
          ? ETHNIC_GROUPS.map((group) => group.key).join('; ')
          : question.options
              .map((option) => `${option.code} = ${plainText(option.label, locale as 'en', survey.defaultLocale)}`)
              .join('; ')
        : column.kind === 'code' && question.kind === 'scale'
          ? `${question.min}–${question.max}`
          : '';
    rows.push([
      column.name,
      plainText(question.label, 'en', survey.defaultLocale),
      question.kind,
      column.meaning,
      options,
    ]);
  }
  return rows;
}
