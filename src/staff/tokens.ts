// One-time links: first-run setup, invitations and password resets. A link works once, until
// it expires or is revoked; only its hash is stored. A user has at most one live link: a new
// one revokes the older ones, and a password change revokes them all, so a link sent last
// month cannot set a password after a newer one did.
import type { Kysely } from 'kysely';
import type { Database, TokenPurpose } from '../db/schema.js';
import { newToken, tokenHash } from './secrets.js';

export const LINK_LIFETIME_MS: Record<TokenPurpose, number> = {
  setup: 60 * 60_000,
  invite: 7 * 24 * 60 * 60_000,
  reset: 24 * 60 * 60_000,
};

/**
 * A new link. For a user, their older unused links are revoked first; call it inside the
 * handler's transaction so the two happen together.
 */
export async function createLink(db: Kysely<Database>, purpose: TokenPurpose, userId: string | null): Promise<string> {
  if (userId !== null) await revokeLinks(db, userId);
  const token = newToken();
  await db
    .insertInto('staff_tokens')
    .values({
      token_hash: tokenHash(token),
      purpose,
      user_id: userId,
      expires_at: new Date(Date.now() + LINK_LIFETIME_MS[purpose]),
    })
    .execute();
  return token;
}

/** The link's record if it is unused, unexpired and of this purpose; nothing is changed. */
export async function peekLink(db: Kysely<Database>, purposes: TokenPurpose[], token: string) {
  if (token.length > 100) return undefined;
  return db
    .selectFrom('staff_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash(token))
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
}

/** Marks the link used; false if someone else used it first (two tabs, two clicks). */
export async function consumeLink(db: Kysely<Database>, token: string): Promise<boolean> {
  const result = await db
    .updateTable('staff_tokens')
    .set({ used_at: new Date() })
    .where('token_hash', '=', tokenHash(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Deletes the user's unused links (invitation or reset): none of them can set a password now. */
export async function revokeLinks(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('staff_tokens').where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Deletes every unused first-run link (each instance logs its own) once the first admin exists. */
export async function revokeSetupLinks(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('staff_tokens').where('purpose', '=', 'setup').where('used_at', 'is', null).execute();
}
