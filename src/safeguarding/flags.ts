// Safeguarding flags as data: raising one by hand, the lead's queue of open flags (oldest first,
// a page at a time from a key), resolving one, and an account's whole history of them. Each
// handler that calls these owns its transaction and writes the audit entry in it.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { FlagCategory, Resolution } from './categories.js';

export interface RaisedFlag {
  responseId: string;
  category: FlagCategory;
  reason: string;
  raisedBy: string;
  raisedOn: string;
}

export async function raiseFlag(db: Kysely<Database>, flag: RaisedFlag): Promise<string> {
  const row = await db
    .insertInto('safeguarding_flags')
    .values({
      response_id: flag.responseId,
      source: 'staff',
      category: flag.category,
      reason: flag.reason,
      raised_by: flag.raisedBy,
      raised_on: flag.raisedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What every view of a flag shows: what it is about, where it points, who raised it and when. */
const FLAG_COLUMNS = [
  'f.id',
  'f.source',
  'f.category',
  'f.question_id as questionId',
  'f.field',
  'f.span_start as spanStart',
  'f.span_end as spanEnd',
  'f.reason',
  'f.raised_on as raisedOn',
] as const;

/** A flag as every view shows it (FLAG_COLUMNS, with who raised it). */
export interface FlagSummary {
  id: string;
  source: 'phrase' | 'staff';
  category: FlagCategory;
  questionId: string | null;
  field: 'value' | 'writeIn' | null;
  spanStart: number | null;
  spanEnd: number | null;
  reason: string | null;
  raisedOn: string;
  raisedByName: string | null;
}

export interface OpenFlag extends FlagSummary {
  responseId: string;
  locale: string;
  submittedOn: string;
  surveyVersionId: string;
  answers: unknown;
}

export interface FlagKey {
  raisedOn: string;
  id: string;
}

export const QUEUE_PAGE_SIZE = 20;

/** Open flags, oldest first, from after `key`; withdrawn accounts' flags are not waiting on anyone. */
export async function openFlags(db: Kysely<Database>, after?: FlagKey, size = QUEUE_PAGE_SIZE): Promise<OpenFlag[]> {
  let query = db
    .selectFrom('safeguarding_flags as f')
    .innerJoin('responses as r', 'r.id', 'f.response_id')
    .leftJoin('staff_users as u', 'u.id', 'f.raised_by')
    .select([
      ...FLAG_COLUMNS,
      'f.response_id as responseId',
      'u.display_name as raisedByName',
      'r.locale',
      'r.submitted_on as submittedOn',
      'r.survey_version_id as surveyVersionId',
      'r.answers',
    ])
    .where('f.resolution', 'is', null)
    .where('r.answers', 'is not', null)
    .orderBy('f.raised_on')
    .orderBy('f.id')
    .limit(size + 1);
  if (after) query = query.where(sql<boolean>`(f.raised_on, f.id) > (${after.raisedOn}::date, ${after.id}::uuid)`);
  return (await query.execute()) as OpenFlag[];
}

export async function countOpenFlags(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('safeguarding_flags as f')
    .innerJoin('responses as r', 'r.id', 'f.response_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('f.resolution', 'is', null)
    .where('r.answers', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface Resolving {
  flagId: string;
  resolution: Resolution;
  note: string;
  resolvedBy: string;
  resolvedOn: string;
}

/** Resolves an open flag; false if there is no such open flag (resolved already, or never). */
export async function resolveFlag(db: Kysely<Database>, resolving: Resolving): Promise<string | undefined> {
  const row = await db
    .updateTable('safeguarding_flags')
    .set({
      resolution: resolving.resolution,
      resolution_note: resolving.note,
      resolved_by: resolving.resolvedBy,
      resolved_on: resolving.resolvedOn,
    })
    .where('id', '=', resolving.flagId)
    .where('resolution', 'is', null)
    .returning('response_id')
    .executeTakeFirst();
  return row?.response_id;
}

export interface FlagHistoryEntry extends FlagSummary {
  resolution: Resolution | null;
  resolutionNote: string | null;
  resolvedOn: string | null;
  resolvedByName: string | null;
}

/** Every flag an account has had, open ones first, then the newest. */
export async function flagHistory(db: Kysely<Database>, responseId: string): Promise<FlagHistoryEntry[]> {
  return (await db
    .selectFrom('safeguarding_flags as f')
    .leftJoin('staff_users as raiser', 'raiser.id', 'f.raised_by')
    .leftJoin('staff_users as resolver', 'resolver.id', 'f.resolved_by')
    .select([
      ...FLAG_COLUMNS,
      'raiser.display_name as raisedByName',
      'f.resolution',
      'f.resolution_note as resolutionNote',
      'f.resolved_on as resolvedOn',
      'resolver.display_name as resolvedByName',
    ])
    .where('f.response_id', '=', responseId)
    .orderBy(sql`f.resolution is null`, 'desc')
    .orderBy('f.raised_on', 'desc')
    .orderBy('f.id')
    .execute()) as FlagHistoryEntry[];
}

/** Whether the account has a flag still open: community reviewers do not see it until it is resolved. */
export async function hasOpenFlag(db: Kysely<Database>, responseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('safeguarding_flags')
    .select('id')
    .where('response_id', '=', responseId)
    .where('resolution', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
