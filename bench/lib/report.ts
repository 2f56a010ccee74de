// The table (printed and written to bench/results/latest.md) and one JSON file per row, each
// carrying the machine it was measured on so files copied elsewhere still make sense.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from './machine.js';
import type { BenchResult } from './result.js';

export const RESULTS_DIR = new URL('../results/', import.meta.url).pathname;

const formatNumber = (value: number): string =>
  value.toLocaleString('en-GB', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2 });

const ms = (value: number | undefined) => (value === undefined ? '' : `${formatNumber(value)} ms`);

function targetCell(result: BenchResult): string {
  const t = result.target;
  if (!t) return '';
  const goal = t.of === 'ratio' ? `≥ ${formatNumber(t.value)}× baseline` : `≥ ${formatNumber(t.value)} ${result.unit}`;
  return `${goal}: ${t.met ? 'met' : 'missed'} (${formatNumber(t.attained)}×)`;
}

export function markdownTable(results: BenchResult[]): string {
  const header = ['Row', 'Result', 'p50', 'p99', 'Baseline (same run)', 'vs baseline', 'Target'];
  const rows = results.map((r) => [
    r.name,
    `**${formatNumber(r.value)}** ${r.unit}`,
    ms(r.p50),
    ms(r.p99),
    r.baseline ? `${r.baseline.name}: ${formatNumber(r.baseline.value)} ${r.baseline.unit}` : '',
    r.ratio === undefined ? '' : `${formatNumber(r.ratio)}×`,
    targetCell(r),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function machineLine(machine: Machine): string {
  return `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}, ${machine.postgres}, commit ${machine.commit}, cores ${machine.busyPercent}% busy just before (load average ${machine.loadAverage.join(' ')})`;
}

export function latestMarkdown(results: BenchResult[], machine: Machine, measuredAt: string): string {
  const notes = results.map((r) => `- **${r.name}**: ${r.notes}`);
  return [`Measured ${measuredAt} on ${machineLine(machine)}.`, '', markdownTable(results), '', ...notes, ''].join(
    '\n',
  );
}

export function writeResults(results: BenchResult[], machine: Machine, measuredAt: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const result of results) {
    const file = join(RESULTS_DIR, `${result.id}.json`);
    writeFileSync(file, `${JSON.stringify({ ...result, measuredAt, machine }, null, 2)}\n`);
  }
  writeFileSync(join(RESULTS_DIR, 'latest.md'), latestMarkdown(results, machine, measuredAt));
}
