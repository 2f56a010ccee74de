// The accounts list: a page of accounts, newest first, matching a filter, within what the reader
// may see, and how many match in all. Pages are read from a key, the (date, id) of the last row
// seen, never an offset: accounts arriving while someone reads neither repeat nor push rows off
// a page, and page 2,000 costs what page 1 does. Every condition here has an index behind it
// (migration 2026_12_03_02_accounts_list); bench/reading-room.ts records the plans.
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database, ResponseChannel, ResponseStatus } from '../db/schema.js';
import type { AccountFilter } from './filter.js';
import { inReviewerScope, openFlagOn } from './round-scope.js';
import type { ReadingScope } from './scope.js';
import { containsPattern, parseSearch, type SearchTerm } from './search.js';

export const PAGE_SIZE = 50;

/** Where a page starts: the (date, id) of the row just before it, in either direction. */
export interface PageKey {
  submittedOn: string;
  id: string;
}

export interface ListedAccount {
  id: string;
  submittedOn: string;
  locale: string;
  channel: ResponseChannel;
  status: ResponseStatus;
  surveyVersionId: string;
  answers: unknown;
  /** A safeguarding flag is open on it. */
  flagged: boolean;
  /** A finished English translation exists. */
  translated: boolean;
}

export interface AccountPage {
  rows: ListedAccount[];
  /** The key of the page after this one, if there are more rows. */
  next?: PageKey;
  /** The key of the page before this one, if this is not the first. */
  previous?: PageKey;
}

const KEY = /^((?:19|20)\d{2}-\d{2}-\d{2})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export const formatKey = (key: PageKey) => `${key.submittedOn}_${key.id}`;

export function parseKey(value: unknown): PageKey | undefined {
  const match = typeof value === 'string' ? KEY.exec(value) : null;
  return match ? { submittedOn: match[1] as string, id: (match[2] as string).toLowerCase() } : undefined;
}

type Responses = ExpressionBuilder<Database, 'responses'>;

function searchCondition(eb: Responses, term: SearchTerm): Expression<SqlBool> {
  // The full-text expression must be written as the index is, with the configuration as a literal.
  switch (term.kind) {
    case 'part':
      return eb('responses.search_text', 'like', containsPattern(term.text));
    case 'word':
      return sql<SqlBool>`to_tsvector('simple', responses.search_text) @@ plainto_tsquery('simple', ${term.text})`;
    case 'phrase':
      return sql<SqlBool>`to_tsvector('simple', responses.search_text) @@ phraseto_tsquery('simple', ${term.text})`;
  }
}

/** Whether a finished English translation of the account exists (partial index on done ones). */
function translatedOn(eb: Responses) {
  return eb.exists(
    eb
      .selectFrom('translations')
      .select('translations.response_id')
      .whereRef('translations.response_id', '=', 'responses.id')
      .where('translations.target_locale', '=', 'en')
      .where('translations.status', '=', 'done'),
  );
}

/** Every condition of the filter and the scope, for the list and its count alike. */
function conditions(eb: Responses, filter: AccountFilter, scope: ReadingScope): Expression<SqlBool>[] {
  const all: Expression<SqlBool>[] = [];
  if (scope.kind === 'languages') all.push(eb('responses.locale', 'in', scope.locales));
  if (scope.kind === 'rounds') all.push(inReviewerScope(eb, scope));
  // Withdrawn accounts have nothing left to read; they are listed only when asked for.
  all.push(filter.status ? eb('responses.status', '=', filter.status) : eb('responses.status', '<>', 'withdrawn'));
  if (filter.survey) {
    all.push(
      eb(
        'responses.survey_version_id',
        'in',
        eb
          .selectFrom('survey_versions')
          .innerJoin('surveys', 'surveys.id', 'survey_versions.survey_id')
          .select('survey_versions.id')
          .where('surveys.slug', '=', filter.survey),
      ),
    );
  }
  if (filter.from) all.push(eb('responses.submitted_on', '>=', filter.from));
  if (filter.to) all.push(eb('responses.submitted_on', '<=', filter.to));
  if (filter.locale) all.push(eb('responses.locale', '=', filter.locale));
  if (filter.channel) all.push(eb('responses.channel', '=', filter.channel));
  if (filter.session) all.push(eb('responses.session_id', '=', filter.session));
  if (filter.organisation) {
    all.push(
      eb(
        'responses.session_id',
        'in',
        eb.selectFrom('assisted_sessions').select('id').where('organisation_id', '=', filter.organisation),
      ),
    );
  }
  if (filter.round) {
    all.push(
      eb(
        'responses.id',
        'in',
        eb.selectFrom('review_round_accounts').select('response_id').where('round_id', '=', filter.round),
      ),
    );
  }
  if (filter.ethnicGroup) all.push(eb('responses.ethnic_group', '=', filter.ethnicGroup));
  if (filter.ageBand) all.push(eb('responses.age_band', '=', filter.ageBand));
  if (filter.flagged) {
    const open = openFlagOn(eb);
    all.push(filter.flagged === 'yes' ? open : eb.not(open));
  }
  if (filter.translated === 'yes') all.push(translatedOn(eb));
  if (filter.translated === 'no') all.push(eb.and([eb('responses.locale', '<>', 'en'), eb.not(translatedOn(eb))]));
  if (filter.q) for (const term of parseSearch(filter.q).terms) all.push(searchCondition(eb, term));
  return all;
}

export interface ListRequest {
  filter: AccountFilter;
  scope: ReadingScope;
  /** Rows after this key (older), or before it (newer); neither for the first page. */
  after?: PageKey;
  before?: PageKey;
  size?: number;
}

/** The list's query, unexecuted: what listAccounts runs (and the bench explains). */
export function listQuery(db: Kysely<Database>, request: ListRequest) {
  const size = request.size ?? PAGE_SIZE;
  const backwards = request.before !== undefined && request.after === undefined;
  const key = backwards ? request.before : request.after;
  const direction = backwards ? 'asc' : 'desc';
  return db
    .selectFrom('responses')
    .select([
      'responses.id',
      'responses.submitted_on as submittedOn',
      'responses.locale',
      'responses.channel',
      'responses.status',
      'responses.survey_version_id as surveyVersionId',
      'responses.answers',
      (eb) => openFlagOn(eb).as('flagged'),
      (eb) => translatedOn(eb).as('translated'),
    ])
    .where((eb) => {
      const all = conditions(eb, request.filter, request.scope);
      if (key) {
        const row = sql`(responses.submitted_on, responses.id)`;
        const at = sql`(${key.submittedOn}::date, ${key.id}::uuid)`;
        all.push(backwards ? sql<SqlBool>`${row} > ${at}` : sql<SqlBool>`${row} < ${at}`);
      }
      return eb.and(all);
    })
    .orderBy('responses.submitted_on', direction)
    .orderBy('responses.id', direction)
    .limit(size + 1);
}

export async function listAccounts(db: Kysely<Database>, request: ListRequest): Promise<AccountPage> {
  if (request.scope.kind === 'none') return { rows: [] };
  const size = request.size ?? PAGE_SIZE;
  const backwards = request.before !== undefined && request.after === undefined;
  const key = backwards ? request.before : request.after;
  const rows = await listQuery(db, request).execute();

  const more = rows.length > size;
  // SqlBool is boolean on both drivers for exists(); said once here.
  const page: ListedAccount[] = rows
    .slice(0, size)
    .map((row) => ({ ...row, flagged: row.flagged === true, translated: row.translated === true }));
  if (backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const keyOf = (row: ListedAccount): PageKey => ({ submittedOn: row.submittedOn, id: row.id });
  const result: AccountPage = { rows: page };
  // Going forwards, there is a next page if a row was left over, and a previous one if we came from one;
  // going backwards, the other way round.
  const hasNext = backwards ? true : more;
  const hasPrevious = backwards ? more : key !== undefined;
  if (hasNext && last) result.next = keyOf(last);
  if (hasPrevious && first) result.previous = keyOf(first);
  return result;
}

/** The ids of every account the filter and scope take in, unexecuted: what a review round adds. */
export function matchingIdsQuery(db: Kysely<Database>, filter: AccountFilter, scope: ReadingScope) {
  return db
    .selectFrom('responses')
    .select('responses.id')
    .where((eb) => eb.and(conditions(eb, filter, scope)));
}

/** The count's query, unexecuted. */
export function countQuery(db: Kysely<Database>, filter: AccountFilter, scope: ReadingScope) {
  return db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) => eb.and(conditions(eb, filter, scope)));
}

export async function countAccounts(db: Kysely<Database>, filter: AccountFilter, scope: ReadingScope): Promise<number> {
  if (scope.kind === 'none') return 0;
  const row = await countQuery(db, filter, scope).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The accounts just before and after one, in the list's order under the same filter. */
export async function neighbours(
  db: Kysely<Database>,
  filter: AccountFilter,
  scope: ReadingScope,
  at: PageKey,
): Promise<{ newer?: string; older?: string }> {
  const [newer, older] = await Promise.all([
    listAccounts(db, { filter, scope, before: at, size: 1 }),
    listAccounts(db, { filter, scope, after: at, size: 1 }),
  ]);
  return { newer: newer.rows[0]?.id, older: older.rows[0]?.id };
}
