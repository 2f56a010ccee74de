// `npm run bench`: creates a scratch database on real Postgres, runs every scenario in
// scenarios/index.ts against it, prints the table and writes bench/results/, then drops the
// database and stops every process it started — also on failure or Ctrl-C.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startApp } from './lib/app-server.js';
import { type ChildServer, stopAllChildren } from './lib/child-server.js';
import { Cleanups } from './lib/cleanup.js';
import { describeMachine } from './lib/machine.js';
import { machineLine, markdownTable, RESULTS_DIR, writeResults } from './lib/report.js';
import type { BenchResult } from './lib/result.js';
import type { BenchContext } from './lib/scenario.js';
import { createScratchDatabase, DEFAULT_SERVER_URL } from './lib/scratch-database.js';
import { scenarios } from './scenarios/index.js';

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const cleanups = new Cleanups();

process.once('SIGINT', () => {
  log('interrupted: cleaning up');
  void cleanups.runAll().finally(() => process.exit(130));
});

async function main(): Promise<number> {
  const started = performance.now();
  const serverUrl = process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL;
  const scratch = await createScratchDatabase(serverUrl);
  cleanups.add(async () => {
    await scratch.drop();
    log(`dropped ${scratch.name}`);
  });
  // Undone before the drop (newest first): no server may still hold the database.
  cleanups.add(stopAllChildren);
  log(`scratch database ${scratch.name}`);
  const machine = await describeMachine(scratch.url);
  log(machineLine(machine));
  if (machine.busyPercent > 10)
    log(`warning: cores ${machine.busyPercent}% busy before starting: other work shares them, figures will read low`);

  const secret = randomBytes(32).toString('hex');
  const results: BenchResult[] = [];
  let app: Promise<ChildServer> | undefined;
  const context: BenchContext = {
    databaseUrl: scratch.url,
    secret,
    app: () => {
      app ??= startApp({ databaseUrl: scratch.url, secret }).then((server) => {
        cleanups.add(() => server.stop());
        return server;
      });
      return app;
    },
    result: (id) => {
      const found = results.find((r) => r.id === id);
      if (!found) throw new Error(`row ${id} has not run yet: order scenarios/index.ts so baselines come first`);
      return found;
    },
    onCleanup: (fn) => cleanups.add(fn),
    log,
  };

  for (const scenario of scenarios) {
    const t0 = performance.now();
    log(`${scenario.title} …`);
    const rows = await scenario.run(context);
    results.push(...rows);
    for (const row of rows)
      log(`  ${row.name}: ${row.value} ${row.unit} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }

  const measuredAt = new Date().toISOString();
  writeResults(results, machine, measuredAt);
  process.stdout.write(`\n${markdownTable(results)}\n\n${machineLine(machine)}\n`);
  const problems = results.flatMap((r) => (r.problems ?? []).map((p) => `${r.name}: ${p}`));
  for (const problem of problems) process.stdout.write(`PROBLEM ${problem}\n`);
  log(`wrote ${RESULTS_DIR} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return problems.length > 0 ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanups.runAll();
}
