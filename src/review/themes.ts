// Themes as data: a name, a central idea, a status (candidate → reviewed → defined, or set
// aside), the codes a theme gathers, and a history of every change. How many accounts support a
// theme is kept by the database as codings change (migration 2026_12_04_06), so reading it is
// one row. Changes carry the version their editor saw; plain functions taking `db`, the caller
// owning the transaction.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, ThemeDecisionAction, ThemeStatus } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import { codeIdsOf } from './codebook.js';

export const THEME_STATUSES: readonly ThemeStatus[] = ['candidate', 'reviewed', 'defined', 'set_aside'];
export const THEME_NAME_MAX = 160;
export const CENTRAL_IDEA_MAX = 2000;

export interface Theme {
  id: string;
  surveyId: string;
  name: string;
  centralIdea: string;
  status: ThemeStatus;
  version: number;
  accountCount: number;
  codeIds: string[];
}

function themes(db: Kysely<Database>) {
  return db
    .selectFrom('themes')
    .select((eb) => [
      'themes.id',
      'themes.survey_id as surveyId',
      'themes.name',
      'themes.central_idea as centralIdea',
      'themes.status',
      'themes.version',
      'themes.account_count as accountCount',
      eb
        .fn<string[]>('coalesce', [
          eb
            .selectFrom('theme_codes')
            .select(sql<string[]>`array_agg(code_id order by code_id)`.as('ids'))
            .whereRef('theme_codes.theme_id', '=', 'themes.id'),
          sql`'{}'::uuid[]`,
        ])
        .as('codeIds'),
    ]);
}

export async function findTheme(db: Kysely<Database>, id: string): Promise<Theme | undefined> {
  if (!isUuid(id)) return undefined;
  return themes(db).where('themes.id', '=', id).executeTakeFirst();
}

/** The survey's themes, by name. */
export async function themesOf(db: Kysely<Database>, surveyId: string): Promise<Theme[]> {
  return themes(db)
    .where('themes.survey_id', '=', surveyId)
    .orderBy(sql`lower(themes.name)`)
    .orderBy('themes.id')
    .execute();
}

async function decide(
  db: Kysely<Database>,
  themeId: string,
  action: ThemeDecisionAction,
  by: string | null,
  details: Record<string, unknown>,
) {
  await db
    .insertInto('theme_decisions')
    .values({ theme_id: themeId, action, details: JSON.stringify(details), decided_by: by })
    .execute();
}

export interface NewTheme {
  surveyId: string;
  name: string;
  centralIdea: string;
  codeIds: readonly string[];
  by: string | null;
}

export async function createTheme(db: Kysely<Database>, theme: NewTheme): Promise<string> {
  const row = await db
    .insertInto('themes')
    .values({ survey_id: theme.surveyId, name: theme.name, central_idea: theme.centralIdea, created_by: theme.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  const codes = await codeIdsOf(db, theme.surveyId, theme.codeIds, { codable: false });
  if (codes.length) {
    await db
      .insertInto('theme_codes')
      .values(codes.map((code) => ({ theme_id: row.id, code_id: code })))
      .execute();
  }
  await decide(db, row.id, 'created', theme.by, { name: theme.name, codes });
  return row.id;
}

export type ThemeEdit = { kind: 'saved'; version: number } | { kind: 'stale'; current: Theme } | { kind: 'missing' };

export interface ThemeChange {
  id: string;
  version: number;
  name: string;
  centralIdea: string;
  status: ThemeStatus;
  codeIds: readonly string[];
  by: string | null;
}

export async function changeTheme(db: Kysely<Database>, change: ThemeChange): Promise<ThemeEdit> {
  const theme = await findTheme(db, change.id);
  if (!theme) return { kind: 'missing' };
  const row = await db
    .updateTable('themes')
    .set({
      name: change.name,
      central_idea: change.centralIdea,
      status: change.status,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', change.id)
    .where('version', '=', change.version)
    .returning('version')
    .executeTakeFirst();
  if (!row) return { kind: 'stale', current: theme };
  const fields = (['name', 'centralIdea'] as const).filter((field) => theme[field] !== change[field]);
  if (fields.length) {
    await decide(db, theme.id, 'changed', change.by, {
      fields,
      ...(fields.includes('name') ? { from: theme.name, to: change.name } : {}),
    });
  }
  if (theme.status !== change.status) {
    await decide(db, theme.id, 'status', change.by, { from: theme.status, to: change.status });
  }
  const codes = await codeIdsOf(db, theme.surveyId, change.codeIds, { codable: false });
  const added = codes.filter((code) => !theme.codeIds.includes(code));
  const removed = theme.codeIds.filter((code) => !codes.includes(code));
  if (removed.length) {
    await db.deleteFrom('theme_codes').where('theme_id', '=', theme.id).where('code_id', 'in', removed).execute();
  }
  if (added.length) {
    await db
      .insertInto('theme_codes')
      .values(added.map((code) => ({ theme_id: theme.id, code_id: code })))
      .execute();
  }
  if (added.length || removed.length) await decide(db, theme.id, 'codes', change.by, { added, removed });
  return { kind: 'saved', version: row.version };
}

export interface ThemeDecision {
  action: ThemeDecisionAction;
  details: unknown;
  decidedBy: string | null;
  decidedAt: Date;
}

export async function themeDecisionsOf(db: Kysely<Database>, themeId: string, limit = 100): Promise<ThemeDecision[]> {
  return db
    .selectFrom('theme_decisions')
    .leftJoin('staff_users', 'staff_users.id', 'theme_decisions.decided_by')
    .select([
      'theme_decisions.action',
      'theme_decisions.details',
      'staff_users.display_name as decidedBy',
      'theme_decisions.decided_at as decidedAt',
    ])
    .where('theme_decisions.theme_id', '=', themeId)
    .orderBy('theme_decisions.decided_at', 'desc')
    .orderBy('theme_decisions.id', 'desc')
    .limit(limit)
    .execute();
}
