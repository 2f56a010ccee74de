// Row 1: the baseline for submissions. pgbench (PostgreSQL's own C client, 8 clients on 2
// threads) inserting one row per transaction into a small table, on the same server and in the
// same run as the app, so the submissions row is judged against what this machine can do today.

import { runPgbench } from '../lib/pgbench.js';
import type { BenchContext, Scenario } from '../lib/scenario.js';
import { queryOnce } from '../lib/scratch-database.js';
import { round } from '../lib/stats.js';

export const PGBENCH_ID = 'pgbench-insert';

const SCRIPT = new URL('../baseline/pgbench-insert.sql', import.meta.url).pathname;

export const pgbenchInsert: Scenario = {
  title: 'pgbench single-row insert (10 s)',
  async run(context: BenchContext) {
    await queryOnce(
      context.databaseUrl,
      `create table bench_insert (
         id bigserial primary key, survey_version_id int not null, locale text not null,
         submitted_on date not null, payload text not null)`,
    );
    const stats = await runPgbench({
      databaseUrl: context.databaseUrl,
      scriptFile: SCRIPT,
      clients: 8,
      threads: 2,
      seconds: 10,
    });
    // The app never reads this table; drop it so the database holds only the app's data.
    await queryOnce(context.databaseUrl, 'drop table bench_insert');
    return [
      {
        id: PGBENCH_ID,
        name: 'pgbench single-row insert',
        value: round(stats.tps),
        unit: 'tps',
        notes: `\`${stats.command}\`, ${stats.transactions} transactions, ${stats.failed} failed, mean latency ${stats.latencyMs} ms, whole machine ${stats.machineCpuMs.toFixed(3)} ms CPU per transaction.`,
        details: { ...stats },
      },
    ];
  },
};
