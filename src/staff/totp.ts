// Time-based one-time passwords (RFC 6238) with otpauth, and single-use recovery codes. The
// TOTP secret is stored encrypted (AES-256-GCM, key derived from SECRET), so a copy of the
// database alone does not give anyone a second factor.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import type { Database } from '../db/schema.js';
import { newToken, tokenHash } from './secrets.js';

const ISSUER = 'Codka';
export const RECOVERY_CODE_COUNT = 10;

const keyFrom = (secret: string) => createHash('sha256').update(`totp-key:${secret}`).digest();

export function encryptSecret(appSecret: string, base32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(appSecret), iv);
  const data = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

export function decryptSecret(appSecret: string, stored: string): string {
  const [iv = '', tag = '', data = ''] = stored.split('.');
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(appSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpFor(base32: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    secret: Secret.fromBase32(base32),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
}

const PERIOD_SECONDS = 30;

/**
 * The time step a code belongs to, if it is right for the current step or one either side
 * (clocks a little out); undefined otherwise.
 */
export function totpStep(base32: string, code: string, now = Date.now()): number | undefined {
  const digits = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(digits)) return undefined;
  const delta = totpFor(base32, 'check').validate({ token: digits, window: 1, timestamp: now });
  return delta === null ? undefined : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

export function checkTotp(base32: string, code: string): boolean {
  return totpStep(base32, code) !== undefined;
}

/**
 * Accepts a code once: the step is recorded, and a code for that step or an earlier one is
 * refused afterwards (RFC 6238 §5.2), so a code seen over someone's shoulder is useless.
 */
export async function useTotp(db: Kysely<Database>, userId: string, base32: string, code: string): Promise<boolean> {
  const step = totpStep(base32, code);
  if (step === undefined) return false;
  const result = await db
    .updateTable('staff_users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Ten new recovery codes (shown once); the database keeps their hashes. */
export async function replaceRecoveryCodes(db: Kysely<Database>, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    newToken(8)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 10),
  );
  await db.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('staff_recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: tokenHash(code) })))
    .execute();
  return codes;
}

/** Uses up a recovery code; true if it was valid and unused. */
export async function useRecoveryCode(db: Kysely<Database>, userId: string, code: string): Promise<boolean> {
  const normalised = code.trim().toLowerCase().replace(/[\s-]/g, '');
  if (normalised.length === 0 || normalised.length > 40) return false;
  const result = await db
    .updateTable('staff_recovery_codes')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', tokenHash(normalised))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Turns two-factor sign-in on with a new secret; the last step used belonged to the old one. */
export async function setTotpSecret(db: Kysely<Database>, appSecret: string, userId: string, base32: string) {
  await db
    .updateTable('staff_users')
    .set({ totp_secret: encryptSecret(appSecret, base32), totp_enabled: true, totp_last_step: null })
    .where('id', '=', userId)
    .execute();
}
