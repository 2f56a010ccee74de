// /staff/translations/{id}: an account's free text beside a box for its translation, answer by
// answer, saved as a draft or marked done. A translator opens only accounts in their languages
// (any other answers 404, as for an account that does not exist). What is typed is never lost:
// a form that cannot be saved comes back with every box as it was and the reason at the top.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountDocument } from '../../../accounts/document.js';
import { londonDate } from '../../../accounts/file.js';
import { findAccountToRead } from '../../../accounts/find.js';
import { type PresentOptions, presentAnswer } from '../../../accounts/present.js';
import { redactionChangesOf, withRedactions } from '../../../accounts/redactions.js';
import { notFound } from '../../../errors/app-error.js';
import { isLocaleCode, LOCALES, type LocaleCode, localeInfo } from '../../../i18n/locales.js';
import type { PersonalDetailKind } from '../../../pii/scan.js';
import { readingScope, scopeAllows } from '../../../reading/scope.js';
import { TRANSLATORS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import type { StaffErrorKey } from '../../../staff/error-keys.js';
import { plainText } from '../../../surveys/text.js';
import {
  type TranslatablePart,
  type TranslatedTexts,
  translatableParts,
  translatedPart,
} from '../../../translation/parts.js';
import { ANALYSIS_LOCALE, saveTranslation, translationsOf } from '../../../translation/repository.js';
import { actorOf, type FieldError, formErrors, renderStaff, signedIn } from '../context.js';
import { translationStatusText } from './status.js';

export const TRANSLATION_MAX_LENGTH = 10_000;

interface TranslateRoute {
  Params: { id: string };
}

const fieldName = (part: TranslatablePart) => `t__${part.questionId}__${part.field}`;

function targetOf(value: unknown, own: string): LocaleCode {
  return typeof value === 'string' && isLocaleCode(value) && value !== own ? value : ANALYSIS_LOCALE;
}

export default async function translateRoutes(app: FastifyInstance): Promise<void> {
  async function load(request: FastifyRequest<TranslateRoute>) {
    const account = await findAccountToRead(app.db, request.params.id);
    const staff = signedIn(request);
    if (!account || account.answers === null || !scopeAllows(readingScope(staff.user, londonDate()), account))
      throw notFound();
    const survey = await app.surveys.version(account.surveyVersionId);
    if (!survey) throw notFound();
    return { account, staff, survey, parts: translatableParts(survey, account.answers as AccountDocument) };
  }

  async function show(
    request: FastifyRequest<TranslateRoute>,
    reply: FastifyReply,
    shown: { target?: LocaleCode; typed?: TranslatedTexts; errors?: FieldError[]; notice?: string } = {},
  ) {
    const { account, survey, parts } = await load(request);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const target = shown.target ?? targetOf(query.to, account.locale);
    const saved = (await translationsOf(app.db, account.responseId)).find((t) => t.targetLocale === target);
    const texts = shown.typed ?? saved?.texts ?? {};
    const own = isLocaleCode(account.locale) ? localeInfo(account.locale) : undefined;
    const present: PresentOptions = {
      locale: 'en',
      text: app.translatorFor('en'),
      redaction: 'on',
      detailLabel: (kind: PersonalDetailKind) => `[${request.t(`staff:pii.${kind}`)}]`,
      writeIns: 'show',
    };
    const changes = await redactionChangesOf(app.db, [account.responseId]);
    const document = withRedactions(account.answers, changes.get(account.responseId)) as AccountDocument;
    const errors = shown.errors ?? [];
    const notice =
      shown.notice ??
      (query.saved === 'draft'
        ? request.t('staff:translations.savedDraft')
        : query.saved === 'done'
          ? request.t('staff:translations.savedDone')
          : undefined);
    const targetInfo = localeInfo(target);
    return renderStaff(request, reply.code(errors.length ? 422 : 200), 'translations/translate', {
      title: request.t('staff:translations.pageTitle'),
      errors,
      notice,
      intro: request.t('staff:translations.intro2', { target: request.t(`staff:accounts.languages.${target}`) }),
      action: `/staff/translations/${account.responseId}`,
      accountHref: `/staff/accounts/${account.responseId}`,
      target,
      targets: LOCALES.filter((l) => l.code !== account.locale).map((l) => ({
        value: l.code,
        text: request.t(`staff:accounts.languages.${l.code}`),
        selected: l.code === target,
      })),
      status: translationStatusText(request, saved),
      originalHeading: request.t('staff:translations.original', {
        language: own ? request.t(`staff:accounts.languages.${own.code}`) : account.locale,
      }),
      translationHeading: request.t('staff:translations.translation', {
        language: request.t(`staff:accounts.languages.${target}`),
      }),
      parts: parts.map((part) => {
        const question = survey.questions.find((q) => q.id === part.questionId);
        const shownAnswer = presentAnswer(
          survey,
          { questionId: part.questionId, answer: document[part.questionId] as never },
          present,
        );
        return {
          id: `f-${fieldName(part)}`,
          name: fieldName(part),
          label: question ? plainText(question.label, 'en', survey.defaultLocale) : part.questionId,
          original: part.field === 'writeIn' ? shownAnswer.writeIn : shownAnswer.answer,
          value: translatedPart(texts, part),
        };
      }),
      nothing: parts.length === 0,
      ownLang: own?.code,
      ownDir: own?.dir,
      targetLang: targetInfo.code,
      targetDir: targetInfo.dir,
      maxLength: TRANSLATION_MAX_LENGTH,
    });
  }

  app.get<TranslateRoute>('/:id', { config: { access: TRANSLATORS } }, (request, reply) => show(request, reply));

  app.post<TranslateRoute>('/:id', { config: { access: TRANSLATORS } }, async (request, reply) => {
    const { account, staff, parts } = await load(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const target = targetOf(body.to, account.locale);
    const done = body._action === 'done';
    const texts: TranslatedTexts = {};
    const problems: { path: string[]; message: StaffErrorKey }[] = [];
    for (const part of parts) {
      const raw = body[fieldName(part)];
      const text = typeof raw === 'string' ? raw.replaceAll('\u0000', '').trim() : '';
      if (text.length > TRANSLATION_MAX_LENGTH)
        problems.push({ path: [fieldName(part)], message: 'translation_too_long' });
      if (done && text === '') problems.push({ path: [fieldName(part)], message: 'translation_incomplete' });
      if (text !== '') texts[part.questionId] = { ...texts[part.questionId], [part.field]: text };
    }
    if (problems.length > 0) {
      // One message per kind of problem at the top, each linking to the first box it concerns.
      const first = problems.filter((p, i) => problems.findIndex((q) => q.message === p.message) === i);
      return show(request, reply, { target, typed: texts, errors: formErrors(request, first) });
    }
    await app.db.transaction().execute(async (trx) => {
      await saveTranslation(trx, {
        responseId: account.responseId,
        targetLocale: target,
        texts,
        status: done ? 'done' : 'draft',
        translatedBy: staff.user.id,
        translatedOn: londonDate(),
      });
      await audit(trx, {
        actor: actorOf(staff),
        action: 'translation_saved',
        targetType: 'response',
        targetId: account.responseId,
        details: { target, status: done ? 'done' : 'draft' },
      });
    });
    if (done) return reply.code(303).redirect(`/staff/translations/${account.responseId}?to=${target}&saved=done`);
    return reply.code(303).redirect(`/staff/translations/${account.responseId}?to=${target}&saved=draft`);
  });
}
