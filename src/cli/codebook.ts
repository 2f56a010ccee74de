// `codebook import|export`: a survey's codebook to and from a REFI-QDA .qdc file from the shell,
// for a team bringing its codebook from NVivo, ATLAS.ti, MAXQDA or QualCoder, or taking it there.
// An import is one transaction: a file with any problem is refused, naming it, and nothing of it
// is kept.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../db/migrate.js';
import { codebookFile } from '../review/codebook-export.js';
import { importCodebook } from '../review/codebook-import.js';
import { CODEBOOK_FILE_MAX_BYTES, CodebookFileError, readCodebook } from '../review/qdc-read.js';
import { findSurvey } from '../surveys/repository.js';
import type { Command } from './commands.js';

const USAGE = [
  'npm run cli -- codebook import --survey SLUG FILE.qdc',
  'npm run cli -- codebook export --survey SLUG --out FILE.qdc',
].join('\n');

export const codebookCommand: Command = {
  summary: "bring a survey's codebook in from a REFI-QDA .qdc file, or write it out as one",
  usage: USAGE,
  options: { help: { type: 'boolean' }, survey: { type: 'string' }, out: { type: 'string' } },
  async run({ db, args, options, out }) {
    const [action, file] = args;
    const slug = typeof options.survey === 'string' ? options.survey : '';
    if ((action !== 'import' && action !== 'export') || slug === '') {
      out.write(`${USAGE}\n`);
      return 1;
    }
    await migrateToLatest(db as Kysely<unknown>);
    const survey = await findSurvey(db, slug);
    if (!survey) {
      out.write(`There is no survey "${slug}". npm run cli -- list-surveys shows them.\n`);
      return 1;
    }
    if (action === 'export') {
      const target = typeof options.out === 'string' ? options.out : '';
      if (target === '') {
        out.write(`Name the file to write: ${USAGE.split('\n')[1]}\n`);
        return 1;
      }
      const xml = await codebookFile(db, survey.surveyId);
      if (xml === undefined) {
        out.write(`The codebook of ${slug} has no codes yet: a .qdc file needs at least one.\n`);
        return 1;
      }
      writeFileSync(target, xml);
      out.write(`Wrote the codebook of ${slug} to ${target}.\n`);
      return 0;
    }
    if (!file) {
      out.write(`Name the file to import: ${USAGE.split('\n')[0]}\n`);
      return 1;
    }
    try {
      if (statSync(file).size > CODEBOOK_FILE_MAX_BYTES) {
        throw new CodebookFileError(`The file is larger than ${CODEBOOK_FILE_MAX_BYTES / 1024 / 1024} MB.`);
      }
      const book = readCodebook(readFileSync(file, 'utf8'));
      const summary = await db
        .transaction()
        .execute((trx) => importCodebook(trx, book, { surveyId: survey.surveyId, by: null }));
      out.write(
        `Imported ${file} into the codebook of ${slug}: ${summary.added} codes added, ${summary.changed} changed, ` +
          `${summary.unchanged} already the same; its sets became ${summary.themesAdded} new candidate themes ` +
          `(${summary.themesChanged} themes changed).\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof CodebookFileError) {
        out.write(`${file} was not imported, and nothing of it was kept: ${error.message}\n`);
        return 1;
      }
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        out.write(`${file}: no such file.\n`);
        return 1;
      }
      throw error;
    }
  },
};
