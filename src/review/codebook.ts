// A survey's codebook as data: codes in a tree, changed only with the version the editor saw
// (so the second of two analysts saving at once is told what changed instead of overwriting it),
// each change written to code_decisions with who made it. Plain functions taking `db`; the
// caller owns the transaction, so a change and its decision are stored together or not at all.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { moveCodings } from '../coding/codings.js';
import type { Database } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import { decide } from './code-decisions.js';

export const CODE_NAME_MAX = 120;
export const CODE_DESCRIPTION_MAX = 4000;
/** REFI-QDA's colour form: `#RRGGBB`, upper case as stored. */
export const COLOUR_PATTERN = /^#[0-9A-F]{6}$/;

export interface Code {
  id: string;
  surveyId: string;
  parentId: string | null;
  name: string;
  description: string;
  colour: string | null;
  retired: boolean;
  mergedInto: string | null;
  version: number;
}

const codeColumns = [
  'codes.id',
  'codes.survey_id as surveyId',
  'codes.parent_id as parentId',
  'codes.name',
  'codes.description',
  'codes.colour',
  'codes.retired',
  'codes.merged_into as mergedInto',
  'codes.version',
] as const;

/** What a change to a code can come to. */
export type CodeEdit =
  | { kind: 'saved'; id: string; version: number }
  /** Someone else changed it since `version` was read: their code as it now is. */
  | { kind: 'stale'; current: Code }
  | { kind: 'missing' }
  /** A sibling in use has that name. */
  | { kind: 'name_taken' }
  /** The new parent is the code itself or one of its descendants, or in another survey. */
  | { kind: 'bad_parent' };

export async function findCode(db: Kysely<Database>, id: string): Promise<Code | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('codes').select(codeColumns).where('id', '=', id).executeTakeFirst();
}

/**
 * Which of `ids` are codes of the survey not merged away (and, with `codable`, not retired
 * either: what may be given to a passage now). Ids that are not uuids are simply not among them.
 */
export async function codeIdsOf(
  db: Kysely<Database>,
  surveyId: string,
  ids: readonly string[],
  options: { codable: boolean },
): Promise<string[]> {
  const wellFormed = [...new Set(ids.filter((id) => isUuid(id)))];
  if (wellFormed.length === 0) return [];
  let query = db
    .selectFrom('codes')
    .select('id')
    .where('id', 'in', wellFormed)
    .where('survey_id', '=', surveyId)
    .where('merged_into', 'is', null);
  if (options.codable) query = query.where('retired', '=', false);
  return (await query.execute()).map((row) => row.id);
}

/** Every code of the survey, merged ones too (their coding history points at them), by name. */
export async function codesOf(db: Kysely<Database>, surveyId: string): Promise<Code[]> {
  return db
    .selectFrom('codes')
    .select(codeColumns)
    .where('survey_id', '=', surveyId)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}

export async function nameTaken(
  db: Kysely<Database>,
  surveyId: string,
  parentId: string | null,
  name: string,
  except?: string,
): Promise<boolean> {
  let query = db
    .selectFrom('codes')
    .select('id')
    .where('survey_id', '=', surveyId)
    .where('merged_into', 'is', null)
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .where(parentId === null ? sql<boolean>`parent_id is null` : sql<boolean>`parent_id = ${parentId}::uuid`);
  if (except) query = query.where('id', '<>', except);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Whether `parentId` may hold `codeId`: in the same survey, and not the code or beneath it. */
async function parentAllowed(
  db: Kysely<Database>,
  surveyId: string,
  parentId: string,
  codeId?: string,
): Promise<boolean> {
  const parent = await findCode(db, parentId);
  if (!parent || parent.surveyId !== surveyId || parent.mergedInto) return false;
  if (!codeId) return true;
  // Walk up from the new parent: meeting the code itself would make a loop.
  const { rows } = await sql<{ id: string }>`
    with recursive up(id, parent_id) as (
      select id, parent_id from codes where id = ${parentId}::uuid
      union
      select codes.id, codes.parent_id from codes join up on codes.id = up.parent_id
    )
    select id from up where id = ${codeId}::uuid`.execute(db);
  return rows.length === 0;
}

export interface NewCode {
  surveyId: string;
  parentId: string | null;
  name: string;
  description: string;
  colour: string | null;
  by: string | null;
}

export async function createCode(db: Kysely<Database>, code: NewCode): Promise<CodeEdit> {
  if (code.parentId && !(await parentAllowed(db, code.surveyId, code.parentId))) return { kind: 'bad_parent' };
  if (await nameTaken(db, code.surveyId, code.parentId, code.name)) return { kind: 'name_taken' };
  const row = await db
    .insertInto('codes')
    .values({
      survey_id: code.surveyId,
      parent_id: code.parentId,
      name: code.name,
      description: code.description,
      colour: code.colour,
      created_by: code.by,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  await decide(db, { id: row.id, surveyId: code.surveyId }, 'created', code.by, { name: code.name });
  return { kind: 'saved', id: row.id, version: row.version };
}

/** Raises the version of `id` if it is still `version`; otherwise says why not. */
async function bump(
  db: Kysely<Database>,
  id: string,
  version: number,
  set: Partial<{
    name: string;
    description: string;
    colour: string | null;
    parent_id: string | null;
    retired: boolean;
    merged_into: string;
  }>,
): Promise<CodeEdit> {
  const row = await db
    .updateTable('codes')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'version'])
    .executeTakeFirst();
  if (row) return { kind: 'saved', id: row.id, version: row.version };
  const current = await findCode(db, id);
  return current ? { kind: 'stale', current } : { kind: 'missing' };
}

export async function changeCode(
  db: Kysely<Database>,
  change: { id: string; version: number; name: string; description: string; colour: string | null; by: string | null },
): Promise<CodeEdit> {
  const code = await findCode(db, change.id);
  if (!code) return { kind: 'missing' };
  if (code.version !== change.version) return { kind: 'stale', current: code };
  if (await nameTaken(db, code.surveyId, code.parentId, change.name, code.id)) return { kind: 'name_taken' };
  const result = await bump(db, code.id, change.version, {
    name: change.name,
    description: change.description,
    colour: change.colour,
  });
  if (result.kind === 'saved') {
    const changed = (['name', 'description', 'colour'] as const).filter((field) => code[field] !== change[field]);
    await decide(db, code, 'changed', change.by, {
      fields: changed,
      ...(changed.includes('name') ? { from: code.name, to: change.name } : {}),
    });
  }
  return result;
}

export async function moveCode(
  db: Kysely<Database>,
  move: { id: string; version: number; parentId: string | null; by: string | null },
): Promise<CodeEdit> {
  const code = await findCode(db, move.id);
  if (!code) return { kind: 'missing' };
  if (code.version !== move.version) return { kind: 'stale', current: code };
  if (move.parentId && !(await parentAllowed(db, code.surveyId, move.parentId, code.id))) return { kind: 'bad_parent' };
  if (await nameTaken(db, code.surveyId, move.parentId, code.name, code.id)) return { kind: 'name_taken' };
  const result = await bump(db, code.id, move.version, { parent_id: move.parentId });
  if (result.kind === 'saved') await decide(db, code, 'moved', move.by, { from: code.parentId, to: move.parentId });
  return result;
}

/** Retires a code (kept, with its history, and no longer offered for coding), or restores it. */
export async function retireCode(
  db: Kysely<Database>,
  retire: { id: string; version: number; retired: boolean; by: string | null },
): Promise<CodeEdit> {
  const code = await findCode(db, retire.id);
  if (!code || code.mergedInto) return { kind: 'missing' };
  if (code.version !== retire.version) return { kind: 'stale', current: code };
  const result = await bump(db, code.id, retire.version, { retired: retire.retired });
  if (result.kind === 'saved') await decide(db, code, retire.retired ? 'retired' : 'restored', retire.by);
  return result;
}

/**
 * Merges `from` into `into`: from's codings and child codes move to `into`, and `from` is kept,
 * retired, pointing at the code that took it over, so its history still reads. Both codes'
 * versions rise.
 */
export async function mergeCode(
  db: Kysely<Database>,
  merge: { from: string; fromVersion: number; into: string; by: string | null },
): Promise<CodeEdit> {
  const [from, into] = await Promise.all([findCode(db, merge.from), findCode(db, merge.into)]);
  if (!from || from.mergedInto || !into || into.mergedInto) return { kind: 'missing' };
  if (from.version !== merge.fromVersion) return { kind: 'stale', current: from };
  if (from.surveyId !== into.surveyId || !(await parentAllowed(db, from.surveyId, into.id, from.id))) {
    return { kind: 'bad_parent' };
  }
  const result = await bump(db, from.id, merge.fromVersion, { merged_into: into.id, retired: true });
  if (result.kind !== 'saved') return result;
  await db
    .updateTable('codes')
    .set({ parent_id: into.id, version: sql<number>`version + 1` })
    .where('parent_id', '=', from.id)
    .where('merged_into', 'is', null)
    .execute();
  await db.updateTable('codes').set({ version: sql<number>`version + 1` }).where('id', '=', into.id).execute();
  // Every passage coded with `from` is now coded with `into`: nothing coded is lost; and every
  // theme that gathered `from` gathers `into`.
  const codings = await moveCodings(db, from.id, into.id);
  await sql`insert into theme_codes (theme_id, code_id)
    select theme_id, ${into.id}::uuid from theme_codes where code_id = ${from.id}::uuid
    on conflict do nothing`.execute(db);
  await db.deleteFrom('theme_codes').where('code_id', '=', from.id).execute();
  await decide(db, from, 'merged', merge.by, { into: into.id, name: from.name, intoName: into.name, ...codings });
  return result;
}
