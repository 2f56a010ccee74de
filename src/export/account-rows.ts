// The accounts an export holds, one row each, read in key order in constant memory (db/stream.ts).
// Safe by default (issue 14, item 2): the accounts list's filter and the exporter's reading scope
// apply; withdrawn accounts are never exported; accounts with a safeguarding flag still open only
// to the safeguarding lead; write-ins never; personal details always hidden; the ethnic group at
// the five-group level. Each row carries the codes and themes its account's passages were given.
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AccountDocument } from '../accounts/document.js';
import { type PresentOptions, presentAccount } from '../accounts/present.js';
import type { DatabaseHandle } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { streamRows } from '../db/stream.js';
import type { LocaleCode } from '../i18n/locales.js';
import { conditions } from '../reading/conditions.js';
import { atGroupLevel } from '../reading/ethnic-group-level.js';
import type { AccountFilter } from '../reading/filter.js';
import { openFlagOn } from '../reading/round-scope.js';
import type { ReadingScope } from '../reading/scope.js';
import type { Survey } from '../surveys/model.js';
import { type ExportColumn, exportColumns } from './columns.js';

export interface ExportRequest {
  filter: AccountFilter;
  scope: ReadingScope;
  /** The safeguarding lead: accounts with an open flag are exported too (still redacted). */
  includeFlagged: boolean;
  /** The language labels are written in. */
  labels: LocaleCode;
}

/** An account's id as exports show it: stable for the service's secret, never the database's. */
export function opaqueAccountId(secret: string, responseId: string): string {
  return `A${createHmac('sha256', secret).update(`export-account:${responseId}`).digest('hex').slice(0, 15).toUpperCase()}`;
}

interface Row {
  id: string;
  answers: unknown;
  locale: string;
  channel: string;
  submittedOn: string;
  versionId: string;
  slug: string;
  version: number;
  organisation: string | null;
  session: string | null;
  codes: string | null;
  themes: string | null;
}

function rowsAfter(db: Kysely<Database>, request: ExportRequest, after: string | undefined) {
  let query = db
    .selectFrom('responses')
    .innerJoin('survey_versions', 'survey_versions.id', 'responses.survey_version_id')
    .innerJoin('surveys', 'surveys.id', 'survey_versions.survey_id')
    .leftJoin('assisted_sessions', 'assisted_sessions.id', 'responses.session_id')
    .leftJoin('organisations', 'organisations.id', 'assisted_sessions.organisation_id')
    .select([
      'responses.id',
      'responses.answers',
      'responses.locale',
      'responses.channel',
      'responses.submitted_on as submittedOn',
      'responses.survey_version_id as versionId',
      'surveys.slug',
      'survey_versions.version',
      'organisations.name as organisation',
      'assisted_sessions.title as session',
      sql<string | null>`(select string_agg(distinct codes.name, '; ' order by codes.name)
        from codings join codes on codes.id = codings.code_id where codings.response_id = responses.id)`.as('codes'),
      sql<string | null>`(select string_agg(distinct themes.name, '; ' order by themes.name)
        from theme_support join themes on themes.id = theme_support.theme_id
        where theme_support.response_id = responses.id and themes.status <> 'set_aside')`.as('themes'),
    ])
    .where((eb) => eb.and(conditions(eb, request.filter, request.scope)))
    // Withdrawn accounts have nothing to export, whatever the filter asks.
    .where('responses.status', '<>', 'withdrawn')
    .where('responses.answers', 'is not', null)
    .orderBy('responses.id');
  if (!request.includeFlagged) query = query.where((eb) => eb.not(openFlagOn(eb)));
  if (after) query = query.where('responses.id', '>', after);
  return query;
}

export interface ExportContext {
  db: Kysely<Database>;
  handle: Pick<DatabaseHandle, 'cursor'>;
  secret: string;
  survey: Survey;
  /** Every version's questions, for accounts given under an older version. */
  version: (versionId: string) => Promise<Survey | undefined>;
  /** Interface strings in the labels' language (`common.yes`, the five ethnic groups). */
  text: (key: string) => string;
  /** What a hidden personal detail reads as: "[phone number]". */
  detailLabel: (kind: string) => string;
}

/** The export's header and then one row of cells per account. */
export async function* exportRows(
  context: ExportContext,
  request: ExportRequest,
): AsyncGenerator<{ columns: ExportColumn[] } | { cells: string[] }> {
  const columns = exportColumns(context.survey);
  yield { columns };
  const present: PresentOptions = {
    locale: request.labels,
    text: context.text,
    redaction: 'on',
    detailLabel: context.detailLabel,
    writeIns: 'withhold',
    withheldLabel: '',
  };
  const versions = new Map<string, Survey | undefined>();
  const rows = streamRows<Row, string>(context.handle, {
    rowsAfter: (after) => rowsAfter(context.db, request, after),
    keyOf: (row) => row.id,
  });
  for await (const row of rows) {
    if (!versions.has(row.versionId)) versions.set(row.versionId, await context.version(row.versionId));
    const survey = versions.get(row.versionId) ?? context.survey;
    const document = (row.answers ?? {}) as AccountDocument;
    const presented = atGroupLevel(presentAccount(survey, document, present), document, context.text);
    const byQuestion = new Map(presented.map((answer) => [answer.questionId, answer]));
    const fixed: Record<string, string> = {
      account: opaqueAccountId(context.secret, row.id),
      survey: row.slug,
      version: String(row.version),
      locale: row.locale,
      channel: row.channel,
      organisation: row.organisation ?? '',
      session: row.session ?? '',
      submitted_on: row.submittedOn,
      codes: row.codes ?? '',
      themes: row.themes ?? '',
    };
    yield {
      cells: columns.map((column) => {
        if (column.kind === 'fixed') return fixed[column.name] ?? '';
        const answer = byQuestion.get(column.questionId);
        if (!answer) return '';
        if (column.kind === 'label') return answer.answer;
        // The code column: the stored option codes (the ethnic group at its five-group key), or
        // for typed words the words themselves with personal details hidden.
        return column.codes ? column.codes(document) : answer.answer;
      }),
    };
  }
}
