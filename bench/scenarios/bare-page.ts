// Row: the bare baseline for page GETs — a few-line Fastify server rendering a 6 KB page with
// Handlebars per request (bench/baseline/bare-server.ts), in its own process like the app.
import { freePort, startChildServer } from '../lib/child-server.js';
import { describeLoad, GET_SECONDS, measurePage } from '../lib/get-load.js';
import type { Scenario } from '../lib/scenario.js';
import { round } from '../lib/stats.js';

export const BARE_PAGE_ID = 'bare-page';

export const barePage: Scenario = {
  title: `bare Fastify + Handlebars 6 KB page (${GET_SECONDS} s)`,
  async run() {
    const port = await freePort();
    const server = await startChildServer({
      args: ['--import', 'tsx', 'bench/baseline/bare-server.ts'],
      env: { ...process.env, PORT: String(port) },
      port,
      readyPath: '/page',
    });
    try {
      const stats = await measurePage(`${server.origin}/page`, {}, server.cpuSeconds);
      return [
        {
          id: BARE_PAGE_ID,
          name: 'Bare Fastify GET, 6 KB Handlebars page',
          value: round(stats.rps),
          unit: 'req/s',
          p50: round(stats.p50, 2),
          p99: round(stats.p99, 2),
          notes: `${stats.pageBytes} bytes per page; ${describeLoad(stats)}.`,
          details: { ...stats },
        },
      ];
    } finally {
      await server.stop();
    }
  },
};
