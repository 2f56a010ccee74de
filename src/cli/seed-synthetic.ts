// `seed-synthetic`: realistic made-up accounts for development, benches and demos, never in
// production. Every row is marked, so `--remove` takes out exactly what it put in.
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../db/migrate.js';
import { createI18n } from '../i18n/resources.js';
import { interfaceTextFrom } from '../surveys/catalog.js';
import { resolveSurvey } from '../surveys/model.js';
import { findSurvey } from '../surveys/repository.js';
import { seedCodings } from '../synthetic/codings.js';
import { removeSynthetic, seedSynthetic } from '../synthetic/seed.js';
import type { Command } from './commands.js';

const WIDTH = 30;

/** A progress bar on a terminal; nothing between lines when the output is a file or a pipe. */
function progress(out: NodeJS.WritableStream) {
  const terminal = (out as NodeJS.WriteStream).isTTY === true;
  let shown = -1;
  return (done: number, total: number) => {
    const percent = Math.floor((done / total) * 100);
    if (!terminal || percent === shown) return;
    shown = percent;
    const filled = Math.round((percent / 100) * WIDTH);
    out.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${percent}% ${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')}`,
    );
    if (done === total) out.write('\n');
  };
}

export const seedSyntheticCommand: Command = {
  summary: 'fill the database with N made-up accounts for development (never in production); --remove takes them out',
  usage: 'npm run cli -- seed-synthetic --survey your-experience [--responses N] [--codings M] [--seed S] | --remove',
  options: {
    help: { type: 'boolean' },
    survey: { type: 'string' },
    responses: { type: 'string' },
    codings: { type: 'string' },
    seed: { type: 'string' },
    remove: { type: 'boolean' },
  },
  async run({ db, config, options, out }) {
    if (config.env === 'production') {
      out.write(
        'seed-synthetic refuses to run with NODE_ENV=production: synthetic accounts must never mix with residents’.\n',
      );
      return 1;
    }
    await migrateToLatest(db as Kysely<unknown>);
    if (options.remove) {
      const removed = await removeSynthetic(db);
      out.write(
        `Removed ${removed.accounts} synthetic accounts, ${removed.sessions} sessions and ${removed.organisations} organisations.\n`,
      );
      return 0;
    }
    const count = options.responses === undefined ? 0 : Number(options.responses);
    const codings = options.codings === undefined ? 0 : Number(options.codings);
    const seed = options.seed === undefined ? 1 : Number(options.seed);
    if (
      typeof options.survey !== 'string' ||
      !Number.isInteger(count) ||
      count < 0 ||
      !Number.isInteger(codings) ||
      codings < 0 ||
      count + codings === 0 ||
      !Number.isInteger(seed)
    ) {
      out.write(`Usage: ${seedSyntheticCommand.usage}\n`);
      return 1;
    }
    const stored = await findSurvey(db, options.survey);
    if (!stored) {
      out.write(
        `No survey "${options.survey}". Import it first: npm run cli -- import-survey surveys/${options.survey}.json\n`,
      );
      return 1;
    }
    const survey = resolveSurvey(stored.definition, interfaceTextFrom(await createI18n()));
    if (count > 0) {
      const started = process.hrtime.bigint();
      const result = await seedSynthetic(db, {
        surveyId: stored.surveyId,
        surveyVersionId: stored.versionId,
        survey,
        count,
        seed,
        onProgress: progress(out),
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      out.write(
        `Seeded ${result.accounts} synthetic accounts (seed ${seed}) in ${result.sessions} sessions of ${result.organisations} organisations, in ${seconds.toFixed(1)} s.\n`,
      );
    }
    if (codings > 0) {
      const started = process.hrtime.bigint();
      const result = await seedCodings(db, {
        surveyId: stored.surveyId,
        count: codings,
        seed,
        onProgress: progress(out),
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      out.write(
        `Seeded ${result.codings} synthetic codings, and ${result.rare} more of a rare code, by ${result.coders} coders with ${result.codes} codes, and ${result.themes} themes, in ${seconds.toFixed(1)} s.\n`,
      );
    }
    return 0;
  },
};
