// Staff users in the database. Emails are kept lower-case so one person has one account.
import type { Kysely } from 'kysely';
import type { Database, Role, StaffUserRow } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import { revokeLinks } from './tokens.js';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<StaffUserRow | undefined> {
  return db.selectFrom('staff_users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<StaffUserRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface NewUser {
  email: string;
  displayName: string;
  roles: Role[];
  languages?: string[];
  organisationId?: string | null;
  passwordHash?: string | null;
}

export async function createUser(db: Kysely<Database>, user: NewUser): Promise<StaffUserRow> {
  return db
    .insertInto('staff_users')
    .values({
      email: normaliseEmail(user.email),
      display_name: user.displayName,
      roles: user.roles,
      languages: user.languages ?? [],
      organisation_id: user.organisationId ?? null,
      password_hash: user.passwordHash ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function activeAdminExists(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('staff_users')
    .select('id')
    .where('disabled', '=', false)
    .where('password_hash', 'is not', null)
    .where((eb) => eb(eb.val('admin'), '=', eb.fn.any('roles')))
    .executeTakeFirst();
  return row !== undefined;
}

export async function listUsers(db: Kysely<Database>) {
  return db
    .selectFrom('staff_users')
    .leftJoin('organisations', 'organisations.id', 'staff_users.organisation_id')
    .select([
      'staff_users.id',
      'staff_users.email',
      'staff_users.display_name',
      'staff_users.roles',
      'staff_users.languages',
      'staff_users.disabled',
      'staff_users.totp_enabled',
      'staff_users.password_hash',
      'organisations.name as organisation',
    ])
    .orderBy('staff_users.email')
    .execute();
}

export interface UserChanges {
  roles: Role[];
  languages: string[];
  organisationId: string | null;
  disabled: boolean;
  displayName: string;
}

export async function updateUser(db: Kysely<Database>, id: string, changes: UserChanges): Promise<void> {
  await db
    .updateTable('staff_users')
    .set({
      roles: changes.roles,
      languages: changes.languages,
      organisation_id: changes.organisationId,
      disabled: changes.disabled,
      display_name: changes.displayName,
    })
    .where('id', '=', id)
    .execute();
  // A disabled user is signed out everywhere at once.
  if (changes.disabled) await db.deleteFrom('staff_sessions').where('user_id', '=', id).execute();
}

/**
 * A new password, which revokes the user's outstanding one-time links (a link issued before the
 * change must not undo it). Call it inside the handler's transaction, with the audit entry.
 */
export async function setPassword(db: Kysely<Database>, id: string, passwordHash: string): Promise<void> {
  await db.updateTable('staff_users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
  await revokeLinks(db, id);
}
