// Scaling out from nothing: three app processes started at the same moment on one empty
// database all come up; the migrations run exactly once (Kysely's lock); the demo survey is
// installed exactly once; and residents can submit to every instance, with a receipt from one
// instance opening on another (nothing lives in a process).
import t from 'tap';
import { migrations } from '../migrations/index.js';
import { type AppProcess, describeCounts, launchApp, stage, summariseLogs } from './support/app-process.js';
import { appSettings, postgresSkip } from './support/env.js';
import { newSubmission, shownReceipt, surveyPath, walkToCheck } from './support/journey.js';
import { lookUpReceipts, readStored, schemaFacts } from './support/verify.js';

const INSTANCES = 3;
const ROUNDS = 2;
const SUBMISSIONS_PER_INSTANCE = 20;

const skip = await postgresSkip();
const oncePerMigration = Object.fromEntries(Object.keys(migrations).map((name) => [name, 1]));

t.test(`${INSTANCES} instances started at once on an empty database (${ROUNDS} rounds)`, { skip }, async (t) => {
  for (let round = 1; round <= ROUNDS; round++) {
    await t.test(`round ${round}`, async (t) => {
      const { cleanup, databaseUrl, client } = await stage(t, { maxSockets: 20 });
      const settings = appSettings(databaseUrl);
      const apps: AppProcess[] = await Promise.all(
        Array.from({ length: INSTANCES }, () => launchApp(cleanup, settings)),
      );
      const readyMs = await Promise.all(apps.map((app) => app.ready(60_000)));
      t.comment(`ready after ${readyMs.map((ms) => `${Math.round(ms)} ms`).join(', ')}`);
      t.equal(new Set(apps.map((app) => app.port)).size, INSTANCES, 'each on its own port');

      const facts = await schemaFacts(databaseUrl);
      t.same(facts.migrations, oncePerMigration, 'each migration recorded exactly once in kysely_migration');
      t.equal(facts.lockRows, 1, 'one row in kysely_migration_lock');
      t.equal(facts.demoSurveys, 1, 'the demo survey exists exactly once');
      t.equal(facts.demoVersions, 1, 'with exactly one version');

      // Residents on every instance, several at a time.
      const receipts: { instance: number; receipt: string; hash: string }[] = [];
      const problems: string[] = [];
      await Promise.all(
        apps.map(async (app, instance) => {
          const checkFields = await walkToCheck(client, app.url, instance % 2 === 0 ? 'en' : 'so');
          await Promise.all(
            Array.from({ length: SUBMISSIONS_PER_INSTANCE }, async (_, i) => {
              const locale = i % 2 === 0 ? 'en' : 'ar';
              const submission = newSubmission(checkFields);
              const reply = await client.post(app.url + surveyPath(locale), submission.form);
              if (reply.status === 200 && shownReceipt(reply.body) === submission.receipt) {
                receipts.push({ instance, receipt: submission.receipt, hash: submission.hash });
              } else {
                problems.push(`instance ${instance + 1} /${locale}: ${reply.status}`);
              }
            }),
          );
        }),
      );
      t.same(problems, [], 'every submission to every instance was acknowledged');
      for (let instance = 0; instance < INSTANCES; instance++) {
        t.equal(
          receipts.filter((r) => r.instance === instance).length,
          SUBMISSIONS_PER_INSTANCE,
          `instance ${instance + 1} acknowledged all ${SUBMISSIONS_PER_INSTANCE}`,
        );
      }
      const stored = await readStored(databaseUrl);
      t.ok(
        receipts.every((r) => stored.hashes.has(r.hash)),
        'every acknowledged submission is stored',
      );
      t.equal(stored.hashes.size, receipts.length, 'and nothing else');

      // Each receipt typed into the next instance along.
      for (const [instance, app] of apps.entries()) {
        const from = receipts.filter((r) => r.instance === (instance + 1) % INSTANCES).map((r) => r.receipt);
        const lookups = await lookUpReceipts(client, app.url, from, { atLeast: from.length, budgetMs: 0 });
        t.same(lookups.failures, [], `instance ${instance + 1} opens the receipts another instance gave`);
      }

      const exits = await Promise.all(apps.map((app) => app.stop()));
      t.same(
        exits.map((exit) => exit.code),
        apps.map(() => 0),
        'every instance shuts down cleanly',
      );
      for (const [instance, app] of apps.entries()) {
        const logs = summariseLogs(app.spawned.stdout() + app.spawned.stderr());
        t.comment(`instance ${instance + 1} log: ${describeCounts(logs.counts)}`);
        t.same(logs.serverErrors, [], `instance ${instance + 1} logged no failures`);
        t.same(logs.other, [], `instance ${instance + 1} printed nothing but log lines`);
      }
    });
  }
});
