// A signed token in every survey form: a random nonce (which becomes the receipt, see
// receipt.ts) and when the form was first shown. It lets us turn away answers sent seconds
// after the start page (bots) or a day later (a stale tab), with a "check and send again"
// page rather than an error, and it is never stored.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface FormToken {
  nonce: string;
  issuedAt: number;
}

const sign = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(`form-token:${payload}`).digest('base64url').slice(0, 22);

export function issueFormToken(secret: string, now = Date.now()): string {
  const payload = `${randomBytes(16).toString('base64url')}.${Math.floor(now / 1000)}`;
  return `${payload}.${sign(secret, payload)}`;
}

/** A fresh token keeping the nonce, for a form sent back to be checked again. */
export function renewFormToken(secret: string, token: FormToken, now = Date.now()): string {
  const payload = `${token.nonce}.${Math.floor(now / 1000)}`;
  return `${payload}.${sign(secret, payload)}`;
}

export function readFormToken(secret: string, raw: unknown): FormToken | undefined {
  if (typeof raw !== 'string' || raw.length > 100) return undefined;
  const parts = raw.split('.');
  if (parts.length !== 3) return undefined;
  const [nonce = '', seconds = '', mac = ''] = parts;
  const expected = Buffer.from(sign(secret, `${nonce}.${seconds}`));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const issuedAt = Number(seconds) * 1000;
  return Number.isFinite(issuedAt) && /^[\w-]{16,32}$/.test(nonce) ? { nonce, issuedAt } : undefined;
}

export type TokenVerdict = 'ok' | 'too_fast' | 'expired' | 'missing';

export const MIN_FORM_SECONDS = 5;
export const MAX_FORM_HOURS = 24;

export function judgeFormToken(token: FormToken | undefined, now = Date.now()): TokenVerdict {
  if (!token) return 'missing';
  const age = now - token.issuedAt;
  if (age < MIN_FORM_SECONDS * 1000) return 'too_fast';
  if (age > MAX_FORM_HOURS * 3600 * 1000) return 'expired';
  return 'ok';
}
