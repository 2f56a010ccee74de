// Session join codes: six characters from an alphabet without look-alikes (no 0/O, 1/I/L, U),
// short enough to read off a poster or say aloud, typed back in any case, with or without a
// dash or space, in full-width forms or with invisible characters copied along.
import { randomInt } from 'node:crypto';
import { folded } from '../pii/fold.js';

const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const SESSION_CODE_LENGTH = 6;

export function newSessionCode(): string {
  return Array.from({ length: SESSION_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

export function normalizeSessionCode(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 40) return undefined;
  // Folded (pii/fold.ts): full-width letters, other scripts' digits, and the invisible direction
  // marks a code copied out of an Arabic or Farsi message carries.
  const code = folded(input)
    .toUpperCase()
    .replace(/[\s\-‐‑–—_.]/g, '');
  return code.length === SESSION_CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

/** ABC-DEF: easier to read aloud and to copy. */
export const formatSessionCode = (code: string) => `${code.slice(0, 3)}-${code.slice(3)}`;
