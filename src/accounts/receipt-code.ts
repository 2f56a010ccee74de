// Receipt codes: 12 characters of Crockford base32 (60 bits), shown as XXXX-XXXX-XXXX, kept
// only as a keyed hash. Typed back in any case, with or without dashes, reading O as 0 and
// I/L as 1, because people copy them from paper.
import { createHmac } from 'node:crypto';
import { folded } from '../pii/fold.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_LENGTH = 12;

/** Encodes the first 60 bits of `bytes` (at least 8 bytes) as 12 Crockford characters. */
export function encodeReceipt(bytes: Uint8Array): string {
  let bits = 0n;
  for (const byte of bytes.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
  bits >>= 4n; // 64 → 60 bits
  let code = '';
  for (let i = 0; i < RECEIPT_LENGTH; i++) {
    code = ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return code;
}

/**
 * The receipt code for a form: derived from the form's random nonce, so pressing Send twice
 * (or reloading the confirmation) files one account and shows the same code, not two.
 */
export function receiptForNonce(secret: string, nonce: string): string {
  return encodeReceipt(createHmac('sha256', secret).update(`receipt:${nonce}`).digest());
}

export function formatReceipt(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

/** The canonical 12-character code for what a person typed, or undefined if it cannot be one. */
export function normalizeReceipt(input: string): string | undefined {
  // Folded (pii/fold.ts): full-width forms, Arabic-Indic and Persian digits, and the invisible
  // direction marks a code copied out of a right-to-left message or page carries.
  const code = folded(input)
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== RECEIPT_LENGTH) return undefined;
  return [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

/** What the database keeps: an HMAC, useless without the server's secret. */
export function hashReceipt(secret: string, code: string): string {
  return createHmac('sha256', secret).update(`receipt-hash:${code}`).digest('hex');
}
