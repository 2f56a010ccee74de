// Proving again who you are before changing how you sign in (a password, an authenticator):
// a signed-in session alone is not enough, because a session can be borrowed or stolen. The
// password is checked against the same per-account throttle as signing in, so a stolen session
// cannot guess it faster than the sign-in page allows; wrong codes go to the second-factor
// counter (src/staff/second-factor.ts).
import type { Kysely } from 'kysely';
import type { Database, StaffUserRow } from '../db/schema.js';
import { audit } from './audit.js';
import { verifyPassword } from './passwords.js';
import { accountThrottleKey, blockedUntil, clearFailures, recordFailure } from './throttle.js';

export type PasswordRecheck = { kind: 'right' } | { kind: 'wrong' } | { kind: 'wait'; until: Date };

export async function recheckPassword(
  db: Kysely<Database>,
  user: Pick<StaffUserRow, 'id' | 'email' | 'password_hash'>,
  password: string,
  purpose: string,
): Promise<PasswordRecheck> {
  const key = accountThrottleKey(user.id);
  const until = await blockedUntil(db, key);
  if (until) return { kind: 'wait', until };
  if (await verifyPassword(user.password_hash, password)) {
    await clearFailures(db, key);
    return { kind: 'right' };
  }
  await recordFailure(db, key);
  await audit(db, {
    actor: { id: user.id, email: user.email },
    action: 'reauth_failed',
    targetType: 'staff_user',
    targetId: user.id,
    details: { purpose },
  });
  return { kind: 'wrong' };
}
