// A server under test as its own process (as an operator runs it), so its CPU and memory are
// its own and not mixed with the load generator's. Ready when a URL answers 200.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  pid: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The process's resident-set high-water mark (VmHWM), in bytes. */
  peakRssBytes(): number;
  /** CPU seconds the process has used (user + system): per request, this is not skewed by other work on the machine. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  /** Arguments to `node`, e.g. ['--import', 'tsx', 'src/server.ts']. */
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  /** Path that answers 200 once the server can take load. */
  readyPath: string;
  readyTimeoutMs?: number;
}

// Every child still running when this process exits (Ctrl-C mid-scenario, a crash) is killed,
// so no server is left holding a port or a database connection.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Stops every child still running (before the scratch database is dropped under them). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child)));
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat, 100 on every mainstream kernel. */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a process, in seconds (fields 14 and 15 of /proc/<pid>/stat). */
export function procCpuSeconds(pid: number): number {
  // The command name (field 2) may hold spaces; everything after its closing parenthesis is fixed.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Reads a `Vm…: N kB` line of /proc/<pid>/status (Linux only), in bytes. */
export function procStatusBytes(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  if (kb === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, options.args, {
    cwd: PROJECT_DIR,
    env: options.env,
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  // Keep the tail of stderr to explain a failed start; warnings pass through to ours.
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
    process.stderr.write(chunk);
  });
  const origin = `http://127.0.0.1:${options.port}`;
  const stop = () => stopChild(child);
  try {
    await waitUntilReady(child, `${origin}${options.readyPath}`, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw new Error(
      `${options.args.join(' ')} did not start: ${error instanceof Error ? error.message : String(error)}\n${stderr}`,
    );
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('child has no pid');
  return {
    pid,
    origin,
    peakRssBytes: () => procStatusBytes(pid, 'VmHWM'),
    cpuSeconds: () => procCpuSeconds(pid),
    stop,
  };
}

async function waitUntilReady(child: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode})`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`no 200 from ${url} within ${timeoutMs} ms`);
}

/** SIGTERM (the app closes its pool cleanly), then SIGKILL if it lingers. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
