// Withdrawal sets an account's document to null, but Postgres never overwrites a row in place:
// the old row version, with every word of the account, stays on its page (readable with
// pageinspect, or from the data files) until VACUUM removes it, and autovacuum may not come
// for hours on a table that is mostly inserts. So each withdrawal asks for a targeted VACUUM of
// `responses`, batched: the first withdrawal starts a short timer, the ones after it ride along,
// and one VACUUM clears them all. VACUUM skips the pages the visibility map says are clean, so
// on a million accounts it reads only the pages that changed.
//
// VACUUM frees the dead version's line pointer; the bytes can stay in the page's free space
// until Postgres writes over them. `rewriteResponses` (VACUUM FULL, from the CLI) rewrites the
// table into a new file so that not even those remain. README's privacy section says what WAL
// and backups keep.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/** How long withdrawals gather before one VACUUM erases them all. */
export const ERASURE_DELAY_MS = 30_000;

export interface ErasureLog {
  warn(details: object, message: string): void;
}

export interface ErasureScheduler {
  /** Call after a withdrawal has committed: a VACUUM will follow within the delay. */
  afterWithdrawal(): void;
  /** Runs the pending VACUUM now, if one is due (at shutdown, and in tests). */
  flush(): Promise<void>;
  /** Whether a VACUUM is waiting to run. */
  readonly pending: boolean;
  /** Drops the pending VACUUM (once the database is closing for good). */
  stop(): void;
}

/**
 * Removes dead row versions of `responses` and of the tables that copy an account's words — its
 * translations and the passages coded in it — (with their TOAST tables) now. Not in a transaction.
 */
export async function vacuumResponses(db: Kysely<Database>): Promise<void> {
  await sql`vacuum (analyze false) responses, translations, codings`.execute(db);
}

/** Rewrites those tables into new files: takes an exclusive lock for as long as the copy. */
export async function rewriteResponses(db: Kysely<Database>): Promise<void> {
  await sql`vacuum (full, analyze false) responses, translations, codings`.execute(db);
}

export function createErasureScheduler(
  db: Kysely<Database>,
  log: ErasureLog,
  delayMs = ERASURE_DELAY_MS,
): ErasureScheduler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function run(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    try {
      await vacuumResponses(db);
    } catch (error) {
      // The database may be down or restarting: try again after another delay, so a
      // withdrawal is never left unerased because one VACUUM failed.
      log.warn({ err: error }, 'vacuum after withdrawal failed; will retry');
      schedule();
    }
  }

  function schedule(): void {
    if (timer) return;
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = undefined;
      });
    }, delayMs);
    // A pending erasure must not keep a stopping process alive: shutdown flushes it instead.
    timer.unref();
  }

  return {
    afterWithdrawal: schedule,
    get pending() {
      return timer !== undefined;
    },
    async flush() {
      if (running) await running;
      if (timer) await run();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
