// Login throttling with growing delays. Per account in the database (so every instance
// agrees); per address in memory, keyed by a salted hash (no staff address is stored either).
// During a delay even the right password is refused, so guessing gains nothing.
import type { Kysely } from 'kysely';
import { createRateLimit } from '../abuse/rate-limit.js';
import type { Database } from '../db/schema.js';

/** Failures allowed before the first delay. */
export const FREE_FAILURES = 4;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/** 30 s after the 5th failure, doubling each time, at most an hour. */
export function delayAfter(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - FREE_FAILURES - 1));
}

/** The throttle key of an existing account (signing in, and proving it again on the account pages). */
export const accountThrottleKey = (userId: string) => `account:${userId}`;

/** When the account may try again, if it is waiting now. */
export async function blockedUntil(db: Kysely<Database>, key: string, now = new Date()): Promise<Date | undefined> {
  const row = await db.selectFrom('login_attempts').select('blocked_until').where('key', '=', key).executeTakeFirst();
  const until = row?.blocked_until ? new Date(row.blocked_until) : undefined;
  return until && until > now ? until : undefined;
}

export async function recordFailure(db: Kysely<Database>, key: string, now = new Date()): Promise<void> {
  const row = await db
    .insertInto('login_attempts')
    .values({ key, failures: 1, last_failure_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({ failures: eb('login_attempts.failures', '+', 1), last_failure_at: now })),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  const delay = delayAfter(row.failures);
  if (delay > 0) {
    await db
      .updateTable('login_attempts')
      .set({ blocked_until: new Date(now.getTime() + delay) })
      .where('key', '=', key)
      .execute();
  }
}

export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}

/** Failed logins from one address across all accounts: 20 per quarter hour per instance. */
export const addressLoginLimit = () => createRateLimit({ limit: 20, windowMs: 15 * 60_000 });
