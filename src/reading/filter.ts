// The accounts list's filters, as they travel in the query string (so a list can be bookmarked,
// shared, and put in a board paper's footnote), and back. A value that is not one a filter can
// take (a day that does not exist, a language the service does not ship, a malformed id) is
// dropped and named, never turned into a query that fails: the reader sees which filter was
// ignored and why the list is wider than they asked.
import { isCalendarDay } from '../dates/calendar-day.js';
import { RESPONSE_CHANNELS, RESPONSE_STATUSES, type ResponseChannel, type ResponseStatus } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import { isLocaleCode, type LocaleCode } from '../i18n/locales.js';
import { AGE_BANDS, ETHNIC_GROUPS } from '../surveys/about-you.js';
import { SLUG_PATTERN } from '../surveys/definition.js';
import { PREFER_NOT } from '../surveys/model.js';

export interface AccountFilter {
  survey?: string;
  from?: string;
  to?: string;
  locale?: LocaleCode;
  channel?: ResponseChannel;
  organisation?: string;
  session?: string;
  /** A review round's id: the accounts in it. */
  round?: string;
  ethnicGroup?: string;
  ageBand?: string;
  status?: ResponseStatus;
  /** `yes`: a safeguarding flag is open on the account; `no`: none is. */
  flagged?: 'yes' | 'no';
  /** `yes`: a finished English translation exists; `no`: written in another language and not yet translated. */
  translated?: 'yes' | 'no';
  /** The search box, as typed (trimmed). */
  q?: string;
}

/** Query-string name of each filter. */
export const FILTER_PARAMS = {
  survey: 'survey',
  from: 'from',
  to: 'to',
  locale: 'locale',
  channel: 'channel',
  organisation: 'organisation',
  session: 'session',
  round: 'round',
  ethnicGroup: 'ethnic_group',
  ageBand: 'age_band',
  status: 'status',
  flagged: 'flagged',
  translated: 'translated',
  q: 'q',
} as const satisfies Record<keyof AccountFilter, string>;

export const ETHNIC_GROUP_FILTERS = [...ETHNIC_GROUPS.map((group) => group.key), PREFER_NOT];
export const AGE_BAND_FILTERS = [...AGE_BANDS, PREFER_NOT];
export const SEARCH_MAX_LENGTH = 200;

const VALID: { [K in keyof AccountFilter]-?: (value: string) => boolean } = {
  survey: (v) => SLUG_PATTERN.test(v),
  from: isCalendarDay,
  to: isCalendarDay,
  locale: isLocaleCode,
  channel: (v) => (RESPONSE_CHANNELS as readonly string[]).includes(v),
  organisation: (v) => isUuid(v),
  session: (v) => isUuid(v),
  round: (v) => isUuid(v),
  ethnicGroup: (v) => ETHNIC_GROUP_FILTERS.includes(v),
  ageBand: (v) => AGE_BAND_FILTERS.includes(v),
  status: (v) => (RESPONSE_STATUSES as readonly string[]).includes(v),
  flagged: (v) => v === 'yes' || v === 'no',
  translated: (v) => v === 'yes' || v === 'no',
  q: (v) => v.length <= SEARCH_MAX_LENGTH && !v.includes('\u0000'),
};

export interface ParsedFilter {
  filter: AccountFilter;
  /** Query-string names of values that were given but could not be used. */
  ignored: string[];
}

/** The filter a query string asks for. A repeated parameter counts once (its first value). */
export function parseFilter(query: Record<string, unknown>): ParsedFilter {
  const filter: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [key, param] of Object.entries(FILTER_PARAMS) as [keyof AccountFilter, string][]) {
    const raw = query[param];
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (typeof first !== 'string') continue;
    const value = first.trim();
    if (value === '') continue;
    if (VALID[key](value)) filter[key] = value;
    else ignored.push(param);
  }
  return { filter: filter as AccountFilter, ignored };
}

/** The query string that asks for `filter` (and any extra parameters, such as a page key). */
export function filterQuery(filter: AccountFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, param] of Object.entries(FILTER_PARAMS) as [keyof AccountFilter, string][]) {
    const value = filter[key];
    if (value) params.set(param, value);
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function hasFilter(filter: AccountFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined);
}
