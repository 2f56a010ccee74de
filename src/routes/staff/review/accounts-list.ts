// /staff/accounts: every account a reader may see, newest first, a page at a time, with filters
// and a search box that live in the query string. The handler parses, asks reading/list.ts, and
// hands the view model (accounts-list-model.ts) to the template.

import type { FastifyInstance } from 'fastify';
import { londonDate } from '../../../accounts/file.js';
import { redactionChangesOf, withRedactions } from '../../../accounts/redactions.js';
import { countAccounts, countAccountsUpTo, LIST_TOTAL_UP_TO } from '../../../reading/count.js';
import { filterQuery, parseFilter } from '../../../reading/filter.js';
import { filterChoicesReader } from '../../../reading/filter-choices.js';
import { listAccounts, parseKey } from '../../../reading/list.js';
import { readingScope } from '../../../reading/scope.js';
import { parseSearch } from '../../../reading/search.js';
import { roundsFor } from '../../../review/rounds.js';
import { allows, EXPORTERS, READERS } from '../../../staff/access.js';
import { renderStaff, signedIn } from '../context.js';
import { accountsListModel } from './accounts-list-model.js';
import { ROUND_KEEPER_ROLES } from './round-membership.js';

export default async function accountsListRoutes(app: FastifyInstance): Promise<void> {
  const filterChoices = filterChoicesReader(app.db);
  app.get('/accounts', { config: { access: READERS } }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const { filter, ignored } = parseFilter(query);
    const after = parseKey(query.after);
    const before = after ? undefined : parseKey(query.before);
    if (query.after !== undefined && !after) ignored.push('after');
    if (query.before !== undefined && !after && !before) ignored.push('before');
    const { user } = signedIn(request);
    const today = londonDate();
    const scope = readingScope(user, today);
    const keepsRounds = user.roles.some((role) => ROUND_KEEPER_ROLES.includes(role));
    const [page, total, choices, rounds] = await Promise.all([
      listAccounts(app.db, { filter, scope, after, before }),
      // The exact total of a wide filter or a search costs a scan of much of the table: only when asked for.
      query.count === 'all'
        ? countAccounts(app.db, filter, scope).then((count) => ({ count, more: false }))
        : filter.q && parseSearch(filter.q).terms.length > 0
          ? undefined
          : countAccountsUpTo(app.db, filter, scope, LIST_TOTAL_UP_TO),
      filterChoices(),
      // A reviewer chooses among their own rounds; those who keep rounds among all of them.
      scope.kind === 'rounds' ? roundsFor(app.db, { reviewerId: user.id }) : keepsRounds ? roundsFor(app.db) : [],
    ]);
    const changes = await redactionChangesOf(
      app.db,
      page.rows.map((row) => row.id),
    );
    for (const row of page.rows) row.answers = withRedactions(row.answers, changes.get(row.id));
    const surveyOf = new Map(
      await Promise.all(
        [...new Set(page.rows.map((row) => row.surveyVersionId))].map(
          async (versionId) => [versionId, await app.surveys.version(versionId)] as const,
        ),
      ),
    );
    return renderStaff(request, reply, 'review/accounts', {
      ...accountsListModel(request, {
        filter,
        ignored,
        droppedTerms: filter.q ? parseSearch(filter.q).dropped : 0,
        scope,
        page,
        total,
        surveyOf,
        ...choices,
        rounds,
        today,
        addToRounds: keepsRounds,
        done: typeof query.done === 'string' ? query.done : undefined,
      }),
      // The same filter, to a file (exports/index.ts), for those who export.
      exportHref: allows(EXPORTERS, user.roles) ? `/staff/exports${filterQuery(filter)}` : undefined,
    });
  });
}
