// The real service as a child process (node --import tsx src/server.ts), on a port the test
// chooses so that it can be restarted on the same address after a crash; and the staging
// every suite shares: its turn on the machine, a scratch database, an HTTP client, one
// ordered cleanup.
import { createScratchDatabase } from '../../test/helper.js';
import {
  childEnv,
  type Exit,
  freePort,
  SERVER_COMMAND,
  type Spawned,
  spawnTracked,
} from '../../test/support/spawn-server.js';
import { Cleanup } from './cleanup.js';
import { BASE_URL } from './env.js';
import { takeTurn } from './exclusive.js';
import { createClient, type HttpClient } from './http.js';

interface Test {
  teardown(fn: () => unknown): void;
  comment(...message: unknown[]): void;
}

export interface AppProcess {
  port: number;
  url: string;
  spawned: Spawned;
  /** Polls /readyz until 200 (bounded); resolves with the milliseconds since spawn. */
  ready(timeoutMs?: number): Promise<number>;
  /** SIGKILL: no shutdown hook runs, requests in flight are cut. */
  kill9(): Promise<Exit>;
  /** SIGTERM and wait (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<Exit>;
  /** How and when it exited, with its last output other than warnings; undefined while running. */
  exitReport(): Promise<string | undefined>;
}

export async function launchApp(
  cleanup: Cleanup,
  settings: Record<string, string>,
  port?: number,
): Promise<AppProcess> {
  const chosen = port ?? (await freePort());
  const env = childEnv({ HOST: '127.0.0.1', ...settings, PORT: String(chosen) });
  const started = performance.now();
  const spawned = spawnTracked(cleanup.asTeardown, SERVER_COMMAND[0], SERVER_COMMAND[1], env);
  const url = `http://127.0.0.1:${chosen}`;
  let exitedAt: number | undefined;
  void spawned.exited.then(() => {
    exitedAt = performance.now();
  });

  const ready = async (timeoutMs = 30_000) => {
    const deadline = performance.now() + timeoutMs;
    let last = 'no answer';
    while (performance.now() < deadline) {
      if (spawned.hasExited()) throw new Error(`the app exited before it was ready; stderr: ${spawned.stderr()}`);
      try {
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - started;
        last = `status ${res.status}`;
      } catch (error) {
        last = String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`/readyz not 200 within ${timeoutMs} ms (${last}); stderr: ${spawned.stderr()}`);
  };

  const stop = async (timeoutMs = 10_000) => {
    if (!spawned.hasExited()) spawned.child.kill('SIGTERM');
    const timer = setTimeout(() => spawned.child.kill('SIGKILL'), timeoutMs);
    const exit = await spawned.exited;
    clearTimeout(timer);
    return exit;
  };

  const kill9 = async () => {
    if (!spawned.hasExited()) spawned.child.kill('SIGKILL');
    return spawned.exited;
  };

  const exitReport = async () => {
    if (exitedAt === undefined) return undefined;
    const exit = await spawned.exited;
    const output = `${spawned.stdout()}\n${spawned.stderr()}`
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.includes('"level":40'))
      .slice(-15)
      .join('\n');
    return `exited (code ${exit.code}, signal ${exit.signal}) ${Math.round(exitedAt - started)} ms after spawn; last output:\n${output}`;
  };

  return { port: chosen, url, spawned, ready, kill9, stop, exitReport };
}

export interface Staged {
  cleanup: Cleanup;
  /** A new, empty database on the real server, dropped at the end. */
  databaseUrl: string;
  client: HttpClient;
}

/** Waits for this suite's turn, then makes a scratch database and a client; all undone at the end. */
export async function stage(t: Test, options: { maxSockets: number }): Promise<Staged> {
  const cleanup = new Cleanup(t);
  const turn = await takeTurn(cleanup);
  t.comment(
    turn.owned
      ? `waited ${Math.round(turn.waitedMs / 1000)} s for the other reliability suites`
      : 'ran beside another reliability suite (its turn did not come): figures may be lower',
  );
  const scratch = await createScratchDatabase(BASE_URL);
  cleanup.add('the scratch database', () => scratch.drop());
  const client = createClient({ maxSockets: options.maxSockets });
  cleanup.add('the HTTP client', () => client.close());
  return { cleanup, databaseUrl: scratch.url, client };
}

export interface LogSummary {
  /** Log lines by level name and message, e.g. `warn: database unavailable at submit`. */
  counts: Map<string, number>;
  /** Lines that are not JSON log lines (stack traces, warnings printed by Node). */
  other: string[];
  /** Error-level lines for requests that failed with something other than "unavailable". */
  serverErrors: string[];
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Reads an app process's stdout and stderr. */
export function summariseLogs(output: string): LogSummary {
  const counts = new Map<string, number>();
  const other: string[] = [];
  const serverErrors: string[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    let entry: { level?: number; msg?: string; code?: string; err?: { message?: string } };
    try {
      entry = JSON.parse(line);
    } catch {
      if (other.length < 20) other.push(line.slice(0, 300));
      continue;
    }
    const key = `${LEVELS[entry.level ?? 0] ?? entry.level}: ${entry.msg}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if ((entry.level ?? 0) >= 50 && entry.code !== 'unavailable' && serverErrors.length < 20) {
      serverErrors.push(line.slice(0, 500));
    }
  }
  return { counts, other, serverErrors };
}

export function describeCounts(counts: Map<string, number>): string {
  return [...counts].map(([key, n]) => `${key} ×${n}`).join('; ') || 'none';
}
