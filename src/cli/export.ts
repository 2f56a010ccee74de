// `export`: accounts to a file from the shell, as /staff/exports gives them, streamed in constant
// memory, with the data dictionary written beside it (FILE.dictionary.csv). `--as EMAIL` names the
// staff user the export is audited as, whose roles limit it; without it the export is audited as
// the shell and holds what an analyst's would. A progress count on a terminal, one line at the end.

import { once } from 'node:events';
import { createWriteStream, writeFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../db/migrate.js';
import type { Role } from '../db/schema.js';
import { accountsExport, dictionaryCsv, ExportRefused } from '../export/run-export.js';
import { EXPORT_FORMATS, type ExportFormat } from '../export/writers.js';
import { isLocaleCode } from '../i18n/locales.js';
import { createI18n } from '../i18n/resources.js';
import { parseFilter } from '../reading/filter.js';
import { findUserByEmail } from '../staff/users.js';
import { interfaceTextFrom, SurveyCatalog } from '../surveys/catalog.js';
import type { Command } from './commands.js';

const USAGE =
  'npm run cli -- export --survey SLUG --format csv|xlsx|jsonl --out FILE [--labels LOCALE] [--locale L] [--channel C] [--from DAY] [--to DAY] [--as EMAIL]';

export const exportCommand: Command = {
  summary: 'export accounts to CSV, XLSX or JSON Lines, with a data dictionary beside the file',
  usage: USAGE,
  options: {
    help: { type: 'boolean' },
    survey: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    labels: { type: 'string' },
    locale: { type: 'string' },
    channel: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    as: { type: 'string' },
  },
  async run({ db, handle, config, options, out }) {
    const format = String(options.format ?? 'csv');
    const target = typeof options.out === 'string' ? options.out : '';
    if (
      typeof options.survey !== 'string' ||
      !(EXPORT_FORMATS as readonly string[]).includes(format) ||
      target === ''
    ) {
      out.write(`Usage: ${USAGE}\n`);
      return 1;
    }
    const labels = typeof options.labels === 'string' && isLocaleCode(options.labels) ? options.labels : 'en';
    const { filter, ignored } = parseFilter(options as Record<string, unknown>);
    if (ignored.length > 0) {
      out.write(`Not a valid value for: ${ignored.join(', ')}\n`);
      return 1;
    }
    await migrateToLatest(db as Kysely<unknown>);
    let roles: readonly Role[] = ['analyst'];
    let actor: { id: string; email: string } | undefined;
    if (typeof options.as === 'string') {
      const user = await findUserByEmail(db, options.as);
      if (!user || user.disabled) {
        out.write(`There is no active staff user ${options.as}.\n`);
        return 1;
      }
      roles = user.roles;
      actor = { id: user.id, email: user.email };
    }
    const i18n = await createI18n();
    const surveys = new SurveyCatalog(db, interfaceTextFrom(i18n));
    const deps = {
      db,
      handle: handle ?? {},
      secret: config.secret,
      surveys,
      i18n,
    };
    const terminal = (out as NodeJS.WriteStream).isTTY === true;
    const started = process.hrtime.bigint();
    const file = createWriteStream(target);
    let bytes = 0;
    let rows = 0;
    try {
      for await (const chunk of accountsExport(deps, {
        slug: options.survey,
        format: format as ExportFormat,
        filter,
        labels,
        roles,
        actor,
        onRow: () => {
          rows += 1;
          if (terminal && rows % 1000 === 0) out.write(`\r${rows.toLocaleString('en-GB')} accounts`);
        },
      })) {
        bytes += Buffer.byteLength(chunk);
        if (!file.write(chunk)) await once(file, 'drain');
      }
    } catch (error) {
      file.destroy();
      if (error instanceof ExportRefused) {
        out.write(`Nothing exported: ${error.message}.\n`);
        return 1;
      }
      throw error;
    }
    file.end();
    await once(file, 'finish');
    writeFileSync(`${target}.dictionary.csv`, await dictionaryCsv(deps, options.survey, labels));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (terminal) out.write('\n');
    out.write(
      `Exported ${rows.toLocaleString('en-GB')} accounts of ${options.survey} to ${target} (${format}, ${(bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s; the data dictionary is ${target}.dictionary.csv.\n`,
    );
    return 0;
  },
};
