// Filing an account: the one moment anything a resident typed is written down. One row: the
// response (locale, channel, date only, receipt hash) with its answers as one document, the
// personal details found in free text recorded beside them for redaction, and what the accounts
// list filters and searches on (listing.ts).
import { type Kysely, sql } from 'kysely';
import type { Database, ResponseChannel } from '../db/schema.js';
import type { LocaleCode } from '../i18n/locales.js';
import { risksInAccount } from '../safeguarding/scan-account.js';
import type { FormValues } from '../surveys/answers.js';
import type { Survey } from '../surveys/model.js';
import { type AccountDocument, accountDocument } from './document.js';
import { listingOf } from './listing.js';

export interface NewAccount {
  surveyVersionId: string;
  locale: LocaleCode;
  channel: ResponseChannel;
  submittedOn: string;
  receiptHash: string;
  /** The assisted session the account came from (a partner's entry, or a resident's join code). */
  sessionId?: string | null;
}

// Building a DateTimeFormat is costly (it loads time-zone data); one is enough.
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** Today's date in London, where the service and its residents are. Never a time. */
export function londonDate(now = new Date()): string {
  return LONDON_DAY.format(now);
}

/**
 * Stores the account. Returns false when an account with this receipt already exists (the
 * same form sent twice), so the caller shows the same receipt without filing it again.
 */
export async function fileAccount(
  db: Kysely<Database>,
  survey: Survey,
  values: FormValues,
  account: NewAccount,
): Promise<boolean> {
  return fileDocument(db, survey, accountDocument(survey, values), account);
}

/** Stores an account document already built (see accountDocument); false if the receipt exists. */
export async function fileDocument(
  db: Kysely<Database>,
  survey: Survey,
  document: AccountDocument,
  account: NewAccount,
): Promise<boolean> {
  const listing = listingOf(survey, document);
  // What the safeguarding phrase lists find is filed in the same statement, so an account is
  // never stored without its flags.
  const risks = risksInAccount(survey, document);
  const flags = JSON.stringify(
    risks.map((r) => ({ category: r.category, question_id: r.questionId, field: r.field, start: r.start, end: r.end })),
  );
  // One statement, so one round trip and atomic without a transaction. A receipt that already
  // exists is the same form sent twice: nothing is filed again.
  const result = await sql<{ id: string }>`
    with filed as (
      insert into responses (survey_version_id, locale, channel, submitted_on, receipt_hash, session_id, answers,
        search_text, ethnic_group, age_band)
      values (${account.surveyVersionId}, ${account.locale}, ${account.channel}, ${account.submittedOn},
        ${account.receiptHash}, ${account.sessionId ?? null}, ${JSON.stringify(document)}::jsonb,
        ${listing.search_text}, ${listing.ethnic_group}, ${listing.age_band})
      on conflict (receipt_hash) do nothing
      returning id, submitted_on
    ), flagged as (
      insert into safeguarding_flags (response_id, source, category, question_id, field, span_start, span_end, raised_on)
      select filed.id, 'phrase', f.category, f.question_id, f.field, f.start, f.end, filed.submitted_on
      from filed cross join jsonb_to_recordset(${flags}::jsonb)
        as f(category text, question_id text, field text, start int, "end" int)
    )
    select id from filed`.execute(db);
  return result.rows.length === 1;
}
