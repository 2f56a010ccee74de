// The audit log: who did what to which record, and when. Append-only (a trigger refuses
// updates and deletes). Never account text: identifiers and field names only.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Every action the audit log records. The stored strings are data: the log is append-only, so
 * an action keeps its name for good (`response_viewed` is a staff member opening an account,
 * from before accounts had one name in the code; renaming it would split the log's history).
 */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'login_throttled',
  'logout',
  'setup_completed',
  'password_set',
  'password_changed',
  'password_reset_link',
  'reauth_failed',
  'recovery_code_used',
  'second_factor_failed',
  'second_factor_locked',
  'second_factor_throttled',
  'second_factor_unlocked',
  'totp_enrolled',
  'totp_replaced',
  'user_created',
  'user_updated',
  'organisation_created',
  'session_created',
  'session_closed',
  'session_counts_exported',
  'assisted_accounts_entered',
  'response_viewed',
  'safeguarding_flag_raised',
  'safeguarding_flag_resolved',
  'safeguarding_queue_viewed',
  'translation_saved',
  'redaction_added',
  'redaction_removed',
  'review_round_created',
  'review_round_changed',
  'review_round_reviewers_changed',
  'review_round_accounts_added',
  'review_round_account_removed',
  'coding_removed',
  'review_round_themes_changed',
  'theme_commented',
  'theme_comment_answered',
  'accounts_exported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an entry is about: a staff user, an organisation, an assisted session, an account. */
export type AuditTarget =
  | 'staff_user'
  | 'organisation'
  | 'assisted_session'
  | 'response'
  | 'safeguarding_flag'
  | 'review_round'
  | 'theme';

/** Who did it: a signed-in staff user, by id and email at the time. */
export interface AuditActor {
  id: string;
  email: string;
}

export interface AuditEntry {
  actor?: AuditActor | undefined;
  action: AuditAction;
  targetType?: AuditTarget;
  targetId?: string;
  details?: Record<string, unknown>;
}

export async function audit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actor?.id ?? null,
      actor_email: entry.actor?.email ?? null,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

/**
 * One entry per actor, action and target per day, stamped with the day (London midnight), not
 * the moment: for work on residents' accounts, where the exact time of an entry would date one
 * resident's account to the minute in a small session. Says who worked on what, and when by day.
 */
export async function auditDaily(db: Kysely<Database>, entry: AuditEntry, day: string): Promise<void> {
  const actorId = entry.actor?.id ?? null;
  const targetId = entry.targetId ?? null;
  await sql`
    insert into audit_log (at, actor_id, actor_email, action, target_type, target_id, details)
    select day.at, ${actorId}::uuid, ${entry.actor?.email ?? null}, ${entry.action}, ${entry.targetType ?? null},
      ${targetId}, ${JSON.stringify(entry.details ?? {})}::jsonb
    from (select (${day}::date)::timestamp at time zone 'Europe/London' as at) as day
    where not exists (
      select 1 from audit_log
      where action = ${entry.action} and actor_id is not distinct from ${actorId}::uuid
        and target_id is not distinct from ${targetId} and at = day.at
    )`.execute(db);
}

export interface AuditFilter {
  actorEmail?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number;
}

export async function listAudit(db: Kysely<Database>, filter: AuditFilter) {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 200);
  if (filter.actorEmail) query = query.where('actor_email', '=', filter.actorEmail.toLowerCase());
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.from) query = query.where('at', '>=', new Date(`${filter.from}T00:00:00Z`));
  if (filter.to) query = query.where('at', '<', new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000));
  return query.execute();
}

export async function auditActions(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
