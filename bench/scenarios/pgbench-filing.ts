// Row: the database's share of a submission, without HTTP or the app. pgbench runs the very
// statement `fileAccount` sends (src/surveys/submit.ts: one `responses` row carrying the account
// as a JSONB document, with its indexes, foreign key and receipt-uniqueness check), with a
// document the app itself stored during the submissions row, each transaction with a new
// receipt hash. Set beside the single-row baseline it says how much of the 0.5× target the
// database work alone leaves for everything else.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPgbench } from '../lib/pgbench.js';
import { againstBaseline } from '../lib/result.js';
import type { Scenario } from '../lib/scenario.js';
import { queryOnce } from '../lib/scratch-database.js';
import { round } from '../lib/stats.js';
import { PGBENCH_ID } from './pgbench-insert.js';

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

export const pgbenchFiling: Scenario = {
  title: "pgbench running the app's filing statement (10 s)",
  async run(context) {
    await context.app();
    const { rows } = await queryOnce<{ survey_version_id: string; answers: string }>(
      context.databaseUrl,
      `select survey_version_id, answers::text as answers from responses
       where answers ? 'what_happened' order by submitted_on desc limit 1`,
    );
    const filed = rows[0];
    if (!filed) throw new Error('no filed account to copy: run after the submissions row');
    // The statement of fileAccount, with the receipt hash made fresh per transaction (and marked, to be
    // deleted afterwards).
    const statement = `insert into responses (survey_version_id, locale, channel, submitted_on, receipt_hash, session_id, answers)
values (${quote(filed.survey_version_id)}, 'en', 'online', current_date, 'pgbench-' || encode(sha256(random()::text::bytea), 'hex'), null, ${quote(filed.answers)}::jsonb)
on conflict (receipt_hash) do nothing
returning id;
`;
    const folder = await mkdtemp(join(tmpdir(), 'codka-bench-'));
    try {
      const scriptFile = join(folder, 'file-account.sql');
      await writeFile(scriptFile, statement);
      const stats = await runPgbench({
        databaseUrl: context.databaseUrl,
        scriptFile,
        clients: 8,
        threads: 2,
        seconds: 10,
      });
      // Remove what pgbench filed, so later rows count only the app's accounts.
      await queryOnce(context.databaseUrl, "delete from responses where receipt_hash like 'pgbench-%'");
      return [
        {
          id: 'pgbench-filing',
          name: "pgbench running the app's filing statement",
          value: round(stats.tps),
          unit: 'tps',
          ...againstBaseline(stats.tps, context.result(PGBENCH_ID)),
          notes: `${stats.command.replace(/-f \S+/, '-f <fileAccount statement>')}, ${stats.transactions} transactions, ${stats.failed} failed, mean latency ${stats.latencyMs} ms, whole machine ${stats.machineCpuMs.toFixed(3)} ms CPU per transaction; a ${filed.answers.length}-byte account document.`,
          details: { ...stats, documentBytes: filed.answers.length },
        },
      ];
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  },
};
