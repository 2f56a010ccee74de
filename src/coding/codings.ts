// Coded passages as data. A coding is one coder giving one code to one passage; the passage's
// words are quoted from the text as it was coded, cut by code point (offsets.ts). Plain functions
// taking `db`; the handler owns the transaction.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import { codePointLength, sliceCodePoints } from './offsets.js';

/** Which text of an account a passage is in. */
export interface CodedText {
  responseId: string;
  questionId: string;
  field: 'value' | 'writeIn';
  /** Null: the resident's own words; otherwise the language of the translation. */
  translationLocale: string | null;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Gives every code to every span of `text` (the words of `where`) as `coder`. A passage the coder
 * has already given that code is left as it is. Returns how many codings are new.
 */
export async function addCodings(
  db: Kysely<Database>,
  coding: { where: CodedText; text: string; spans: readonly Span[]; codeIds: readonly string[]; coder: string },
): Promise<number> {
  const length = codePointLength(coding.text);
  for (const span of coding.spans) {
    if (
      !Number.isInteger(span.start) ||
      !Number.isInteger(span.end) ||
      span.start < 0 ||
      span.end <= span.start ||
      span.end > length
    ) {
      throw new RangeError(`span ${span.start}–${span.end} does not fit a text of ${length} code points`);
    }
  }
  const rows = coding.spans.flatMap((span) =>
    coding.codeIds.map((codeId) => ({
      response_id: coding.where.responseId,
      question_id: coding.where.questionId,
      field: coding.where.field,
      translation_locale: coding.where.translationLocale,
      span_start: span.start,
      span_end: span.end,
      quote: sliceCodePoints(coding.text, span.start, span.end),
      code_id: codeId,
      coded_by: coding.coder,
    })),
  );
  if (rows.length === 0) return 0;
  const added = await db
    .insertInto('codings')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return added.length;
}

export interface Coding extends CodedText, Span {
  id: string;
  quote: string;
  codeId: string;
  codeName: string;
  colour: string | null;
  coderId: string;
  coderName: string;
  codedAt: Date;
}

/** An account's codings, in text order; only `coder`'s when one is named. */
export async function codingsOfAccount(db: Kysely<Database>, responseId: string, coder?: string): Promise<Coding[]> {
  let query = db
    .selectFrom('codings')
    .innerJoin('codes', 'codes.id', 'codings.code_id')
    .innerJoin('staff_users', 'staff_users.id', 'codings.coded_by')
    .select([
      'codings.id',
      'codings.response_id as responseId',
      'codings.question_id as questionId',
      'codings.field',
      'codings.translation_locale as translationLocale',
      'codings.span_start as start',
      'codings.span_end as end',
      'codings.quote',
      'codings.code_id as codeId',
      'codes.name as codeName',
      'codes.colour',
      'codings.coded_by as coderId',
      'staff_users.display_name as coderName',
      'codings.coded_at as codedAt',
    ])
    .where('codings.response_id', '=', responseId);
  if (coder) query = query.where('codings.coded_by', '=', coder);
  return query
    .orderBy('codings.question_id')
    .orderBy(sql`coalesce(codings.translation_locale, '')`)
    .orderBy('codings.span_start')
    .orderBy('codings.span_end')
    .orderBy('codes.name')
    .execute();
}

export type CodingRemoval = 'removed' | 'missing' | 'not_yours';

/** Removes a coding of the account: a coder's own, or anyone's when `anyones` (an admin). */
export async function removeCoding(
  db: Kysely<Database>,
  removal: { id: string; responseId: string; by: string; anyones: boolean },
): Promise<CodingRemoval> {
  if (!isUuid(removal.id)) return 'missing';
  const row = await db
    .selectFrom('codings')
    .select('coded_by')
    .where('id', '=', removal.id)
    .where('response_id', '=', removal.responseId)
    .executeTakeFirst();
  if (!row) return 'missing';
  if (row.coded_by !== removal.by && !removal.anyones) return 'not_yours';
  await db.deleteFrom('codings').where('id', '=', removal.id).execute();
  return 'removed';
}

/**
 * Every coding of `from` becomes a coding of `into` (a merge). Where a coder had given both
 * codes to the same passage, the two become the one coding they now mean. Returns how many
 * codings moved and how many were such doubles.
 */
export async function moveCodings(
  db: Kysely<Database>,
  from: string,
  into: string,
): Promise<{ moved: number; joined: number }> {
  const moved = await sql`
    update codings set code_id = ${into}::uuid
    where code_id = ${from}::uuid
      and not exists (
        select 1 from codings same
        where same.code_id = ${into}::uuid
          and same.response_id = codings.response_id
          and same.question_id = codings.question_id
          and same.field = codings.field
          and coalesce(same.translation_locale, '') = coalesce(codings.translation_locale, '')
          and same.span_start = codings.span_start
          and same.span_end = codings.span_end
          and same.coded_by = codings.coded_by)`.execute(db);
  const joined = await db.deleteFrom('codings').where('code_id', '=', from).executeTakeFirst();
  return { moved: Number(moved.numAffectedRows ?? 0), joined: Number(joined.numDeletedRows) };
}
