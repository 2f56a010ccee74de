// One account, as staff who may read accounts see it: every answer through the presenter, in
// the reader's language, and for an account given in another language each chosen option as
// the resident read it too. Personal details found in free text are shown as [phone number] and
// the like, except to the safeguarding lead. Partners never reach this page (its access), and
// every view is written to the audit log.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { answersOf, findAccount } from '../../../accounts/find.js';
import { type PresentOptions, presentAccount } from '../../../accounts/present.js';
import { notFound } from '../../../errors/app-error.js';
import { isLocaleCode, type LocaleCode, localeInfo } from '../../../i18n/locales.js';
import type { PersonalDetailKind } from '../../../pii/scan.js';
import { filterQuery, parseFilter } from '../../../reading/filter.js';
import { neighbours } from '../../../reading/list.js';
import { readingScope, scopeAllows } from '../../../reading/scope.js';
import { READERS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { actorOf, renderStaff, signedIn } from '../context.js';

interface AccountRoute {
  Params: { id: string };
}

export default async function accountViewRoutes(app: FastifyInstance): Promise<void> {
  const presentIn = (request: FastifyRequest, locale: LocaleCode, unredacted: boolean): PresentOptions => ({
    locale,
    text: app.translatorFor(locale),
    redaction: unredacted ? 'off' : 'on',
    detailLabel: (kind: PersonalDetailKind) => `[${request.t(`staff:pii.${kind}`)}]`,
    writeIns: 'show',
  });

  app.get<AccountRoute>('/accounts/:id', { config: { access: READERS } }, async (request, reply) => {
    const { id } = request.params;
    const account = await findAccount(app.db, id);
    const staff = signedIn(request);
    const scope = readingScope(staff.user);
    // An account outside the reader's scope is answered as one that does not exist.
    if (!account || !scopeAllows(scope, account)) throw notFound();
    // The list's filter travels with the reader, so previous and next stay within it.
    const { filter } = parseFilter((request.query ?? {}) as Record<string, unknown>);
    const around = await neighbours(app.db, filter, scope, { submittedOn: account.submittedOn, id });
    const listQuery = filterQuery(filter);
    const unredacted = staff.user.roles.includes('safeguarding');
    const entry = await app.surveys.get(account.surveySlug);
    const stored = await answersOf(app.db, id);
    const own = isLocaleCode(account.locale) ? account.locale : undefined;
    const rows = entry ? presentAccount(entry.survey, stored, presentIn(request, request.locale, unredacted)) : [];
    const asSeen =
      entry && own && own !== request.locale
        ? presentAccount(entry.survey, stored, presentIn(request, own, unredacted))
        : [];
    await audit(app.db, {
      actor: actorOf(staff),
      action: 'response_viewed',
      targetType: 'response',
      targetId: id,
      details: { unredacted },
    });
    return renderStaff(request, reply, 'review/account', {
      title: request.t('staff:response.title'),
      response: account,
      answerLang: own,
      answerDir: own ? localeInfo(own).dir : undefined,
      unredacted,
      listHref: `/staff/accounts${listQuery}`,
      newerHref: around.newer ? `/staff/accounts/${around.newer}${listQuery}` : undefined,
      olderHref: around.older ? `/staff/accounts/${around.older}${listQuery}` : undefined,
      rows: rows.map((row, i) => {
        const seen = asSeen[i];
        return {
          question: row.question,
          // Typed words are in the resident's language; chosen options are labels in the reader's.
          typed: row.choices === undefined,
          answer: row.answer,
          asSeen: row.choices !== undefined && seen && seen.answer !== row.answer ? seen.answer : undefined,
          writeIn: row.writeIn,
        };
      }),
    });
  });

  // The address before accounts had one name everywhere; links in old notes still use it.
  app.get<AccountRoute>('/responses/:id', { config: { access: READERS } }, async (request, reply) =>
    reply.code(301).redirect(`/staff/accounts/${encodeURIComponent(request.params.id)}`),
  );
}
