// Filing an account: the one moment anything a resident typed is written down. One
// transaction: the response (locale, channel, date only, receipt hash) and its answers, with
// the personal details found in free text recorded beside them for redaction.
import { type Kysely, sql } from 'kysely';
import type { Database, ResponseChannel } from '../db/schema.js';
import type { LocaleCode } from '../i18n/locales.js';
import { scanPersonalDetails } from '../pii/scan.js';
import { type FormValues, keepVisible, preferNotField } from './answers.js';
import { PREFER_NOT, type Question, type Survey, writeInField } from './model.js';

export interface StoredAnswer {
  value: string | string[];
  writeIn?: string;
}

export interface PersonalDetailRecord {
  field: 'value' | 'writeIn';
  start: number;
  end: number;
  kind: string;
}

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

export function answerFor(question: Question, values: FormValues): StoredAnswer | undefined {
  if (question.kind === 'text' && question.preferNotToSay && values[preferNotField(question.id)] !== undefined) {
    return { value: PREFER_NOT };
  }
  const value = values[question.id];
  if (value === undefined) return undefined;
  const writeIn = question.kind === 'choice' && question.writeIn ? values[writeInField(question.id)] : undefined;
  const chosen = Array.isArray(value) ? value : [value];
  // A write-in only counts beside an option that asks for one.
  if (
    typeof writeIn === 'string' &&
    question.kind === 'choice' &&
    chosen.some((c) => question.writeIn?.forCodes.includes(c))
  ) {
    return { value, writeIn };
  }
  return { value };
}

function personalDetailsIn(question: Question, answer: StoredAnswer): PersonalDetailRecord[] {
  const found: PersonalDetailRecord[] = [];
  if (question.kind === 'text' && typeof answer.value === 'string') {
    found.push(...scanPersonalDetails(answer.value).map((span) => ({ field: 'value' as const, ...span })));
  }
  if (answer.writeIn)
    found.push(...scanPersonalDetails(answer.writeIn).map((span) => ({ field: 'writeIn' as const, ...span })));
  return found;
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
  const asked = keepVisible(survey, values);
  const rows = survey.questions.flatMap((question) => {
    const answer = answerFor(question, asked);
    if (!answer) return [];
    return [
      {
        question_id: question.id,
        value: answer,
        personal_details: personalDetailsIn(question, answer),
      },
    ];
  });
  // One statement, so one round trip and atomic without an explicit transaction: insert the
  // response unless its receipt exists, then its answers from a JSON array.
  const result = await sql<{ inserted: string }>`
    with response as (
      insert into responses (survey_version_id, locale, channel, submitted_on, receipt_hash, session_id)
      values (${account.surveyVersionId}, ${account.locale}, ${account.channel}, ${account.submittedOn},
        ${account.receiptHash}, ${account.sessionId ?? null})
      on conflict (receipt_hash) do nothing
      returning id
    ), stored as (
      insert into answers (response_id, question_id, value, personal_details)
      select response.id, a.question_id, a.value, a.personal_details
      from response cross join jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as a(question_id text, value jsonb, personal_details jsonb)
      returning 1
    )
    select count(*) as inserted from response`.execute(db);
  return Number(result.rows[0]?.inserted ?? 0) === 1;
}
