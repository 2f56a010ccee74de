// Agreement between coders on a survey's accounts: for two or more chosen coders, the accounts
// every one of them coded (the newest AGREEMENT_ACCOUNTS_MAX), and per code Krippendorff's alpha
// (nominal). The unit is one free-text answer of one account; each coder's value for it is
// whether they gave the code to any passage of that answer (in the resident's words or its
// translation). Every coder coded every one of these accounts, so no value is missing. Where
// coders differ, their passages are kept to show side by side.
import type { Kysely } from 'kysely';
import type { AccountDocument } from '../accounts/document.js';
import type { Database } from '../db/schema.js';
import type { Survey } from '../surveys/model.js';
import { nominalAlpha } from './krippendorff.js';

export const AGREEMENT_ACCOUNTS_MAX = 2000;

export interface Passage {
  quote: string;
  start: number;
  end: number;
  translationLocale: string | null;
}

export interface Difference {
  responseId: string;
  questionId: string;
  /** The account's document (for redacting quotes), and its language. */
  document: AccountDocument;
  locale: string;
  /** For each chosen coder, in order: their passages with this code in this answer (none: not coded). */
  byCoder: Passage[][];
}

export interface CodeAgreement {
  codeId: string;
  name: string;
  alpha: number | undefined;
  units: number;
  /** Answers at least one coder gave this code. */
  codedByAny: number;
  differences: Difference[];
}

export interface Agreement {
  accounts: number;
  /** More accounts were coded by all of them than the newest AGREEMENT_ACCOUNTS_MAX taken. */
  capped: boolean;
  units: number;
  codes: CodeAgreement[];
}

/** Staff users who have coded accounts of the survey, for choosing whose agreement to read. */
export async function codersOf(db: Kysely<Database>, surveyId: string) {
  return db
    .selectFrom('staff_users')
    .select(['staff_users.id', 'staff_users.display_name as name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('codings')
          .innerJoin('codes', 'codes.id', 'codings.code_id')
          .select('codings.id')
          .whereRef('codings.coded_by', '=', 'staff_users.id')
          .where('codes.survey_id', '=', surveyId),
      ),
    )
    .orderBy('staff_users.display_name')
    .execute();
}

export async function agreementOf(
  db: Kysely<Database>,
  survey: { id: string; version: (versionId: string) => Promise<Survey | undefined> },
  coderIds: readonly string[],
  codable: (survey: Survey, document: AccountDocument) => string[],
): Promise<Agreement> {
  const accounts = await db
    .selectFrom('codings')
    .innerJoin('codes', 'codes.id', 'codings.code_id')
    .select('codings.response_id')
    .where('codes.survey_id', '=', survey.id)
    .where('codings.coded_by', 'in', coderIds)
    .groupBy('codings.response_id')
    .having((eb) => eb.fn.count('codings.coded_by').distinct(), '=', coderIds.length)
    .orderBy('codings.response_id', 'desc')
    .limit(AGREEMENT_ACCOUNTS_MAX + 1)
    .execute();
  const capped = accounts.length > AGREEMENT_ACCOUNTS_MAX;
  const ids = accounts.slice(0, AGREEMENT_ACCOUNTS_MAX).map((row) => row.response_id);
  if (ids.length === 0) return { accounts: 0, capped: false, units: 0, codes: [] };

  const [documents, codings] = await Promise.all([
    db
      .selectFrom('responses')
      .select(['id', 'answers', 'locale', 'survey_version_id as versionId'])
      .where('id', 'in', ids)
      .where('answers', 'is not', null)
      .execute(),
    db
      .selectFrom('codings')
      .innerJoin('codes', 'codes.id', 'codings.code_id')
      .select([
        'codings.response_id as responseId',
        'codings.question_id as questionId',
        'codings.code_id as codeId',
        'codes.name as codeName',
        'codings.coded_by as coderId',
        'codings.quote',
        'codings.span_start as start',
        'codings.span_end as end',
        'codings.translation_locale as translationLocale',
      ])
      .where('codings.response_id', 'in', ids)
      .where('codings.coded_by', 'in', coderIds)
      .orderBy('codings.span_start')
      .execute(),
  ]);

  // The units: every free-text answer of every account (answers nobody coded count too: there
  // every coder agreed the code was not there).
  const units: { responseId: string; questionId: string; document: AccountDocument; locale: string }[] = [];
  for (const row of documents.sort((a, b) => a.id.localeCompare(b.id))) {
    const definition = await survey.version(row.versionId);
    if (!definition) continue;
    const document = row.answers as AccountDocument;
    for (const questionId of codable(definition, document)) {
      units.push({ responseId: row.id, questionId, document, locale: row.locale });
    }
  }
  const unitIndex = new Map(units.map((unit, index) => [`${unit.responseId}/${unit.questionId}`, index]));
  const coderIndex = new Map(coderIds.map((id, index) => [id, index]));

  const byCode = new Map<string, { name: string; passages: Map<number, Passage[][]> }>();
  for (const coding of codings) {
    const unit = unitIndex.get(`${coding.responseId}/${coding.questionId}`);
    const coder = coderIndex.get(coding.coderId);
    if (unit === undefined || coder === undefined) continue;
    const entry = byCode.get(coding.codeId) ?? { name: coding.codeName, passages: new Map() };
    const cells = entry.passages.get(unit) ?? coderIds.map(() => []);
    cells[coder]?.push({
      quote: coding.quote,
      start: coding.start,
      end: coding.end,
      translationLocale: coding.translationLocale,
    });
    entry.passages.set(unit, cells);
    byCode.set(coding.codeId, entry);
  }

  const codes: CodeAgreement[] = [...byCode].map(([codeId, { name, passages }]) => {
    const data = coderIds.map((_, coder) =>
      units.map((_, unit) => ((passages.get(unit)?.[coder]?.length ?? 0) > 0 ? 1 : 0)),
    );
    const { alpha } = nominalAlpha(data);
    const differences: Difference[] = [];
    for (const [unit, cells] of [...passages].sort((a, b) => a[0] - b[0])) {
      const coded = cells.map((cell) => cell.length > 0);
      if (coded.every(Boolean) || coded.every((c) => !c)) continue;
      const { responseId, questionId, document, locale } = units[unit] as (typeof units)[number];
      differences.push({ responseId, questionId, document, locale, byCoder: cells });
    }
    return { codeId, name, alpha, units: units.length, codedByAny: passages.size, differences };
  });
  codes.sort((a, b) => a.name.localeCompare(b.name));
  return { accounts: ids.length, capped, units: units.length, codes };
}
