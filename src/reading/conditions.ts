// The accounts list's conditions: what a filter and a reader's scope ask of an account, as SQL
// the list's page, its count and a review round's "add by filter" share. Every condition has an
// index behind it (migration 2026_12_03_02_accounts_list); bench/reading-room.ts records the plans.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AccountFilter } from './filter.js';
import { inReviewerScope, openFlagOn } from './round-scope.js';
import type { ReadingScope } from './scope.js';
import { containsPattern, parseSearch, type SearchTerm } from './search.js';

export type Responses = ExpressionBuilder<Database, 'responses'>;

export function searchCondition(eb: Responses, term: SearchTerm): Expression<SqlBool> {
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
export function translatedOn(eb: Responses) {
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
export function conditions(eb: Responses, filter: AccountFilter, scope: ReadingScope): Expression<SqlBool>[] {
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
