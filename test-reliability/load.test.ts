// Promise 4 under load: fifty residents pressing Send at once for thirty seconds against the
// real service process on real Postgres. Every acknowledged submission (a 200 page showing
// its receipt) must be in the database with all its answers, every receipt must open its
// status page, and nothing may fail on the server side.
import t from 'tap';
import { describeCounts, launchApp, stage, summariseLogs } from './support/app-process.js';
import { appSettings, postgresSkip } from './support/env.js';
import { ANSWERED_QUESTIONS, walkToCheck } from './support/journey.js';
import { Ledger, latencies, runLoad } from './support/load.js';
import { compare, lookUpReceipts, readStored, spread } from './support/verify.js';

const SUBMITTERS = 50;
const DURATION_MS = 30_000;
/** Receipts always typed back in; more follow while the lookup budget lasts. */
const RECEIPT_SAMPLE = 50;
const LOOKUP_BUDGET_MS = 20_000;

const skip = await postgresSkip();

t.test(`${SUBMITTERS} residents pressing Send for ${DURATION_MS / 1000} s`, { skip }, async (t) => {
  const { cleanup, databaseUrl, client } = await stage(t, { maxSockets: SUBMITTERS + 10 });
  const app = await launchApp(cleanup, appSettings(databaseUrl));
  t.comment(`app ready ${Math.round(await app.ready())} ms after spawn`);
  const checkFields = await walkToCheck(client, app.url, 'en');

  const ledger = new Ledger();
  const elapsedMs = await runLoad({
    client,
    baseUrl: () => app.url,
    checkFields,
    ledger,
    submitters: SUBMITTERS,
    maxMs: DURATION_MS,
    maxPerSubmitter: 20_000,
  });
  const acknowledged = ledger.acknowledged();
  t.comment(
    `${acknowledged.length} acknowledged in ${(elapsedMs / 1000).toFixed(1)} s = ` +
      `${Math.round(acknowledged.length / (elapsedMs / 1000))} submissions/s with ${SUBMITTERS} submitters; ` +
      `latency ${latencies(acknowledged)}`,
  );
  t.comment(ledger.summary());
  t.ok(acknowledged.length >= SUBMITTERS, 'the service acknowledged submissions');
  t.equal(ledger.serverErrors(), 0, 'no 5xx at all');
  t.equal(ledger.count('unavailable'), 0, 'no "could not save" page while the database is up');
  t.equal(ledger.count('unexpected'), 0, `every answer was the confirmation page ${ledger.problems.join(' | ')}`);
  t.equal(ledger.count('no-answer'), 0, 'every request was answered');

  const stored = await readStored(databaseUrl);
  const result = compare(ledger, stored);
  t.comment(`acknowledged ${result.acknowledged}, stored ${result.stored}, lost ${result.lost.length}`);
  t.same(
    result.lost.slice(0, 10).map((a) => a.receipt),
    [],
    `every acknowledged receipt is in responses.receipt_hash (${result.lost.length} missing)`,
  );
  t.equal(result.stored, result.acknowledged, 'the database holds exactly the acknowledged submissions');
  t.equal(result.unexplained, 0, 'no stored receipt that no one was given');
  t.equal(stored.minAnswers, ANSWERED_QUESTIONS, `every stored account has all ${ANSWERED_QUESTIONS} answers (fewest)`);
  t.equal(stored.maxAnswers, ANSWERED_QUESTIONS, 'and no more (most)');
  t.equal(stored.wrongStory, 0, 'every stored account holds the text exactly as typed');

  // A spread sample first (guaranteed), then every other receipt while the budget lasts.
  const sample = spread(acknowledged, RECEIPT_SAMPLE);
  const chosen = new Set(sample);
  const order = [...sample, ...acknowledged.filter((a) => !chosen.has(a))].map((a) => a.receipt);
  const lookups = await lookUpReceipts(client, app.url, order, {
    atLeast: RECEIPT_SAMPLE,
    budgetMs: LOOKUP_BUDGET_MS,
  });
  t.comment(
    `receipt look-ups: ${lookups.checked} of ${order.length} checked in ${(lookups.ms / 1000).toFixed(1)} s` +
      (lookups.checked < order.length ? ` (the rest skipped after ${LOOKUP_BUDGET_MS / 1000} s)` : ' (all)'),
  );
  t.ok(lookups.checked >= Math.min(RECEIPT_SAMPLE, order.length), 'at least the sample was looked up');
  t.same(lookups.failures.slice(0, 10), [], `every receipt opens its status page (${lookups.failures.length} failed)`);

  t.notOk(app.spawned.hasExited(), 'the app process is still running');
  const exit = await app.stop();
  t.equal(exit.code, 0, 'and shuts down cleanly');
  const logs = summariseLogs(app.spawned.stdout() + app.spawned.stderr());
  t.comment(`app log: ${describeCounts(logs.counts)}`);
  t.same(logs.serverErrors, [], 'the app logged no request failures');
  t.same(logs.other, [], 'nothing but log lines on stdout/stderr (no stack traces, no warnings)');
});
