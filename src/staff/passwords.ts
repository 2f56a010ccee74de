// Staff passwords: argon2id with OWASP's current minimum (19 MiB, 2 passes, 1 lane). An
// unknown email is checked against a dummy hash so it takes as long as a wrong password.
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id is an ambient const enum the type checker cannot read under verbatimModuleSyntax.
const ARGON2ID = 2;

const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/** Verifies a password; with no stored hash, spends the same time and returns false. */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('codka-timing-equaliser');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

export type PasswordProblem = 'too_short' | 'too_long' | 'mismatch';

export function passwordProblem(password: string, confirmation: string): PasswordProblem | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if ([...password].length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (password !== confirmation) return 'mismatch';
  return undefined;
}
