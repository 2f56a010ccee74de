// Drives HTTP load with autocannon (in this process) and measures it ourselves from the
// per-response events: autocannon's own duration ends on its next one-second tick, and its
// latency histogram keeps whole milliseconds and ignores 3xx, both too coarse here.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { machineBusySeconds } from './machine.js';
import { percentile } from './stats.js';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Run for this long… */
  durationSeconds?: number;
  /** …or until exactly this many responses (every request sent is then answered). */
  amount?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Per-request builders (e.g. a fresh form token each time). */
  requests?: autocannon.Request[];
  /** Statuses counted as success; everything else is reported apart. */
  successStatuses?: number[];
  /** The server's CPU clock (ChildServer.cpuSeconds), to report its CPU cost per success. */
  serverCpuSeconds?: () => number;
}

export interface LoadStats {
  /** From the first request to the last response. */
  seconds: number;
  successes: number;
  /** Successes per second. */
  rps: number;
  /** Successes per second over the second half only: past the JIT's warm-up, a better forecast. */
  secondHalfRps: number;
  /** Latency of successful responses, milliseconds. */
  p50: number;
  p99: number;
  /** Responses that were not a success status, by status. */
  otherStatuses: Record<string, number>;
  /** Connection errors and timeouts (no response at all). */
  errors: number;
  timeouts: number;
  connections: number;
  /** Server CPU time per successful response, milliseconds (when serverCpuSeconds was given). */
  serverCpuMs?: number;
  /** CPU time of the whole machine (server, database, load generator, kernel) per success, ms. */
  machineCpuMs: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadStats> {
  const success = new Set(options.successStatuses ?? [200]);
  const latencies: number[] = [];
  const successTimes: number[] = [];
  const otherStatuses: Record<string, number> = {};
  const cpuBefore = options.serverCpuSeconds?.();
  const machineBefore = machineBusySeconds();
  const started = performance.now();
  let lastResponse = started;

  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const settings: autocannon.Options = {
    url: options.url,
    connections: options.connections,
    method: options.method ?? 'GET',
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.requests ? { requests: options.requests } : {}),
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
  };
  const instance = autocannon(settings, (error: unknown, result) => (error ? fail(error) : finish(result)));
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    lastResponse = performance.now();
    if (success.has(statusCode)) {
      latencies.push(responseTime);
      successTimes.push(lastResponse);
    } else otherStatuses[statusCode] = (otherStatuses[statusCode] ?? 0) + 1;
  });
  const result = await done;
  const cpuAfter = options.serverCpuSeconds?.();
  const machineSeconds = machineBusySeconds() - machineBefore;

  const seconds = (lastResponse - started) / 1000;
  const middle = started + (lastResponse - started) / 2;
  const secondHalf = successTimes.filter((time) => time > middle).length;
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    successes: latencies.length,
    rps: seconds > 0 ? latencies.length / seconds : 0,
    secondHalfRps: seconds > 0 ? secondHalf / (seconds / 2) : 0,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    otherStatuses,
    errors: result.errors,
    timeouts: result.timeouts,
    connections: options.connections,
    machineCpuMs: latencies.length > 0 ? (machineSeconds * 1000) / latencies.length : 0,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && latencies.length > 0
      ? { serverCpuMs: ((cpuAfter - cpuBefore) * 1000) / latencies.length }
      : {}),
  };
}
