// One export of accounts, from the browser or the shell: who may export what (the exporter's
// roles), the rows through the file's writer, and the audit entry when it ends — who, format,
// filters and how many rows, also when the download was broken off.
import type { i18n } from 'i18next';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../db/connect.js';
import type { Database, Role } from '../db/schema.js';
import type { LocaleCode } from '../i18n/locales.js';
import type { AccountFilter } from '../reading/filter.js';
import { type AuditActor, audit } from '../staff/audit.js';
import type { SurveyCatalog } from '../surveys/catalog.js';
import { exportRows } from './account-rows.js';
import { dictionaryRows, exportColumns } from './columns.js';
import { csvLine } from './csv.js';
import { type ExportFormat, writeExport } from './writers.js';

/** Roles that export accounts: partners, reviewers and translators export nothing. */
export const EXPORTER_ROLES: readonly Role[] = ['analyst', 'safeguarding', 'admin'];

export interface ExportDeps {
  db: Kysely<Database>;
  handle: Pick<DatabaseHandle, 'cursor'>;
  secret: string;
  surveys: SurveyCatalog;
  i18n: i18n;
}

export interface ExportJob {
  slug: string;
  format: ExportFormat;
  filter: AccountFilter;
  labels: LocaleCode;
  /** The exporter's roles, which limit what the export holds. */
  roles: readonly Role[];
  /** Who the audit log names: a staff user, or the shell. */
  actor: AuditActor | undefined;
  /** Told of each account as it is written (a progress count). */
  onRow?: () => void;
}

export class ExportRefused extends Error {}

/** The file's chunks; the audit entry is written as the last chunk goes, or the reader stops. */
export async function* accountsExport(deps: ExportDeps, job: ExportJob): AsyncGenerator<string | Buffer> {
  if (!job.roles.some((role) => EXPORTER_ROLES.includes(role))) throw new ExportRefused('this role exports nothing');
  const entry = await deps.surveys.get(job.slug);
  if (!entry) throw new ExportRefused(`no survey ${job.slug}`);
  // Labels are looked up once each, not once per account (a million rows, a few dozen labels).
  const lookup = deps.i18n.getFixedT(job.labels);
  const labels = new Map<string, string>();
  const text = (key: string) => {
    let label = labels.get(key);
    if (label === undefined) {
      label = lookup(key);
      labels.set(key, label);
    }
    return label;
  };
  const staff = deps.i18n.getFixedT('en', 'staff');
  let rows = 0;
  let complete = false;
  try {
    yield* writeExport(
      job.format,
      exportRows(
        {
          db: deps.db,
          handle: deps.handle,
          secret: deps.secret,
          survey: entry.survey,
          version: (versionId) => deps.surveys.version(versionId),
          text,
          detailLabel: (kind) => `[${staff(`pii.${kind}`)}]`,
        },
        {
          filter: { ...job.filter, survey: job.slug },
          scope: { kind: 'all' },
          includeFlagged: job.roles.includes('safeguarding'),
          labels: job.labels,
        },
      ),
      () => {
        rows += 1;
        job.onRow?.();
      },
    );
    complete = true;
  } finally {
    await audit(deps.db, {
      actor: job.actor,
      action: 'accounts_exported',
      details: {
        survey: job.slug,
        format: job.format,
        filter: job.filter,
        labels: job.labels,
        rows,
        complete,
        by: job.actor ? 'staff' : 'shell',
      },
    });
  }
}

/** The data dictionary of a survey's export, as CSV. */
export async function dictionaryCsv(
  deps: Pick<ExportDeps, 'surveys'>,
  slug: string,
  labels: LocaleCode,
): Promise<string> {
  const entry = await deps.surveys.get(slug);
  if (!entry) throw new ExportRefused(`no survey ${slug}`);
  const rows = dictionaryRows(entry.survey, exportColumns(entry.survey), labels);
  return `\uFEFF${rows.map(csvLine).join('')}`;
}
