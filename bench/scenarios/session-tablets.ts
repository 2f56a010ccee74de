// Row: the assisted-session check. 30 tablets in one community centre share one internet
// connection (one address) and submit for a minute under one session's join code, against an
// app with the default per-address limit (30 submissions in ten minutes). Joined submissions
// are limited per session, not per address, so none may be refused; and every acknowledged one
// must be stored. Each tablet sends one account every two seconds — far faster than a
// facilitator types — so the minute holds several hundred submissions through one address.
import { setTimeout as sleep } from 'node:timers/promises';
import { startApp } from '../lib/app-server.js';
import { DEMO_SURVEY_PATH, finalSubmitBody, receiptOnPage } from '../lib/demo-submission.js';
import type { Scenario } from '../lib/scenario.js';
import { queryOnce } from '../lib/scratch-database.js';
import { percentile, round } from '../lib/stats.js';
import { checkStored, settledResponseCount } from '../lib/stored-check.js';

const TABLETS = 30;
const SECONDS = 60;
const PAUSE_MS = 2000;
const JOIN_CODE = 'TABS23';

async function createAssistedSession(databaseUrl: string): Promise<void> {
  await queryOnce(
    databaseUrl,
    "insert into organisations (name) values ('Bench community centre') on conflict do nothing",
  );
  await queryOnce(
    databaseUrl,
    `insert into assisted_sessions (title, held_on, venue, organisation_id, format, survey_id, languages, join_code)
     select 'Bench drop-in', current_date, 'Community centre', o.id, 'drop_in', s.id, '{en,so}', $1
     from organisations o, surveys s where o.name = 'Bench community centre' and s.slug = 'your-experience'
     on conflict (join_code) do nothing`,
    [JOIN_CODE],
  );
}

export const sessionTablets: Scenario = {
  title: `${TABLETS} tablets through one address under one session code for ${SECONDS} s`,
  async run(context) {
    // Its own app, with the per-address limit as shipped: the point is that it does not bite.
    const app = await startApp({
      databaseUrl: context.databaseUrl,
      secret: context.secret,
      env: { SUBMISSIONS_PER_ADDRESS: '30' },
    });
    context.onCleanup(() => app.stop());
    await createAssistedSession(context.databaseUrl);
    const url = `${app.origin}${DEMO_SURVEY_PATH('so')}`;
    const rowsBefore = await settledResponseCount(context.databaseUrl);
    const receipts: string[] = [];
    const latencies: number[] = [];
    const refusals: Record<string, number> = {};
    let errors = 0;
    const deadline = Date.now() + SECONDS * 1000;

    const tablet = async (index: number) => {
      // Spread the tablets' first submissions over the pause, as people arrive.
      await sleep((PAUSE_MS / TABLETS) * index);
      while (Date.now() < deadline) {
        const started = performance.now();
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `${finalSubmitBody(context.secret)}&_session=${JOIN_CODE}`,
          });
          const html = await res.text();
          const receipt = res.status === 200 ? receiptOnPage(html) : undefined;
          if (receipt) {
            receipts.push(receipt);
            latencies.push(performance.now() - started);
          } else refusals[res.status] = (refusals[res.status] ?? 0) + 1;
        } catch {
          errors++;
        }
        await sleep(PAUSE_MS);
      }
    };
    await Promise.all(Array.from({ length: TABLETS }, (_, i) => tablet(i)));
    await settledResponseCount(context.databaseUrl);
    const stored = await checkStored({
      databaseUrl: context.databaseUrl,
      secret: context.secret,
      rowsBefore,
      successes: receipts.length,
      receipts,
    });
    const { rows } = await queryOnce<{ n: string }>(
      context.databaseUrl,
      'select count(*) as n from responses r join assisted_sessions s on s.id = r.session_id where s.join_code = $1',
      [JOIN_CODE],
    );
    const refused = Object.values(refusals).reduce((a, b) => a + b, 0);
    const problems = [...stored.problems];
    if (refused > 0) problems.push(`${refused} submissions refused: ${JSON.stringify(refusals)}`);
    if (errors > 0) problems.push(`${errors} requests failed to connect`);
    latencies.sort((a, b) => a - b);
    return [
      {
        id: 'session-tablets',
        name: `${TABLETS} tablets, one address, one session code, ${SECONDS} s`,
        value: refused,
        unit: 'refusals',
        p50: round(percentile(latencies, 0.5), 2),
        p99: round(percentile(latencies, 0.99), 2),
        notes:
          `${receipts.length} submissions acknowledged (${round(receipts.length / SECONDS, 1)}/s) through one address whose own ` +
          `limit is 30 per ten minutes; ${refused} refused, ${errors} connection errors; ${stored.rowsAdded} rows added, ` +
          `${stored.receiptsStored} of ${stored.receiptsShown} receipts found, ${rows[0]?.n ?? 0} linked to the session.`,
        ...(problems.length > 0 ? { problems } : {}),
        details: { tablets: TABLETS, seconds: SECONDS, pauseMs: PAUSE_MS, refusals, errors, stored },
      },
    ];
  },
};
