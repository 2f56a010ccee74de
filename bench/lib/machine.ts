// What the numbers were measured on. Throughput on 2 cores shared by app, Postgres and load
// generator says little without this, so every result file carries it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';
import { PROJECT_DIR } from './child-server.js';
import { queryOnce } from './scratch-database.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  postgres: string;
  /** 1, 5 and 15-minute load averages as the run began: above ~0.5, something else shared the cores. */
  loadAverage: number[];
  /** The commit measured, with "+dirty" when the working tree has changes. */
  commit: string;
}

function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function commit(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: PROJECT_DIR, encoding: 'utf8' }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? '+dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const { rows } = await queryOnce<{ version: string }>(databaseUrl, 'select version()');
  return {
    cpus: availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    postgres: rows[0]?.version.split(' on ')[0] ?? 'unknown',
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
    commit: commit(),
  };
}
