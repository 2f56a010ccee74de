// Receipt slips for assisted entry: the code waits, encrypted, for the one page view that
// shows it after the redirect, and is deleted by that view (or after ten minutes).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { newToken, tokenHash } from '../staff/secrets.js';
import { decryptSecret, encryptSecret } from '../staff/totp.js';

const SLIP_LIFETIME_MS = 10 * 60_000;

export async function createSlip(
  db: Kysely<Database>,
  appSecret: string,
  slip: { staffSessionHash: string; sessionId: string; locale: string; code: string },
): Promise<string> {
  const id = newToken(18);
  await db.deleteFrom('receipt_slips').where('expires_at', '<', new Date()).execute();
  await db
    .insertInto('receipt_slips')
    .values({
      id_hash: tokenHash(id),
      staff_session_hash: slip.staffSessionHash,
      session_id: slip.sessionId,
      locale: slip.locale,
      code_encrypted: encryptSecret(appSecret, slip.code),
      expires_at: new Date(Date.now() + SLIP_LIFETIME_MS),
    })
    .execute();
  return id;
}

/** The slip's code and locale, once: the row is deleted as it is read. */
export async function takeSlip(db: Kysely<Database>, appSecret: string, id: string, staffSessionHash: string) {
  if (id.length > 64) return undefined;
  const row = await db
    .deleteFrom('receipt_slips')
    .where('id_hash', '=', tokenHash(id))
    .where('staff_session_hash', '=', staffSessionHash)
    .where('expires_at', '>', new Date())
    .returning(['locale', 'code_encrypted', 'session_id'])
    .executeTakeFirst();
  return row
    ? { locale: row.locale, code: decryptSecret(appSecret, row.code_encrypted), sessionId: row.session_id }
    : undefined;
}
