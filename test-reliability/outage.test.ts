// Promise 4 when the database goes away under residents' feet: the app's DATABASE_URL points
// at a TCP proxy that the test cuts (open connections destroyed, so failures are immediate)
// and restores, while the shared Postgres keeps running. While cut, Send answers 503 with the
// check-your-answers page in the resident's language, every answer still in the form, and a
// "could not save" notice; /readyz is 503. After the restore the same process recovers by
// itself, pressing Send again on a refused page files the account under the receipt that
// form always had, and every acknowledged submission is stored, whole.
import pg from 'pg';
import t from 'tap';
import { LOCALE_CODES } from '../src/i18n/locales.js';
import { startTcpProxy } from '../test/support/tcp-proxy.js';
import { describeCounts, launchApp, stage, summariseLogs } from './support/app-process.js';
import { appSettings, postgresSkip, viaPort } from './support/env.js';
import type { HttpClient } from './support/http.js';
import {
  ANSWERED_QUESTIONS,
  newSubmission,
  refusalProblems,
  resubmitForm,
  type Submission,
  shownReceipt,
  surveyPath,
  walkToCheck,
} from './support/journey.js';
import { Ledger, latencies, runLoad } from './support/load.js';
import { compare, lookUpReceipts, readStored, spread } from './support/verify.js';

/** pg's connectionTimeoutMillis is 3 s: a resident must hear back well within this. */
const ANSWER_BUDGET_MS = 5_000;
const RECOVERY_BUDGET_MS = 15_000;
const IN_FLIGHT = 8; // below the app's pool of 10
const SUBMITTERS = 30;

type Test = Parameters<Parameters<typeof t.test>[0]>[0];

const skip = await postgresSkip();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, budgetMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + budgetMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${budgetMs} ms`);
    await sleep(100);
  }
}

async function readyStatus(url: string): Promise<number> {
  const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(ANSWER_BUDGET_MS + 2000) });
  await res.arrayBuffer();
  return res.status;
}

t.test(
  'database outage under load: answers kept, nothing acknowledged lost, recovery without restart',
  { skip },
  async (t) => {
    const { cleanup, databaseUrl, client } = await stage(t, { maxSockets: SUBMITTERS + IN_FLIGHT + 10 });
    const target = new URL(databaseUrl);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanup.add('the TCP proxy', () => proxy.close());
    const monitor = new pg.Client({ connectionString: databaseUrl });
    await monitor.connect();
    cleanup.add('the monitoring connection', () => monitor.end());

    const app = await launchApp(cleanup, appSettings(viaPort(databaseUrl, proxy.port)));
    t.comment(`app (through the proxy) ready ${Math.round(await app.ready())} ms after spawn`);
    const checkFields = await walkToCheck(client, app.url, 'en');
    const send = (locale: string, submission: Submission) => client.post(app.url + surveyPath(locale), submission.form);

    // Refused pages to press Send on again after the restore, with the receipt each must get.
    const refused: { locale: string; page: string; submission: Submission }[] = [];

    await t.test('a cut while submissions are in flight', async (t) => {
      for (const locale of ['en', 'so']) {
        const reply = await send(locale, newSubmission(checkFields));
        t.equal(reply.status, 200, `before the cut, /${locale} submits`);
      }
      // Hold the inserts inside Postgres (a lock taken directly, not through the proxy), so
      // these requests are certainly mid-query when the connections are cut.
      const locker = new pg.Client({ connectionString: databaseUrl });
      await locker.connect();
      let locked = true;
      const unlock = async () => {
        if (!locked) return;
        locked = false;
        await locker.query('rollback').catch(() => {});
        await locker.end().catch(() => {});
      };
      cleanup.add('the table lock', unlock);
      await locker.query('begin');
      await locker.query('lock table responses in share row exclusive mode');

      const inFlight = Array.from({ length: IN_FLIGHT }, (_, i) => {
        const locale = LOCALE_CODES[i % LOCALE_CODES.length] ?? 'en';
        const submission = newSubmission(checkFields);
        // When each answer arrives, to time it from the cut.
        const reply = send(locale, submission).then((r) => ({ ...r, at: performance.now() }));
        return { locale, submission, reply };
      });
      const waiting = await until('the inserts waiting on the lock', 10_000, async () => {
        const result = await monitor.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock' and query ilike '%insert into responses%'`,
        );
        const n = result.rows[0]?.n ?? 0;
        return n >= IN_FLIGHT ? n : undefined;
      });
      t.equal(waiting, IN_FLIGHT, `${IN_FLIGHT} submissions are mid-insert`);

      const cutAt = performance.now();
      await proxy.cut('reset');
      const replies = await Promise.all(inFlight.map((f) => f.reply));
      const slowest = Math.max(...replies.map((r) => r.at - cutAt));
      t.comment(`all ${IN_FLIGHT} in-flight submissions answered within ${Math.round(slowest)} ms of the cut`);
      t.ok(slowest < ANSWER_BUDGET_MS, `answered within ${ANSWER_BUDGET_MS} ms`);
      for (const [i, reply] of replies.entries()) {
        const { locale, submission } = inFlight[i] as (typeof inFlight)[number];
        t.equal(reply.status, 503, `in flight at the cut, /${locale}: 503`);
        t.same(refusalProblems(reply.body, locale, submission.token), [], `/${locale}: the check page, answers kept`);
        t.equal(shownReceipt(reply.body), undefined, `/${locale}: no receipt was shown`);
        refused.push({ locale, page: reply.body, submission });
      }
      // Postgres still finishes those inserts once the lock goes (it does not notice the
      // client left): stored, though the resident was told otherwise. Counted below.
      await unlock();
      await until('the orphaned inserts to finish', 10_000, async () => {
        const result = await monitor.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid()
           and query ilike '%insert into responses%' and state = 'active'`,
        );
        return result.rows[0]?.n === 0 ? true : undefined;
      });
      const committed = await monitor.query<{ n: number }>(
        'select count(*)::int as n from responses where receipt_hash = any($1)',
        [inFlight.map((f) => f.submission.hash)],
      );
      t.comment(
        `${committed.rows[0]?.n} of the ${IN_FLIGHT} refused in-flight submissions were committed anyway once the lock ` +
          'was released (Postgres finishes a statement whose client vanished); sending again must not duplicate them',
      );
    });

    await t.test('while cut: every language gets its answers back; not ready; still alive', async (t) => {
      const [ready, health] = await Promise.all([readyStatus(app.url), fetch(`${app.url}/healthz`)]);
      t.equal(ready, 503, '/readyz is 503');
      t.equal(health.status, 200, '/healthz is 200 (the process is alive)');
      for (const locale of LOCALE_CODES) {
        const submission = newSubmission(checkFields);
        const reply = await send(locale, submission);
        t.equal(reply.status, 503, `/${locale}: 503`);
        t.ok(reply.ms < ANSWER_BUDGET_MS, `/${locale}: answered in ${Math.round(reply.ms)} ms`);
        t.same(
          refusalProblems(reply.body, locale, submission.token),
          [],
          `/${locale}: check page in ${locale}, answers kept`,
        );
        refused.push({ locale, page: reply.body, submission });
      }
    });

    await t.test('after the restore: recovers by itself; Send again files each refused form', async (t) => {
      const restoredAt = performance.now();
      await proxy.restore();
      const recovered = await until('a successful submission after the restore', RECOVERY_BUDGET_MS, async () => {
        const reply = await send('en', newSubmission(checkFields));
        return reply.status === 200 ? performance.now() - restoredAt : undefined;
      });
      t.comment(`first submission acknowledged ${Math.round(recovered)} ms after the restore`);
      t.equal(await readyStatus(app.url), 200, '/readyz is 200 again');
      for (const { locale, page, submission } of refused) {
        const reply = await client.post(app.url + surveyPath(locale), resubmitForm(page));
        t.equal(reply.status, 200, `Send again on the refused /${locale} page: 200`);
        t.equal(shownReceipt(reply.body), submission.receipt, `/${locale}: the receipt that form always had`);
      }
    });

    await t.test('under load: cut (reset), restore, cut (refuse), restore', async (t) => {
      const ledger = new Ledger();
      let stop = false;
      const load = runLoad({
        client,
        baseUrl: () => app.url,
        checkFields,
        ledger,
        submitters: SUBMITTERS,
        locales: LOCALE_CODES,
        maxMs: 60_000,
        maxPerSubmitter: 20_000,
        stop: () => stop,
      });
      const outages: { mode: string; cutAt: number; restoredAt: number; readiness: number[] }[] = [];
      try {
        for (const mode of ['reset', 'refuse'] as const) {
          await sleep(4_000);
          const cutAt = performance.now();
          await proxy.cut(mode);
          const readiness: number[] = [];
          for (let i = 0; i < 8; i++) {
            await sleep(500);
            readiness.push(await readyStatus(app.url).catch(() => 0));
          }
          const restoredAt = performance.now();
          await proxy.restore();
          outages.push({ mode, cutAt, restoredAt, readiness });
        }
        await sleep(4_000);
      } finally {
        stop = true;
        await load;
      }

      t.comment(ledger.summary());
      t.comment(`acknowledged latency ${latencies(ledger.acknowledged())}`);
      t.comment(`refusal latency ${latencies(ledger.attempts.filter((a) => a.outcome === 'unavailable'))}`);
      for (const [i, { mode, cutAt, restoredAt, readiness }] of outages.entries()) {
        const next = outages[i + 1]?.cutAt ?? Number.POSITIVE_INFINITY;
        const firstBack = Math.min(
          ...ledger
            .acknowledged()
            .filter((a) => a.sentAt >= restoredAt && a.endedAt < next)
            .map((a) => a.endedAt),
        );
        t.comment(
          `cut (${mode}) for ${Math.round(restoredAt - cutAt)} ms: ${ledger.count('unavailable', cutAt, restoredAt)} ` +
            `refused, ${ledger.count('acknowledged', cutAt + 100, restoredAt)} sent during it acknowledged after the restore; ` +
            `/readyz ${readiness.join(' ')}; first acknowledgement ${Math.round(firstBack - restoredAt)} ms after the restore`,
        );
        t.ok(
          readiness.every((s) => s === 503),
          `cut (${mode}): /readyz 503 throughout`,
        );
        t.ok(
          ledger.count('unavailable', cutAt, restoredAt) > 0,
          `cut (${mode}): residents were sent back their answers`,
        );
        t.ok(firstBack - restoredAt < RECOVERY_BUDGET_MS, `cut (${mode}): submissions succeed again after the restore`);
        t.ok(
          ledger.count('acknowledged', 0, cutAt) > 0 && ledger.count('acknowledged', restoredAt, next) > 0,
          `cut (${mode}): acknowledged before and after`,
        );
      }
      const claimedWithoutDatabase = ledger
        .acknowledged()
        .filter((a) => outages.some((o) => a.endedAt >= o.cutAt + 1000 && a.endedAt < o.restoredAt));
      t.equal(claimedWithoutDatabase.length, 0, 'nothing was acknowledged while the database was unreachable');
      const refusedLate = ledger.attempts.filter(
        (a) =>
          a.outcome === 'unavailable' && !outages.some((o) => a.endedAt >= o.cutAt && a.sentAt < o.restoredAt + 2000),
      );
      t.equal(refusedLate.length, 0, '503s only during an outage (or for requests sent within 2 s of its end)');
      const refusals = ledger.attempts.filter((a) => a.outcome === 'unavailable');
      t.ok(
        refusals.every((a) => a.endedAt - a.sentAt < ANSWER_BUDGET_MS),
        `every refusal answered within ${ANSWER_BUDGET_MS} ms`,
      );
      t.equal(ledger.serverErrors(), 0, 'no 5xx other than the designed 503 page');
      if (ledger.firstProblemPage) t.comment(`first wrong page:\n${ledger.firstProblemPage}`);
      t.equal(
        ledger.problemCount,
        0,
        `every 503 page kept the answers, in the right language ${ledger.problems.join(' | ')}`,
      );
      t.equal(ledger.count('unexpected'), 0, 'no other unexpected answer');
      t.equal(ledger.count('no-answer'), 0, 'every request was answered (nothing hung, nothing reset)');

      const stored = await readStored(databaseUrl);
      const result = compare(ledger, stored);
      const refusedStored = result.storedUnacknowledged.filter((a) => a.outcome === 'unavailable').length;
      t.comment(
        `under load: acknowledged ${result.acknowledged}, lost ${result.lost.length}; ` +
          `${refusedStored} refused with 503 were stored anyway (cut after the commit)`,
      );
      t.same(
        result.lost.slice(0, 10).map((a) => a.receipt),
        [],
        `every acknowledged receipt is stored (${result.lost.length} missing)`,
      );
      t.ok(
        result.storedUnacknowledged.every((a) => a.outcome === 'unavailable'),
        'anything stored without an acknowledgement was a 503 at the moment of a cut',
      );
      await verifyEverything(t, client, app.url, databaseUrl, ledger, refused);
    });

    const exitReport = await app.exitReport();
    if (exitReport) t.comment(`the app ${exitReport}`);
    t.notOk(exitReport, 'the app process never exited');
    const exit = await app.stop();
    t.equal(exit.code, 0, 'and it shuts down cleanly');
    const logs = summariseLogs(app.spawned.stdout() + app.spawned.stderr());
    t.comment(`app log: ${describeCounts(logs.counts)}`);
    t.same(logs.serverErrors, [], 'no request failed with anything but "unavailable"');
    t.same(logs.other, [], 'nothing but log lines on stdout/stderr (no crash, no stack trace)');
  },
);

/** Whole database: every account complete, receipts open, the refused-then-resent ones once each. */
async function verifyEverything(
  t: Test,
  client: HttpClient,
  baseUrl: string,
  databaseUrl: string,
  ledger: Ledger,
  refused: { submission: Submission }[],
): Promise<void> {
  const stored = await readStored(databaseUrl);
  t.equal(stored.minAnswers, ANSWERED_QUESTIONS, 'no half-written account anywhere: every one has all its answers');
  t.equal(stored.maxAnswers, ANSWERED_QUESTIONS, 'and no more');
  t.equal(stored.wrongStory, 0, 'every stored account holds the text exactly as typed');
  t.ok(
    refused.every(({ submission }) => stored.hashes.has(submission.hash)),
    `all ${refused.length} refused-then-resent forms are stored`,
  );
  const receipts = [
    ...refused.map(({ submission }) => submission.receipt),
    ...spread(ledger.acknowledged(), 50).map((a) => a.receipt),
  ];
  const lookups = await lookUpReceipts(client, baseUrl, receipts, { atLeast: receipts.length, budgetMs: 0 });
  t.same(lookups.failures, [], `${lookups.checked} receipts (resent forms and a sample) open their status page`);
}
