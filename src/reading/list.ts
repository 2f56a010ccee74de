// The accounts list: a page of accounts, newest first, matching a filter, within what the reader
// may see (how many match is count.ts's). Pages are read from a key, the (date, id) of the last row
// seen, never an offset: accounts arriving while someone reads neither repeat nor push rows off
// a page, and page 2,000 costs what page 1 does. The conditions are conditions.ts's.
import { type Kysely, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database, ResponseChannel, ResponseStatus } from '../db/schema.js';
import { conditions, searchCondition, translatedOn } from './conditions.js';
import type { AccountFilter } from './filter.js';
import { openFlagOn } from './round-scope.js';
import type { ReadingScope } from './scope.js';
import { parseSearch } from './search.js';

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

export interface ListRequest {
  filter: AccountFilter;
  scope: ReadingScope;
  /** Rows after this key (older), or before it (newer); neither for the first page. */
  after?: PageKey;
  before?: PageKey;
  size?: number;
  /** For tests: the search's window (SEARCH_WINDOW). */
  window?: number;
}

/** The rows a page's request asks for, in the list's order, with no columns chosen yet. */
function orderedRows(db: Kysely<Database>, request: ListRequest, limit: number) {
  const backwards = request.before !== undefined && request.after === undefined;
  const key = backwards ? request.before : request.after;
  const direction = backwards ? 'asc' : 'desc';
  return db
    .selectFrom('responses')
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
    .limit(limit);
}

/**
 * How many of the newest accounts matching the rest of the filter a search reads first. The
 * planner cannot tell how many accounts contain part of a word (trigram estimates are rough; whole
 * words and phrases have statistics of their own and are left to it), so for a
 * common word it reads every match and sorts them, where walking the list's index newest first
 * would have found a page of them in a few hundred rows. Reading this window first makes the
 * common case cheap; when the window holds less than a page of matches, the search runs over
 * everything as before (a rare word: its index finds the few matches quickly). Either way the
 * page is the same: the newest matches, since every candidate newer than the window's last is
 * in the window.
 */
export const SEARCH_WINDOW = 2000;

/** A search's page from the window of newest candidates (see SEARCH_WINDOW). */
function windowedRows(db: Kysely<Database>, request: ListRequest, limit: number) {
  const { q, ...rest } = request.filter;
  const terms = parseSearch(q ?? '').terms;
  const backwards = request.before !== undefined && request.after === undefined;
  const direction = backwards ? 'asc' : 'desc';
  // Only what the search and the order need: the window may be sorted, and narrow rows sort in memory.
  const candidates = orderedRows(db, { ...request, filter: rest }, request.window ?? SEARCH_WINDOW).select([
    'responses.id',
    'responses.submitted_on',
    'responses.search_text',
  ]);
  // The window keeps the table's name, so the search's conditions apply as written.
  const window = db.selectFrom(candidates.as('responses')) as unknown as SelectQueryBuilder<
    Database,
    'responses',
    object
  >;
  const matches = window
    .select('responses.id')
    .where((eb) => eb.and(terms.map((term) => searchCondition(eb, term))))
    .orderBy('responses.submitted_on', direction)
    .orderBy('responses.id', direction)
    .limit(limit);
  // The page's own rows, read whole by their ids.
  return db
    .selectFrom('responses')
    .where('responses.id', 'in', matches)
    .orderBy('responses.submitted_on', direction)
    .orderBy('responses.id', direction);
}

/** Whether the search has part of a word in it: the terms whose matches the planner cannot estimate. */
const searchesParts = (filter: AccountFilter) => parseSearch(filter.q ?? '').terms.some((term) => term.kind === 'part');

/** The page's columns, on the rows of either way of reading a page. */
function withColumns(rows: SelectQueryBuilder<Database, 'responses', object>) {
  return rows.select([
    'responses.id',
    'responses.submitted_on as submittedOn',
    'responses.locale',
    'responses.channel',
    'responses.status',
    'responses.survey_version_id as surveyVersionId',
    'responses.answers',
    (eb) => openFlagOn(eb).as('flagged'),
    (eb) => translatedOn(eb).as('translated'),
  ]);
}

/** The list's query, unexecuted (the bench explains it): the whole filter, newest first. */
export function listQuery(db: Kysely<Database>, request: ListRequest) {
  // One row more than a page: whether there is another page.
  return withColumns(orderedRows(db, request, (request.size ?? PAGE_SIZE) + 1));
}

/** A search's first attempt, unexecuted: the page from the window (see SEARCH_WINDOW). */
export function windowedListQuery(db: Kysely<Database>, request: ListRequest) {
  return withColumns(windowedRows(db, request, (request.size ?? PAGE_SIZE) + 1));
}

/** The page's rows: from the window when that holds a page of matches, else from everything. */
async function pageRows(db: Kysely<Database>, request: ListRequest) {
  const size = request.size ?? PAGE_SIZE;
  if (searchesParts(request.filter)) {
    const windowed = await windowedListQuery(db, request).execute();
    if (windowed.length > size) return windowed;
  }
  return listQuery(db, request).execute();
}

export async function listAccounts(db: Kysely<Database>, request: ListRequest): Promise<AccountPage> {
  if (request.scope.kind === 'none') return { rows: [] };
  const size = request.size ?? PAGE_SIZE;
  const backwards = request.before !== undefined && request.after === undefined;
  const key = backwards ? request.before : request.after;
  const rows = await pageRows(db, request);

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

/** The accounts just before and after one, in the list's order under the same filter. */
export async function neighbours(
  db: Kysely<Database>,
  filter: AccountFilter,
  scope: ReadingScope,
  at: PageKey,
): Promise<{ newer?: string; older?: string }> {
  if (scope.kind === 'none') return {};
  // Only the ids: the reading view links to them, and reads nothing else of them.
  const [newer, older] = await Promise.all([
    orderedRows(db, { filter, scope, before: at }, 1).select('responses.id').executeTakeFirst(),
    orderedRows(db, { filter, scope, after: at }, 1).select('responses.id').executeTakeFirst(),
  ]);
  return { newer: newer?.id, older: older?.id };
}
