// tap runs test files in parallel (two at a time on two cores). These suites each saturate
// the machine, so they take turns: throughput figures then measure the app rather than the
// neighbour, and the timing budgets (outage answers, recovery) are not starved of CPU.
// A directory is the lock (mkdir is atomic); it names its holder's pid, so a holder that
// died is noticed and the lock taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cleanup } from './cleanup.js';

const LOCK_DIR = join(tmpdir(), 'codka-reliability.lock');
const OWNER_FILE = join(LOCK_DIR, 'pid');

function holder(): number | undefined {
  try {
    const pid = Number(readFileSync(OWNER_FILE, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits (at most `budgetMs`) for the machine to be this suite's alone; released by `cleanup`.
 * Resolves with the milliseconds waited, and whether the lock was really taken.
 */
export async function takeTurn(cleanup: Cleanup, budgetMs = 400_000): Promise<{ waitedMs: number; owned: boolean }> {
  const started = performance.now();
  let ownerless = 0;
  while (performance.now() - started < budgetMs) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(OWNER_FILE, String(process.pid));
      const release = () => {
        if (holder() === process.pid) rmSync(LOCK_DIR, { recursive: true, force: true });
      };
      process.once('exit', release);
      cleanup.add('the suite lock', release);
      return { waitedMs: performance.now() - started, owned: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = holder();
    // A lock whose holder is dead, or which has named no holder for a few seconds, is stale.
    ownerless = pid === undefined ? ownerless + 1 : 0;
    if ((pid !== undefined && !alive(pid)) || ownerless > 20) {
      rmSync(LOCK_DIR, { recursive: true, force: true });
      ownerless = 0;
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { waitedMs: performance.now() - started, owned: false };
}
