// One-time links: first-run setup, invitations and password resets. A link works once, until
// it expires; only its hash is stored.
import type { Kysely } from 'kysely';
import type { Database, TokenPurpose } from '../db/schema.js';
import { newToken, tokenHash } from './secrets.js';

export const LINK_LIFETIME_MS: Record<TokenPurpose, number> = {
  setup: 60 * 60_000,
  invite: 7 * 24 * 60 * 60_000,
  reset: 24 * 60 * 60_000,
};

export async function createLink(db: Kysely<Database>, purpose: TokenPurpose, userId: string | null): Promise<string> {
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
