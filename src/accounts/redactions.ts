// The redaction every staff view (and, later, every export) uses: the personal details the
// scanner found when the account was filed, plus the spans an analyst hid by hand, minus the
// spans the safeguarding lead showed again as false positives. Applied to a copy of the document
// so the presenter, the first words, the search text and the translation page all see the same.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Survey } from '../surveys/model.js';
import type { AccountDocument, PersonalDetailRecord } from './document.js';
import { listingOf } from './listing.js';

/** What a span hidden by hand is shown as: "[personal detail]". */
export const MANUAL_KIND = 'personal';

export interface RedactionChange {
  questionId: string;
  field: 'value' | 'writeIn';
  start: number;
  end: number;
  change: 'hide' | 'show';
}

export async function redactionChangesOf(
  db: Kysely<Database>,
  responseIds: readonly string[],
): Promise<Map<string, RedactionChange[]>> {
  const byAccount = new Map<string, RedactionChange[]>();
  if (responseIds.length === 0) return byAccount;
  const rows = await db
    .selectFrom('redaction_changes')
    .select(['response_id', 'question_id', 'field', 'span_start', 'span_end', 'change'])
    .where('response_id', 'in', responseIds)
    .orderBy('response_id')
    .execute();
  for (const row of rows) {
    const list = byAccount.get(row.response_id) ?? [];
    list.push({
      questionId: row.question_id,
      field: row.field,
      start: row.span_start,
      end: row.span_end,
      change: row.change,
    });
    byAccount.set(row.response_id, list);
  }
  return byAccount;
}

const sameSpan = (a: { field: string; start: number; end: number }, b: { field: string; start: number; end: number }) =>
  a.field === b.field && a.start === b.start && a.end === b.end;

/** The document with each answer's personal details as the changes leave them. */
export function withRedactions(stored: unknown, changes: readonly RedactionChange[] = []): unknown {
  if (changes.length === 0 || stored === null || typeof stored !== 'object') return stored;
  const document = { ...(stored as AccountDocument) };
  for (const [questionId, answer] of Object.entries(document)) {
    const own = changes.filter((c) => c.questionId === questionId);
    if (own.length === 0) continue;
    const shown = own.filter((c) => c.change === 'show');
    const spans: PersonalDetailRecord[] = [
      ...(answer.personalDetails ?? []),
      ...own
        .filter((c) => c.change === 'hide')
        .map((c) => ({ field: c.field, start: c.start, end: c.end, kind: MANUAL_KIND })),
    ].filter((span) => !shown.some((s) => sameSpan(s, span)));
    const { personalDetails: _old, ...rest } = answer;
    document[questionId] = spans.length > 0 ? { ...rest, personalDetails: spans } : rest;
  }
  return document;
}

/** Every place `phrase` is written in `text`, as code-point spans (letter case aside). */
export function spansOf(text: string, phrase: string): { start: number; end: number }[] {
  const codePoints = Array.from(text);
  const wanted = Array.from(phrase.trim());
  if (wanted.length === 0) return [];
  const lower = (cps: string[]) => cps.map((c) => c.toLowerCase());
  const haystack = lower(codePoints);
  const needle = lower(wanted);
  const spans: { start: number; end: number }[] = [];
  for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    if (needle.every((c, j) => haystack[i + j] === c)) {
      spans.push({ start: i, end: i + needle.length });
      i += needle.length - 1;
    }
  }
  return spans;
}

export interface NewRedactionChange extends RedactionChange {
  changedBy: string;
  changedOn: string;
}

/**
 * Records changes to an account's redaction and makes its search text again from the redaction
 * they leave, so a word hidden by hand can no longer be searched for. In the caller's transaction.
 */
export async function changeRedaction(
  db: Kysely<Database>,
  survey: Survey,
  account: { responseId: string; answers: unknown },
  changes: readonly NewRedactionChange[],
): Promise<void> {
  await db
    .insertInto('redaction_changes')
    .values(
      changes.map((c) => ({
        response_id: account.responseId,
        question_id: c.questionId,
        field: c.field,
        span_start: c.start,
        span_end: c.end,
        change: c.change,
        changed_by: c.changedBy,
        changed_on: c.changedOn,
      })),
    )
    .execute();
  const all = (await redactionChangesOf(db, [account.responseId])).get(account.responseId);
  const { search_text } = listingOf(survey, withRedactions(account.answers, all) as AccountDocument);
  await db.updateTable('responses').set({ search_text }).where('id', '=', account.responseId).execute();
}
