// Putting accounts in a review round and taking them out. From the accounts list, every account
// its filter matches (the filter travels in the form as hidden fields, so what is added is what
// the analyst was looking at); from the reading view, one account. Each change is audited with
// the filter or the account, never any of the account's words.
import type { FastifyInstance } from 'fastify';
import { londonDate } from '../../../accounts/file.js';
import { findAccount } from '../../../accounts/find.js';
import { notFound } from '../../../errors/app-error.js';
import { filterQuery, parseFilter } from '../../../reading/filter.js';
import { addAccount, addAccountsByFilter, findRound, removeAccount } from '../../../review/rounds.js';
import { ROUND_KEEPERS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { actorOf, signedIn } from '../context.js';

interface RoundRoute {
  Params: { id: string };
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

export default async function roundAccountsRoutes(app: FastifyInstance): Promise<void> {
  /** The account a form names, if it exists and has not been withdrawn. */
  async function accountNamed(value: unknown) {
    const account = typeof value === 'string' ? await findAccount(app.db, value) : undefined;
    return account && account.status !== 'withdrawn' ? account : undefined;
  }

  app.post('/add', { config: { access: ROUND_KEEPERS } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const into = first(body.into);
    const round = typeof into === 'string' ? await findRound(app.db, into) : undefined;
    if (!round) throw notFound();
    const actor = actorOf(signedIn(request));
    const today = londonDate();

    if (body.account !== undefined) {
      const account = await accountNamed(first(body.account));
      if (!account) throw notFound();
      await app.db.transaction().execute(async (trx) => {
        if (await addAccount(trx, round.id, account.responseId, today)) {
          await audit(trx, {
            actor,
            action: 'review_round_accounts_added',
            targetType: 'review_round',
            targetId: round.id,
            details: { account: account.responseId },
          });
        }
      });
      return reply.code(303).redirect(`/staff/accounts/${account.responseId}?done=added_to_round`);
    }

    // Values the list would have ignored are ignored here too; what is left is what it showed.
    const { filter } = parseFilter(body);
    const result = await app.db.transaction().execute(async (trx) => {
      const added = await addAccountsByFilter(trx, round.id, filter, today);
      if (added.kind === 'added' && added.added > 0) {
        await audit(trx, {
          actor,
          action: 'review_round_accounts_added',
          targetType: 'review_round',
          targetId: round.id,
          details: { filter: filterQuery(filter), matched: added.matched, added: added.added },
        });
      }
      return added;
    });
    return reply
      .code(303)
      .redirect(
        result.kind === 'too_many'
          ? `/staff/rounds/${round.id}?refused=${result.matched}`
          : `/staff/rounds/${round.id}?added=${result.added}&matched=${result.matched}`,
      );
  });

  app.post<RoundRoute>('/:id/remove', { config: { access: ROUND_KEEPERS } }, async (request, reply) => {
    const round = await findRound(app.db, request.params.id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const accountId = first(body.account);
    const account = typeof accountId === 'string' ? await findAccount(app.db, accountId) : undefined;
    if (!round || !account) throw notFound();
    await app.db.transaction().execute(async (trx) => {
      if (await removeAccount(trx, round.id, account.responseId)) {
        await audit(trx, {
          actor: actorOf(signedIn(request)),
          action: 'review_round_account_removed',
          targetType: 'review_round',
          targetId: round.id,
          details: { account: account.responseId },
        });
      }
    });
    return reply.code(303).redirect(`/staff/accounts/${account.responseId}?done=removed_from_round`);
  });
}
