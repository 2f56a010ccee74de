// The accounts list's view model: the filter form with every choice labelled in the reader's
// language, the rows (first words redacted), the total, and links to the pages either side that
// keep the filter. Thin templates: everything the page says is worked out here.
import type { FastifyRequest } from 'fastify';
import { RESPONSE_CHANNELS, RESPONSE_STATUSES } from '../../../db/schema.js';
import { isLocaleCode, LOCALES, localeInfo } from '../../../i18n/locales.js';
import type { PersonalDetailKind } from '../../../pii/scan.js';
import type { AccountTotal } from '../../../reading/count.js';
import { excerptOf } from '../../../reading/excerpt.js';
import {
  type AccountFilter,
  AGE_BAND_FILTERS,
  ETHNIC_GROUP_FILTERS,
  FILTER_PARAMS,
  filterQuery,
  hasFilter,
  SEARCH_MAX_LENGTH,
} from '../../../reading/filter.js';
import type { FilterChoices } from '../../../reading/filter-choices.js';
import { type AccountPage, formatKey } from '../../../reading/list.js';
import type { ReadingScope } from '../../../reading/scope.js';
import { MAX_TERMS } from '../../../reading/search.js';
import { ROUND_ADD_MAX, type Round, roundState } from '../../../review/rounds.js';
import { PREFER_NOT, type Survey } from '../../../surveys/model.js';

export interface AccountsListInput extends FilterChoices {
  filter: AccountFilter;
  ignored: string[];
  droppedTerms: number;
  scope: ReadingScope;
  page: AccountPage;
  /** Undefined for a search not counted (count.ts says why). */
  total: AccountTotal | undefined;
  surveyOf: Map<string, Survey | undefined>;
  /** The review rounds the reader may choose in the filter (all, or a reviewer's own). */
  rounds: Round[];
  today: string;
  /** The reader keeps review rounds, and may add the matching accounts to one. */
  addToRounds: boolean;
  /** What the page was sent back after (`?done=…`). */
  done?: string;
}

interface Choice {
  value: string;
  text: string;
  selected: boolean;
}

const choices = (values: readonly string[], chosen: string | undefined, label: (value: string) => string): Choice[] =>
  values.map((value) => ({ value, text: label(value), selected: value === chosen }));

export function accountsListModel(request: FastifyRequest, input: AccountsListInput) {
  const t = (key: string, options?: Record<string, unknown>) => request.t(key, options);
  const { filter, page } = input;
  const preferNot = t('common.preferNotToSay');
  const detailLabel = (kind: PersonalDetailKind) => `[${t(`staff:pii.${kind}`)}]`;
  const here = (extra: Record<string, string>) => `/staff/accounts${filterQuery(filter, extra)}`;
  const filtered = hasFilter(filter);
  // A search not counted, whose matches all fit on this page, is counted by the page.
  const total = input.total ?? (page.next || page.previous ? undefined : { count: page.rows.length, more: false });

  const rows = page.rows.map((row) => {
    const survey = input.surveyOf.get(row.surveyVersionId);
    const own = isLocaleCode(row.locale) ? localeInfo(row.locale) : undefined;
    return {
      href: `/staff/accounts/${row.id}${filterQuery(filter)}`,
      submittedOn: row.submittedOn,
      language: own ? t(`staff:accounts.languages.${own.code}`) : row.locale,
      lang: own?.code,
      dir: own?.dir,
      channel: t(`staff:sessions.channels.${row.channel}`),
      status: t(`staff:accounts.statuses.${row.status}`),
      flagged: row.flagged ? t('staff:accounts.flaggedShort') : undefined,
      // English accounts need none.
      translation:
        row.locale === 'en' ? '' : t(row.translated ? 'staff:translations.done' : 'staff:accounts.translated.no'),
      excerpt: survey ? excerptOf(survey, row.answers, detailLabel) : '',
    };
  });

  return {
    title: t('staff:accounts.title'),
    filter,
    searchMax: SEARCH_MAX_LENGTH,
    filtered,
    clearHref: '/staff/accounts',
    scopeNote:
      input.scope.kind === 'languages'
        ? t('staff:accounts.scopeLanguages', {
            languages: input.scope.locales.map((code) => t(`staff:accounts.languages.${code}`)).join(', '),
          })
        : undefined,
    scopeNone: input.scope.kind === 'none',
    scopeRounds: input.scope.kind === 'rounds' && input.rounds.length > 0,
    scopeNoRounds: input.scope.kind === 'rounds' && input.rounds.length === 0,
    flaggedNotice: input.done === 'flagged' ? t('staff:rounds.flaggedAway') : undefined,
    // Reviewers never see a flagged account, so the choice would say nothing to them.
    showFlaggedFilter: input.scope.kind !== 'rounds',
    rounds: input.rounds.map((round) => ({
      value: round.id,
      text: round.name,
      selected: round.id === filter.round,
    })),
    addToRound: addToRoundModel(input, total),
    ignored: input.ignored.map((param) => t(`staff:accounts.filters.${paramLabel(param)}`)),
    droppedTerms: input.droppedTerms > 0 ? t('staff:accounts.droppedTerms', { max: MAX_TERMS }) : undefined,
    totalText: !total
      ? t('staff:accounts.totalUncounted')
      : total.more
        ? t('staff:accounts.totalMore', { count: total.count.toLocaleString('en-GB') })
        : t(total.count === 1 ? 'staff:accounts.totalOne' : 'staff:accounts.total', {
            count: total.count.toLocaleString('en-GB'),
          }),
    countAllHref: !total || total.more ? here({ count: 'all' }) : undefined,
    surveys: input.surveys.map((s) => ({
      value: s.slug,
      text: s.title,
      selected: s.slug === filter.survey,
    })),
    locales: choices(
      LOCALES.map((l) => l.code),
      filter.locale,
      (code) => t(`staff:accounts.languages.${code}`),
    ),
    channels: choices(RESPONSE_CHANNELS, filter.channel, (c) => t(`staff:sessions.channels.${c}`)),
    translatedChoices: choices(['yes', 'no'], filter.translated, (v) => t(`staff:accounts.translated.${v}`)),
    flaggedChoices: choices(['yes', 'no'], filter.flagged, (v) => t(`staff:accounts.flagged.${v}`)),
    statuses: choices(RESPONSE_STATUSES, filter.status, (s) => t(`staff:accounts.statuses.${s}`)),
    organisations: input.organisations.map((o) => ({
      value: o.id,
      text: o.name,
      selected: o.id === filter.organisation,
    })),
    sessions: input.sessions.map((s) => ({
      value: s.id,
      text: `${s.title} (${s.held_on})`,
      selected: s.id === filter.session,
    })),
    ethnicGroups: choices(ETHNIC_GROUP_FILTERS, filter.ethnicGroup, (key) =>
      key === PREFER_NOT ? preferNot : t(`aboutYou.ethnicGroup.groups.${key}`),
    ),
    ageBands: choices(AGE_BAND_FILTERS, filter.ageBand, (band) =>
      band === PREFER_NOT ? preferNot : t(`aboutYou.ageBand.options.${band}`),
    ),
    rows,
    nextHref: page.next ? here({ after: formatKey(page.next) }) : undefined,
    previousHref: page.previous ? here({ before: formatKey(page.previous) }) : undefined,
    firstHref: page.previous ? here({}) : undefined,
  };
}

/** The form that puts every account the list matches in a review round that has not closed. */
function addToRoundModel(input: AccountsListInput, total: AccountTotal | undefined) {
  const open = input.rounds.filter((round) => roundState(round, input.today) !== 'closed');
  if (!input.addToRounds || open.length === 0 || total?.count === 0) return undefined;
  const fields = (Object.entries(FILTER_PARAMS) as [keyof AccountFilter, string][])
    .filter(([key]) => input.filter[key] !== undefined)
    .map(([key, name]) => ({ name, value: input.filter[key] as string }));
  return {
    action: '/staff/rounds/add',
    fields,
    // Not counted (a search): the form says "these accounts", and the round's own add counts them.
    count: total ? `${total.more ? 'more than ' : ''}${total.count.toLocaleString('en-GB')}` : undefined,
    tooMany: total !== undefined && (total.more || total.count > ROUND_ADD_MAX),
    max: ROUND_ADD_MAX.toLocaleString('en-GB'),
    choices: open.map((round) => ({ value: round.id, text: `${round.name} (${round.opensOn} – ${round.closesOn})` })),
  };
}

/** The filter's label key for a query-string name (`ethnic_group` → `ethnicGroup`). */
function paramLabel(param: string): string {
  const entry = Object.entries(FILTER_PARAMS).find(([, name]) => name === param);
  return entry ? entry[0] : param;
}
