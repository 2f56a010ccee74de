// What the numbers were measured on. Throughput on 2 cores shared by app, Postgres and load
// generator says little without this, so every result file carries it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_DIR } from './child-server.js';
import { queryOnce } from './scratch-database.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  postgres: string;
  /** 1, 5 and 15-minute load averages as the run began (they lag: see busyPercent). */
  loadAverage: number[];
  /** How busy all cores were in the 2 s before the run: above a few percent, other work shares them. */
  busyPercent: number;
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

/** Busy and total jiffies over all cores, from the first line of /proc/stat. */
function cpuJiffies(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  // Fields 4 and 5 are idle and iowait.
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

/** Clock ticks per second of /proc/stat (USER_HZ): 100 on Linux, asked once. */
let ticksPerSecond: number | undefined;

/**
 * CPU seconds all cores have spent busy since boot, whoever spent them: the app, Postgres, the
 * load generator and the kernel. Read before and after a row, it gives the whole machine's CPU
 * per request, which on a machine running nothing else is what the request costs all parties.
 */
export function machineBusySeconds(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return cpuJiffies().busy / ticksPerSecond;
}

async function busyPercent(sampleMs = 2000): Promise<number> {
  const before = cpuJiffies();
  await sleep(sampleMs);
  const after = cpuJiffies();
  const total = after.total - before.total;
  return total > 0 ? Math.round((100 * (after.busy - before.busy)) / total) : 0;
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
    busyPercent: await busyPercent(),
    commit: commit(),
  };
}
