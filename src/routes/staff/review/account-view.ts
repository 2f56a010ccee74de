// One account, as staff who may read accounts see it: every answer through the presenter, in
// the reader's language, and for an account given in another language each chosen option as
// the resident read it too. Personal details found in free text are shown as [phone number] and
// the like, except to the safeguarding lead. Partners never reach this page (its access), and
// every view is written to the audit log. Below the answers: the account's safeguarding history
// and a form for any reader to flag it for the safeguarding lead (flag-form.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountDocument } from '../../../accounts/document.js';
import { londonDate } from '../../../accounts/file.js';
import { findAccountToRead } from '../../../accounts/find.js';
import { type PresentedAnswer, type PresentOptions, presentAccount } from '../../../accounts/present.js';
import { redactionChangesOf, withRedactions } from '../../../accounts/redactions.js';
import { codingsOfAccount } from '../../../coding/codings.js';
import { notFound } from '../../../errors/app-error.js';
import { isLocaleCode, type LocaleCode, localeInfo } from '../../../i18n/locales.js';
import type { PersonalDetailKind } from '../../../pii/scan.js';
import { atGroupLevel } from '../../../reading/ethnic-group-level.js';
import { filterQuery, parseFilter } from '../../../reading/filter.js';
import { neighbours } from '../../../reading/list.js';
import { mayRead } from '../../../reading/round-scope.js';
import { readingScope } from '../../../reading/scope.js';
import { codesOf } from '../../../review/codebook.js';
import { addMemo, memosOn } from '../../../review/memos.js';
import { roundsAroundAccount } from '../../../review/rounds.js';
import { flagHistory, raiseFlag } from '../../../safeguarding/flags.js';
import { allows, CODERS, READERS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { ANALYSIS_LOCALE, translationsOf } from '../../../translation/repository.js';
import { actorOf, formErrors, renderStaff, signedIn } from '../context.js';
import { memoFrom, memosModel } from '../memo-form.js';
import { translationStatusText } from '../translations/status.js';
import type { AccountRoute, Shown } from './account-routes.js';
import { type CodingContext, codingFormsModel, codingsListModel } from './coding-model.js';
import codingRoutes from './codings.js';
import { flagForm, flagFormModel, flagHistoryModel } from './flag-form.js';
import { HIDES, hiddenSpansModel, hideFormModel } from './redaction-form.js';
import redactionRoutes from './redactions.js';
import { ROUND_KEEPER_ROLES, roundMembershipModel } from './round-membership.js';

/** The notices a redirect after a change asks for (`?done=…`). */
const NOTICES: Record<string, string> = {
  flagged: 'staff:safeguarding.flagged',
  hidden: 'staff:redaction.hidden',
  shown: 'staff:redaction.shown',
  added_to_round: 'staff:rounds.addedOne',
  removed_from_round: 'staff:rounds.removedOne',
  coded: 'staff:coding.coded',
  uncoded: 'staff:coding.removed',
  coding_gone: 'staff:coding.gone',
  memo: 'staff:memos.added',
};

export default async function accountViewRoutes(app: FastifyInstance): Promise<void> {
  const presentIn = (request: FastifyRequest, locale: LocaleCode, unredacted: boolean): PresentOptions => ({
    locale,
    text: app.translatorFor(locale),
    redaction: unredacted ? 'off' : 'on',
    detailLabel: (kind: PersonalDetailKind) => `[${request.t(`staff:pii.${kind}`)}]`,
    writeIns: 'show',
  });

  /** The account the request names, if the reader may read it; otherwise a 404 as for no account. */
  async function readable(request: FastifyRequest<AccountRoute>) {
    const account = await findAccountToRead(app.db, request.params.id);
    const staff = signedIn(request);
    const today = londonDate();
    const scope = readingScope(staff.user, today);
    if (!account || !(await mayRead(app.db, scope, account))) throw notFound();
    return { account, staff, scope, today };
  }

  async function showAccount(request: FastifyRequest<AccountRoute>, reply: FastifyReply, shown: Shown = {}) {
    const { id } = request.params;
    const { account, staff, scope, today } = await readable(request);
    const unredacted = staff.user.roles.includes('safeguarding');
    // A community reviewer reads the account, not what the council's staff did about it.
    const reviewer = scope.kind === 'rounds';
    const keepsRounds = staff.user.roles.some((role) => ROUND_KEEPER_ROLES.includes(role));
    const codes = allows(CODERS, staff.user.roles);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const onlyMine = query.codings === 'mine';
    // The list's filter travels with the reader, so previous and next stay within it.
    const { filter } = parseFilter((request.query ?? {}) as Record<string, unknown>);
    const listQuery = filterQuery(filter);
    const [survey, around, flags, translations, changes, rounds, codebook, codings, memos] = await Promise.all([
      // The questions as this account's own version asked them.
      app.surveys.version(account.surveyVersionId),
      neighbours(app.db, filter, scope, { submittedOn: account.submittedOn, id }),
      flagHistory(app.db, id),
      translationsOf(app.db, id),
      redactionChangesOf(app.db, [id]),
      keepsRounds ? roundsAroundAccount(app.db, id, today) : Promise.resolve(undefined),
      codes ? codesOf(app.db, account.surveyId) : Promise.resolve([]),
      codes ? codingsOfAccount(app.db, id, onlyMine ? staff.user.id : undefined) : Promise.resolve([]),
      codes ? memosOn(app.db, 'account', id) : Promise.resolve(undefined),
      audit(app.db, {
        actor: actorOf(staff),
        action: 'response_viewed',
        targetType: 'response',
        targetId: id,
        details: { unredacted },
      }),
    ]);
    // The scanner's redaction with the changes made by hand (accounts/redactions.ts).
    const stored = withRedactions(account.answers, changes.get(id));
    const own = isLocaleCode(account.locale) ? account.locale : undefined;
    // Everyone but admins reads the ethnic group at the five-group level (ethnic-group-level.ts).
    const detail = staff.user.roles.includes('admin');
    const level = (answers: PresentedAnswer[], locale: LocaleCode) =>
      detail ? answers : atGroupLevel(answers, stored, app.translatorFor(locale));
    const rows = survey
      ? level(presentAccount(survey, stored, presentIn(request, request.locale, unredacted)), request.locale)
      : [];
    const asSeen =
      survey && own && own !== request.locale
        ? level(presentAccount(survey, stored, presentIn(request, own, unredacted)), own)
        : [];
    const errors = [...(shown.errors ?? []), ...(shown.memo?.errors ?? [])];
    // Staff pages are in English: the English translation stands beside the resident's words.
    const translation = translations.find((t) => t.targetLocale === ANALYSIS_LOCALE);
    const texts = translation?.texts ?? {};
    const coding: CodingContext | undefined =
      codes && survey && stored
        ? {
            request,
            responseId: id,
            document: stored as AccountDocument,
            own,
            translations: new Map(translation ? [[ANALYSIS_LOCALE, texts]] : []),
            codes: codebook,
            codings,
            unredacted,
            typed: shown.codingTyped,
            userId: staff.user.id,
            removesAnyones: staff.user.roles.includes('admin'),
          }
        : undefined;
    const codingForms = coding && survey ? codingFormsModel(coding, survey) : undefined;
    return renderStaff(request, reply.code(errors.length ? 422 : 200), 'review/account', {
      title: request.t('staff:response.title'),
      // Select-to-code, where there is something to code (everything works without it).
      scriptHref: codingForms?.size && codebook.length ? app.staffScriptHref : undefined,
      errors,
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
          translated: row.choices === undefined ? texts[row.questionId]?.value : undefined,
          coding: codingForms?.get(row.questionId),
          writeInTranslated: row.writeIn ? texts[row.questionId]?.writeIn : undefined,
        };
      }),
      translationStatus: translationStatusText(request, translation),
      codings: coding
        ? {
            onlyMine,
            items: codingsListModel(
              coding,
              (questionId) => rows.find((r) => r.questionId === questionId)?.question ?? questionId,
            ),
            mineHref: `/staff/accounts/${id}?codings=mine#codings-heading`,
            everyoneHref: `/staff/accounts/${id}#codings-heading`,
            codebookHref: `/staff/codebook?survey=${encodeURIComponent(account.surveySlug)}`,
            hasCodes: codebook.some((code) => !code.retired && !code.mergedInto),
          }
        : undefined,
      translateHref:
        own && own !== ANALYSIS_LOCALE && staff.user.roles.some((r) => r === 'translator' || r === 'admin')
          ? `/staff/translations/${id}`
          : undefined,
      flags: reviewer ? [] : flagHistoryModel(request, flags, { notes: unredacted }),
      memos:
        memos && account.answers !== null ? memosModel(memos, `/staff/accounts/${id}/memos`, shown.memo) : undefined,
      rounds:
        rounds && account.answers !== null
          ? roundMembershipModel(request, id, rounds.inRounds, rounds.stillOpen, today)
          : undefined,
      flagForm: account.answers === null ? undefined : flagFormModel(request, id, shown.typed, errors),
      hideForm:
        survey && stored && staff.user.roles.some((role) => HIDES.includes(role))
          ? hideFormModel(request, id, survey, stored as AccountDocument, shown.hideTyped, errors)
          : undefined,
      hidden:
        survey && stored && unredacted ? hiddenSpansModel(request, id, survey, stored as AccountDocument) : undefined,
      notice: NOTICES[String((request.query as Record<string, unknown>)?.done)]
        ? request.t(NOTICES[String((request.query as Record<string, unknown>)?.done)] as string)
        : undefined,
    });
  }

  app.get<AccountRoute>('/accounts/:id', { config: { access: READERS } }, (request, reply) =>
    showAccount(request, reply),
  );

  await app.register(redactionRoutes, { readable, showAccount });
  await app.register(codingRoutes, { readable, showAccount });

  app.post<AccountRoute>('/accounts/:id/memos', { config: { access: CODERS } }, async (request, reply) => {
    const { account, staff } = await readable(request);
    if (account.answers === null) throw notFound();
    const memo = memoFrom(request);
    if ('shown' in memo) return showAccount(request, reply, { memo: memo.shown });
    await addMemo(app.db, { kind: 'account', targetId: account.responseId, authorId: staff.user.id, body: memo.body });
    return reply.code(303).redirect(`/staff/accounts/${account.responseId}?done=memo#memos-heading`);
  });

  app.post<AccountRoute>('/accounts/:id/flags', { config: { access: READERS } }, async (request, reply) => {
    const { account, staff, scope } = await readable(request);
    // A withdrawn account has nothing left to flag.
    if (account.answers === null) throw notFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = flagForm.safeParse(body);
    if (!parsed.success) {
      return showAccount(request, reply, {
        errors: formErrors(request, parsed.error.issues),
        typed: {
          category: typeof body.category === 'string' ? body.category : undefined,
          reason: typeof body.reason === 'string' ? body.reason : undefined,
        },
      });
    }
    await app.db.transaction().execute(async (trx) => {
      const flagId = await raiseFlag(trx, {
        responseId: account.responseId,
        category: parsed.data.category,
        reason: parsed.data.reason,
        raisedBy: staff.user.id,
        raisedOn: londonDate(),
      });
      await audit(trx, {
        actor: actorOf(staff),
        action: 'safeguarding_flag_raised',
        targetType: 'safeguarding_flag',
        targetId: flagId,
        details: { response: account.responseId, category: parsed.data.category },
      });
    });
    // A reviewer no longer reads an account once it is flagged: back to their list, which says so.
    if (scope.kind === 'rounds') return reply.code(303).redirect('/staff/accounts?done=flagged');
    return reply.code(303).redirect(`/staff/accounts/${account.responseId}?done=flagged`);
  });

  // The address before accounts had one name everywhere; links in old notes still use it.
  app.get<AccountRoute>('/responses/:id', { config: { access: READERS } }, async (request, reply) =>
    reply.code(301).redirect(`/staff/accounts/${encodeURIComponent(request.params.id)}`),
  );
}
