// Runs PostgreSQL's own pgbench with a custom script and reads its throughput: the ceiling
// for a one-row write on this machine and this server, measured in the same run.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { relative } from 'node:path';
import { promisify } from 'node:util';
import { machineBusySeconds } from './machine.js';

const run = promisify(execFile);

/** pgbench on PATH, else the newest one under /usr/lib/postgresql (Debian keeps it there). */
export function findPgbench(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(`${dir}/pgbench`)) return `${dir}/pgbench`;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    if (existsSync(`${root}/${version}/bin/pgbench`)) return `${root}/${version}/bin/pgbench`;
  }
  throw new Error('pgbench not found: install postgresql-client (or postgresql) and try again');
}

export interface PgbenchOptions {
  databaseUrl: string;
  scriptFile: string;
  clients: number;
  threads: number;
  seconds: number;
}

export interface PgbenchStats {
  tps: number;
  /** Mean latency per transaction, milliseconds. */
  latencyMs: number;
  transactions: number;
  failed: number;
  /** CPU time of the whole machine (Postgres, pgbench, kernel) per transaction, ms. */
  machineCpuMs: number;
  command: string;
}

export async function runPgbench(options: PgbenchOptions): Promise<PgbenchStats> {
  const binary = findPgbench();
  // -n: no vacuum of pgbench's own tables (a custom script has none).
  const args = ['-n', '-f', options.scriptFile, '-c', String(options.clients), '-j', String(options.threads)];
  args.push('-T', String(options.seconds), options.databaseUrl);
  const machineBefore = machineBusySeconds();
  const { stdout } = await run(binary, args, { maxBuffer: 1 << 20 });
  const machineSeconds = machineBusySeconds() - machineBefore;
  const number = (pattern: RegExp) => {
    const found = pattern.exec(stdout)?.[1];
    if (found === undefined) throw new Error(`pgbench output did not match ${pattern}:\n${stdout}`);
    return Number(found);
  };
  const transactions = number(/^number of transactions actually processed: (\d+)/m);
  return {
    tps: number(/^tps = ([\d.]+)/m),
    latencyMs: number(/^latency average = ([\d.]+) ms/m),
    transactions,
    machineCpuMs: transactions > 0 ? (machineSeconds * 1000) / transactions : 0,
    // Only pgbench 15+ prints failures; older ones stop at the first.
    failed: Number(/^number of failed transactions: (\d+)/m.exec(stdout)?.[1] ?? 0),
    command: `pgbench ${args.slice(0, -1).join(' ').replace(options.scriptFile, relative(process.cwd(), options.scriptFile))} <scratch database>`,
  };
}
