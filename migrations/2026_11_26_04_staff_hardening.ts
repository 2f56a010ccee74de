// Hardening after review: the audit log refuses TRUNCATE as well, a TOTP code is accepted at
// most once (RFC 6238 §5.2), and organisation names are unique whatever their case.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);
  // The last TOTP time step accepted for the user; a code for that step or earlier is refused.
  await db.schema.alterTable('staff_users').addColumn('totp_last_step', 'bigint').execute();
  await sql`create unique index organisations_name_lower_unique on organisations (lower(name))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists organisations_name_lower_unique`.execute(db);
  await db.schema.alterTable('staff_users').dropColumn('totp_last_step').execute();
  await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
}
