// Checking a second factor (a TOTP code or a recovery code) against the account's own counter of
// wrong codes. The counter lives on staff_users, apart from the password throttle, so signing in
// again with the right password does not clear it. After FREE_FAILURES wrong codes each try must
// wait (the password throttle's doubling delays); after LOCK_AFTER the authenticator is locked
// and only a recovery code, itself counted the same way, or an admin lifts the lock.
import type { Kysely } from 'kysely';
import type { Database, StaffUserRow } from '../db/schema.js';
import { audit } from './audit.js';
import { delayAfter } from './throttle.js';
import { decryptSecret, useRecoveryCode, useTotp } from './totp.js';

/** Wrong codes in a row that lock the authenticator. */
export const LOCK_AFTER = 10;
/** Tries that lost a race with another try at the same moment are refused for this long. */
const CONTENDED_WAIT_MS = 60_000;

export type SecondFactorResult =
  | { kind: 'accepted'; by: 'totp' | 'recovery_code'; unlocked: boolean }
  | { kind: 'wrong'; failures: number; locked: boolean; lockedNow: boolean }
  | { kind: 'wait'; until: Date; locked: boolean }
  /** An authenticator code while locked: not checked, and not counted. */
  | { kind: 'locked' };

export interface SecondFactorState {
  /** No code is checked before this time. */
  waitUntil: Date | undefined;
  locked: boolean;
}

type CounterRow = Pick<StaffUserRow, 'second_factor_failures' | 'second_factor_wait_until' | 'second_factor_locked'>;

function stateOf(row: CounterRow, now: Date): SecondFactorState {
  const until = row.second_factor_wait_until ? new Date(row.second_factor_wait_until) : undefined;
  return { waitUntil: until && until > now ? until : undefined, locked: row.second_factor_locked };
}

const readCounter = (db: Kysely<Database>, userId: string) =>
  db
    .selectFrom('staff_users')
    .select(['second_factor_failures', 'second_factor_wait_until', 'second_factor_locked'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();

/** Whether the user must wait, or is locked, before their next code is checked. */
export async function secondFactorState(db: Kysely<Database>, userId: string, now = new Date()) {
  return stateOf(await readCounter(db, userId), now);
}

type Claim = { failures: number; lockedBefore: boolean; lockedAfter: boolean } | { until: Date; locked: boolean };

/**
 * Counts the try as a failure before the code is checked (a right code then resets the count),
 * so tries sent in parallel cannot all slip in before the first failure is written. The update
 * only succeeds on the count it read; a try that lost the race reads again.
 */
async function claimTry(db: Kysely<Database>, userId: string, now: Date): Promise<Claim> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await readCounter(db, userId);
    const state = stateOf(row, now);
    if (state.waitUntil) return { until: state.waitUntil, locked: state.locked };
    const failures = row.second_factor_failures + 1;
    const delay = delayAfter(failures);
    const lockedAfter = row.second_factor_locked || failures >= LOCK_AFTER;
    const result = await db
      .updateTable('staff_users')
      .set({
        second_factor_failures: failures,
        second_factor_wait_until: delay > 0 ? new Date(now.getTime() + delay) : null,
        second_factor_locked: lockedAfter,
      })
      .where('id', '=', userId)
      .where('second_factor_failures', '=', row.second_factor_failures)
      .executeTakeFirst();
    if (result.numUpdatedRows === 1n) return { failures, lockedBefore: row.second_factor_locked, lockedAfter };
  }
  return { until: new Date(now.getTime() + CONTENDED_WAIT_MS), locked: false };
}

/** Back to no failures, no wait, not locked: after a right code, or an admin's unlock. */
export async function resetSecondFactor(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable('staff_users')
    .set({ second_factor_failures: 0, second_factor_wait_until: null, second_factor_locked: false })
    .where('id', '=', userId)
    .execute();
}

const looksLikeTotp = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ''));

/** Checks a code for a user with two-factor sign-in on (totp_secret set), counting wrong ones. */
export async function checkSecondFactor(
  db: Kysely<Database>,
  appSecret: string,
  user: StaffUserRow,
  code: string,
  now = new Date(),
): Promise<SecondFactorResult> {
  const before = await secondFactorState(db, user.id, now);
  if (before.waitUntil) return { kind: 'wait', until: before.waitUntil, locked: before.locked };
  if (before.locked && looksLikeTotp(code)) return { kind: 'locked' };
  const claim = await claimTry(db, user.id, now);
  if ('until' in claim) return { kind: 'wait', until: claim.until, locked: claim.locked };
  const byTotp =
    !claim.lockedBefore &&
    user.totp_secret !== null &&
    (await useTotp(db, user.id, decryptSecret(appSecret, user.totp_secret), code));
  const byRecovery = !byTotp && (await useRecoveryCode(db, user.id, code));
  if (byTotp || byRecovery) {
    await resetSecondFactor(db, user.id);
    return { kind: 'accepted', by: byTotp ? 'totp' : 'recovery_code', unlocked: claim.lockedBefore };
  }
  return {
    kind: 'wrong',
    failures: claim.failures,
    locked: claim.lockedAfter,
    lockedNow: claim.lockedAfter && !claim.lockedBefore,
  };
}

/**
 * The audit entries a result calls for: each failure, the lock, a recovery code's unlock, and a
 * try refused while waiting. `step` says where the code was typed (signing in, or the account page).
 */
export async function auditSecondFactor(
  db: Kysely<Database>,
  user: Pick<StaffUserRow, 'id' | 'email'>,
  result: SecondFactorResult,
  step: 'sign_in' | 'account',
): Promise<void> {
  const entry = { targetType: 'staff_user' as const, targetId: user.id };
  const actor = step === 'account' ? { id: user.id, email: user.email } : undefined;
  if (result.kind === 'wrong') {
    await audit(db, { ...entry, actor, action: 'second_factor_failed', details: { step, failures: result.failures } });
    if (result.lockedNow)
      await audit(db, { ...entry, actor, action: 'second_factor_locked', details: { failures: result.failures } });
  } else if (result.kind === 'wait' || result.kind === 'locked') {
    await audit(db, { ...entry, actor, action: 'second_factor_throttled', details: { step, reason: result.kind } });
  } else if (result.unlocked) {
    await audit(db, { ...entry, actor, action: 'second_factor_unlocked', details: { by: 'recovery_code' } });
  }
}

/** Whole minutes until a time, at least one, for "wait N minutes". */
export const minutesUntil = (until: Date, now = Date.now()) => Math.max(1, Math.ceil((until.getTime() - now) / 60_000));
