// Assisted sessions in the database, and the counts partners may see (never the accounts).
import { type Kysely, sql } from 'kysely';
import type { Database, ResponseChannel, SessionFormat } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import { newSessionCode, normalizeSessionCode } from './session-code.js';

export interface NewAssistedSession {
  title: string;
  heldOn: string;
  venue: string;
  organisationId: string;
  format: SessionFormat;
  surveyId: string;
  languages: string[];
  createdBy: string;
  /** The last day residents may join with the code (the day it is held when absent). */
  joinsUntil?: string | null;
}

export async function createAssistedSession(db: Kysely<Database>, session: NewAssistedSession) {
  // A clash of random codes is unlikely (30^6); try again rather than fail if one happens.
  for (let attempt = 0; ; attempt++) {
    const row = await db
      .insertInto('assisted_sessions')
      .values({
        title: session.title,
        held_on: session.heldOn,
        venue: session.venue,
        organisation_id: session.organisationId,
        format: session.format,
        survey_id: session.surveyId,
        languages: session.languages,
        join_code: newSessionCode(),
        joins_until: session.joinsUntil ?? null,
        created_by: session.createdBy,
      })
      .onConflict((oc) => oc.column('join_code').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return row;
    if (attempt >= 5) throw new Error('could not find a free join code');
  }
}

const sessionColumns = [
  'assisted_sessions.id',
  'assisted_sessions.title',
  'assisted_sessions.held_on',
  'assisted_sessions.venue',
  'assisted_sessions.organisation_id',
  'assisted_sessions.format',
  'assisted_sessions.survey_id',
  'assisted_sessions.languages',
  'assisted_sessions.join_code',
  'assisted_sessions.joins_until',
  'assisted_sessions.closed',
  'surveys.slug as survey_slug',
  'organisations.name as organisation_name',
] as const;

function sessions(db: Kysely<Database>) {
  return db
    .selectFrom('assisted_sessions')
    .innerJoin('surveys', 'surveys.id', 'assisted_sessions.survey_id')
    .innerJoin('organisations', 'organisations.id', 'assisted_sessions.organisation_id')
    .select(sessionColumns);
}

export type AssistedSessionRow = Awaited<ReturnType<typeof findAssistedSession>> & object;

export async function findAssistedSession(db: Kysely<Database>, id: string) {
  if (!isUuid(id)) return undefined;
  return sessions(db).where('assisted_sessions.id', '=', id).executeTakeFirst();
}

export async function findSessionByCode(db: Kysely<Database>, typed: unknown) {
  const code = normalizeSessionCode(typed);
  return code ? sessions(db).where('assisted_sessions.join_code', '=', code).executeTakeFirst() : undefined;
}

/** Sessions a partner may see: their organisation's; an admin (organisationId undefined) sees all. */
export async function listAssistedSessions(db: Kysely<Database>, organisationId: string | null | undefined) {
  let query = sessions(db).orderBy('assisted_sessions.held_on', 'desc').orderBy('assisted_sessions.title');
  if (organisationId !== undefined)
    query = query.where('assisted_sessions.organisation_id', '=', organisationId ?? sql<string>`null`);
  return query.execute();
}

export interface SessionCount {
  sessionId: string;
  channel: ResponseChannel;
  locale: string;
  responses: number;
}

/** Accounts per session, channel and locale (withdrawn accounts are not counted). */
export async function countsBySession(db: Kysely<Database>, sessionIds: string[]): Promise<SessionCount[]> {
  if (sessionIds.length === 0) return [];
  const rows = await db
    .selectFrom('responses')
    .select(['session_id', 'channel', 'locale', (eb) => eb.fn.countAll<string>().as('n')])
    .where('session_id', 'in', sessionIds)
    .where('status', '!=', 'withdrawn')
    .groupBy(['session_id', 'channel', 'locale'])
    .orderBy('session_id')
    .orderBy('channel')
    .orderBy('locale')
    .execute();
  return rows.map((r) => ({
    sessionId: r.session_id as string,
    channel: r.channel,
    locale: r.locale,
    responses: Number(r.n),
  }));
}

/** Stops the session's code from accepting anyone (a partner's explicit close). */
export async function closeAssistedSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('assisted_sessions').set({ closed: true }).where('id', '=', id).execute();
}
