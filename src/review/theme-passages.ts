// A theme's collated passages: every passage coded with one of its codes, account by account,
// a page of accounts at a time in a stable order (newest id first), read from theme_support so a
// theme of many thousands of passages pages at the cost of one page. The same passage given the
// same code by two coders is shown once, with both coders.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import type { TranslatedTexts } from '../translation/parts.js';
import { ANALYSIS_LOCALE } from '../translation/repository.js';

/** Accounts per page of a theme's passages. */
export const THEME_PAGE_ACCOUNTS = 20;

export interface ThemePassage {
  questionId: string;
  translationLocale: string | null;
  start: number;
  end: number;
  quote: string;
  codeName: string;
  colour: string | null;
  coders: string;
}

export interface SupportingAccount {
  responseId: string;
  locale: string;
  submittedOn: string;
  /** The account's document, for hiding personal details in quotes; null once withdrawn. */
  answers: unknown;
  /** Its English translation's texts, if it has one. */
  translation: TranslatedTexts | undefined;
  passages: ThemePassage[];
}

export async function themePassages(
  db: Kysely<Database>,
  themeId: string,
  after?: string,
  pageSize = THEME_PAGE_ACCOUNTS,
): Promise<{ accounts: SupportingAccount[]; next: string | undefined }> {
  let page = db
    .selectFrom('theme_support')
    .select('response_id')
    .where('theme_id', '=', themeId)
    .orderBy('response_id', 'desc')
    .limit(pageSize + 1);
  if (after && isUuid(after)) page = page.where('response_id', '<', after);
  const rows = await page.execute();
  const ids = rows.slice(0, pageSize).map((row) => row.response_id);
  const next = rows.length > pageSize ? ids[ids.length - 1] : undefined;
  if (ids.length === 0) return { accounts: [], next: undefined };

  const [accounts, translations, passages] = await Promise.all([
    db
      .selectFrom('responses')
      .select(['id', 'locale', 'submitted_on as submittedOn', 'answers'])
      .where('id', 'in', ids)
      .execute(),
    db
      .selectFrom('translations')
      .select(['response_id', 'texts'])
      .where('response_id', 'in', ids)
      .where('target_locale', '=', ANALYSIS_LOCALE)
      .execute(),
    db
      .selectFrom('codings')
      .innerJoin('theme_codes', (join) =>
        join.onRef('theme_codes.code_id', '=', 'codings.code_id').on('theme_codes.theme_id', '=', themeId),
      )
      .innerJoin('codes', 'codes.id', 'codings.code_id')
      .innerJoin('staff_users', 'staff_users.id', 'codings.coded_by')
      .select([
        'codings.response_id as responseId',
        'codings.question_id as questionId',
        'codings.translation_locale as translationLocale',
        'codings.span_start as start',
        'codings.span_end as end',
        sql<string>`min(codings.quote)`.as('quote'),
        'codes.name as codeName',
        'codes.colour',
        sql<string>`string_agg(distinct staff_users.display_name, ', ')`.as('coders'),
      ])
      .where('codings.response_id', 'in', ids)
      .groupBy([
        'codings.response_id',
        'codings.question_id',
        'codings.translation_locale',
        'codings.span_start',
        'codings.span_end',
        'codes.name',
        'codes.colour',
      ])
      .orderBy('codings.question_id')
      .orderBy('codings.span_start')
      .orderBy('codes.name')
      .execute(),
  ]);
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const translated = new Map(translations.map((row) => [row.response_id, (row.texts ?? {}) as TranslatedTexts]));
  return {
    accounts: ids.flatMap((id) => {
      const account = byId.get(id);
      if (!account) return [];
      return [
        {
          responseId: id,
          locale: account.locale,
          submittedOn: account.submittedOn,
          answers: account.answers,
          translation: translated.get(id),
          passages: passages.filter((p) => p.responseId === id),
        },
      ];
    }),
    next,
  };
}
