// Row: final submissions of the demo survey per second, the way residents' browsers send them
// (every answer plus a signed token aged a minute, one new token — so one new receipt — per
// request), against the pgbench insert baseline. Afterwards the database must hold exactly
// what was acknowledged.
import type autocannon from 'autocannon';
import { DEMO_SURVEY_PATH, finalSubmitBody, receiptOnPage } from '../lib/demo-submission.js';
import { describeLoad } from '../lib/get-load.js';
import { runLoad } from '../lib/load.js';
import { againstBaseline, target } from '../lib/result.js';
import type { Scenario } from '../lib/scenario.js';
import { round } from '../lib/stats.js';
import { checkStored, settledResponseCount } from '../lib/stored-check.js';
import { BARE_POST_ID, SUBMIT_CONNECTIONS } from './bare-post.js';
import { PGBENCH_ID } from './pgbench-insert.js';

const WARMUP_SECONDS = 6;
const MEASURE_SECONDS = 15;
/** Submissions per second as a share of pgbench's single-row inserts. */
const TARGET_RATIO = 0.5;
/** A 303 (redirect to a confirmation) would be as good as the 200 confirmation page. */
const SUCCESS = [200, 303];

/** One request builder: a fresh aged token per request; receipts of confirmations go to `receipts`. */
function submissionRequests(secret: string, path: string, receipts?: string[]): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      setupRequest: (request) => ({ ...request, body: finalSubmitBody(secret) }),
      onResponse: (status, body) => {
        const receipt = status === 200 ? receiptOnPage(body) : undefined;
        if (receipt) receipts?.push(receipt);
      },
    },
  ];
}

export const submissions: Scenario = {
  title: `demo survey final submissions (${WARMUP_SECONDS} s warm-up, ~${MEASURE_SECONDS} s)`,
  async run(context) {
    const app = await context.app();
    const path = DEMO_SURVEY_PATH('en');
    const url = `${app.origin}${path}`;

    // One by hand first: a body the app refuses would otherwise be measured as fast 422s.
    const probe = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: finalSubmitBody(context.secret),
    });
    const html = await probe.text();
    if (probe.status !== 200 || !receiptOnPage(html)) {
      const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
      throw new Error(`a final submit answered ${probe.status} (${title}), not a confirmation with a receipt`);
    }

    const warm = await runLoad({
      url,
      connections: SUBMIT_CONNECTIONS,
      durationSeconds: WARMUP_SECONDS,
      requests: submissionRequests(context.secret, path),
      successStatuses: SUCCESS,
    });

    // A fixed number of requests rather than a fixed time: at the end of a timed run autocannon
    // drops requests in flight, which the app may still store — rows would then exceed the
    // acknowledged count for a reason that is not the app's. Sized from the warmed-up rate.
    const amount = Math.max(SUBMIT_CONNECTIONS * 10, Math.round(warm.secondHalfRps * MEASURE_SECONDS));
    const rowsBefore = await settledResponseCount(context.databaseUrl);
    const receipts: string[] = [];
    const stats = await runLoad({
      url,
      connections: SUBMIT_CONNECTIONS,
      amount,
      requests: submissionRequests(context.secret, path, receipts),
      successStatuses: SUCCESS,
      serverCpuSeconds: app.cpuSeconds,
    });
    const stored = await checkStored({
      databaseUrl: context.databaseUrl,
      secret: context.secret,
      rowsBefore,
      successes: stats.successes,
      receipts,
    });

    const value = round(stats.rps);
    const baseline = againstBaseline(value, context.result(PGBENCH_ID));
    const verified = stored.problems.length === 0 ? 'verified' : 'NOT verified';
    const barePost = context.result(BARE_POST_ID);
    return [
      {
        id: 'submissions',
        name: 'Demo survey final submissions',
        value,
        unit: 'submissions/s',
        p50: round(stats.p50, 2),
        p99: round(stats.p99, 2),
        ...baseline,
        target: target('ratio', TARGET_RATIO, baseline.ratio ?? 0),
        notes:
          `${(value / barePost.value).toFixed(2)}× the bare Fastify POST row; ` +
          `${amount} requests, each with its own aged token and a ${finalSubmitBody(context.secret).length}-byte body; ` +
          `${describeLoad(stats)}. Acknowledged = stored ${verified}: ${stored.rowsAdded} rows added, ` +
          `${stored.receiptsStored} of ${stored.receiptsShown} receipts found.`,
        ...(stored.problems.length > 0 ? { problems: stored.problems } : {}),
        details: {
          ...stats,
          amount,
          warmup: { seconds: warm.seconds, rps: warm.rps, secondHalfRps: warm.secondHalfRps },
          stored,
        },
      },
    ];
  },
};
