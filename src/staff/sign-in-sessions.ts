// Server-side staff sessions. The browser holds a random id; the database holds its hash, the
// stage (waiting for a second factor, or signed in) and a CSRF token bound to the session.
// Idle for 30 minutes or older than 12 hours, a session is over.
import type { Kysely } from 'kysely';
import type { Database, StaffSessionsTable } from '../db/schema.js';
import { newToken, tokenHash } from './secrets.js';

export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** Writing last_seen_at on every request would be a write per page view; once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

export type SessionStage = StaffSessionsTable['stage'];

export interface SignInSession {
  idHash: string;
  userId: string;
  stage: SessionStage;
  csrfToken: string;
}

/** Starts a new session (a new id every time: the id rotates at login). Returns the raw id. */
export async function startSignInSession(db: Kysely<Database>, userId: string, stage: SessionStage) {
  const id = newToken();
  const csrfToken = newToken();
  await db
    .insertInto('staff_sessions')
    .values({ id_hash: tokenHash(id), user_id: userId, stage, csrf_token: csrfToken })
    .execute();
  return { id, session: { idHash: tokenHash(id), userId, stage, csrfToken } satisfies SignInSession };
}

export async function loadSignInSession(
  db: Kysely<Database>,
  id: string,
  now = new Date(),
): Promise<SignInSession | undefined> {
  if (id.length > 100) return undefined;
  const row = await db.selectFrom('staff_sessions').selectAll().where('id_hash', '=', tokenHash(id)).executeTakeFirst();
  if (!row) return undefined;
  const idle = now.getTime() - new Date(row.last_seen_at).getTime();
  const age = now.getTime() - new Date(row.created_at).getTime();
  if (idle > IDLE_TIMEOUT_MS || age > ABSOLUTE_TIMEOUT_MS) {
    await db.deleteFrom('staff_sessions').where('id_hash', '=', row.id_hash).execute();
    return undefined;
  }
  if (idle > TOUCH_EVERY_MS) {
    await db.updateTable('staff_sessions').set({ last_seen_at: now }).where('id_hash', '=', row.id_hash).execute();
  }
  return { idHash: row.id_hash, userId: row.user_id, stage: row.stage, csrfToken: row.csrf_token };
}

export async function endSignInSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every sign-in session of the user (a password set through a one-time link, say). */
export async function endAllSignInSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('user_id', '=', userId).execute();
}

export async function endOtherSignInSessions(db: Kysely<Database>, userId: string, keepIdHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('user_id', '=', userId).where('id_hash', '!=', keepIdHash).execute();
}
