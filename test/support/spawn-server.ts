// Runs the real service as a child process (`node --import tsx src/server.ts`), the way an
// operator would, so tests can check exit codes, stderr, start-up time and signals. Every
// child is killed when its test ends, and again when this process exits, whatever happened.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARIABLES } from '../../src/config.js';

export const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** This process's environment without any Codka setting, plus `overrides` (undefined deletes). */
export function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete env[name];
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** A TCP port that was free a moment ago (listen on 0, read the port, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<Exit>;
  hasExited(): boolean;
}

/** Starts a command in the project folder, collecting its output; killed at teardown. */
export function spawnTracked(t: Teardown, command: string, args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(command, args, { cwd: PROJECT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  let done = false;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => {
      done = true;
      running.delete(child);
      resolve({ code, signal });
    });
    child.once('error', () => {
      done = true;
      running.delete(child);
      resolve({ code: null, signal: null });
    });
  });
  t.teardown(async () => {
    if (done) return;
    child.kill('SIGKILL');
    await exited;
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited, hasExited: () => done };
}

/** Runs a command to its end (killed after `timeoutMs`) and returns its exit and output. */
export async function runToExit(
  t: Teardown,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 20_000,
): Promise<Exit & { stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  const spawned = spawnTracked(t, command, args, env);
  const timer = setTimeout(() => spawned.child.kill('SIGKILL'), timeoutMs);
  const exit = await spawned.exited;
  clearTimeout(timer);
  return { ...exit, stdout: spawned.stdout(), stderr: spawned.stderr(), ms: performance.now() - started };
}

/** The command line that runs the service from source, as `npm start` does but without npm. */
export const SERVER_COMMAND: [string, string[]] = [process.execPath, ['--import', 'tsx', 'src/server.ts']];

export interface ServerProcess extends Spawned {
  port: number;
  url: string;
  /** Polls `path` until it answers `status`; resolves with the milliseconds since spawn. */
  waitFor(path: string, options?: { status?: number; timeoutMs?: number }): Promise<number>;
  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit & { ms: number }>;
}

/** Starts the service on a free port with the given settings (nothing else from this process's). */
export async function spawnServer(t: Teardown, settings: Record<string, string | undefined>): Promise<ServerProcess> {
  const port = await freePort();
  const env = childEnv({ HOST: '127.0.0.1', ...settings, PORT: String(port) });
  const started = performance.now();
  const spawned = spawnTracked(t, SERVER_COMMAND[0], SERVER_COMMAND[1], env);
  const url = `http://127.0.0.1:${port}`;

  const waitFor: ServerProcess['waitFor'] = async (path, options = {}) => {
    const { status = 200, timeoutMs = 30_000 } = options;
    const deadline = started + timeoutMs;
    let last = 'no answer';
    while (performance.now() < deadline) {
      if (spawned.hasExited()) {
        throw new Error(`server exited before ${path} answered ${status}; stderr: ${spawned.stderr()}`);
      }
      try {
        const res = await fetch(url + path, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === status) return performance.now() - started;
        last = `status ${res.status}`;
      } catch (error) {
        last = String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${path} did not answer ${status} within ${timeoutMs} ms (${last}); stderr: ${spawned.stderr()}`);
  };

  const stop: ServerProcess['stop'] = async (signal = 'SIGTERM', timeoutMs = 10_000) => {
    const sent = performance.now();
    if (!spawned.hasExited()) spawned.child.kill(signal);
    const timer = setTimeout(() => spawned.child.kill('SIGKILL'), timeoutMs);
    const exit = await spawned.exited;
    clearTimeout(timer);
    return { ...exit, ms: performance.now() - sent };
  };

  return { ...spawned, port, url, waitFor, stop };
}

/** Lines of a process's output that look like a JavaScript stack trace. */
export function stackLines(output: string): string[] {
  return output.split('\n').filter((line) => /^\s+at\s/.test(line) || /\.(ts|js|mjs):\d+/.test(line));
}
