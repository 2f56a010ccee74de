// Row: the bare Node baseline for submissions — a few-line Fastify server that parses the same
// form body and inserts one row via pg (bench/baseline/bare-post-server.ts), compared with
// pgbench. It shows how much of the gap to pgbench any Node HTTP server pays, before Codka.
import { freePort, startChildServer } from '../lib/child-server.js';
import { finalSubmitBody } from '../lib/demo-submission.js';
import { describeLoad } from '../lib/get-load.js';
import { runLoad } from '../lib/load.js';
import { againstBaseline } from '../lib/result.js';
import type { Scenario } from '../lib/scenario.js';
import { queryOnce } from '../lib/scratch-database.js';
import { round } from '../lib/stats.js';
import { PGBENCH_ID } from './pgbench-insert.js';

export const BARE_POST_ID = 'bare-post';
export const SUBMIT_CONNECTIONS = 24;
const WARMUP_SECONDS = 2;
const SECONDS = 10;

export const barePost: Scenario = {
  title: `bare Fastify POST → one INSERT → 303 (${SECONDS} s)`,
  async run(context) {
    await queryOnce(
      context.databaseUrl,
      'create table bench_bare_post (id bigserial primary key, payload text not null, submitted_on date not null)',
    );
    const port = await freePort();
    const server = await startChildServer({
      args: ['--import', 'tsx', 'bench/baseline/bare-post-server.ts'],
      env: { ...process.env, PORT: String(port), DATABASE_URL: context.databaseUrl },
      port,
      readyPath: '/ready',
    });
    try {
      const load = (durationSeconds: number) =>
        runLoad({
          url: `${server.origin}/submit`,
          connections: SUBMIT_CONNECTIONS,
          durationSeconds,
          requests: [
            {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              setupRequest: (request) => ({ ...request, body: finalSubmitBody(context.secret) }),
            },
          ],
          successStatuses: [303],
          serverCpuSeconds: server.cpuSeconds,
        });
      await load(WARMUP_SECONDS);
      const stats = await load(SECONDS);
      const value = round(stats.rps);
      return [
        {
          id: BARE_POST_ID,
          name: 'Bare Fastify POST → one INSERT → 303',
          value,
          unit: 'req/s',
          p50: round(stats.p50, 2),
          p99: round(stats.p99, 2),
          ...againstBaseline(value, context.result(PGBENCH_ID)),
          notes: `Same body and token generation as the submissions row; ${describeLoad(stats)}.`,
          details: { ...stats },
        },
      ];
    } finally {
      await server.stop();
      await queryOnce(context.databaseUrl, 'drop table bench_bare_post');
    }
  },
};
