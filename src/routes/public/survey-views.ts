// Rendering the steps of a survey: start, a question page, check your answers, confirmation.
// Every step carries the answers given so far, so nothing is stored until the final Send.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatSessionCode } from '../../assisted-sessions/session-code.js';
import { contactForText } from '../../i18n/bidi.js';
import { type FormValues, fieldsOf, hiddenFields, isVisible, keepVisible } from '../../surveys/answers.js';
import type { CatalogEntry } from '../../surveys/catalog.js';
import type { LocalizedText } from '../../surveys/definition.js';
import type { Page } from '../../surveys/model.js';
import { pagesAsked } from '../../surveys/navigation.js';
import { displayText } from '../../surveys/text.js';
import type { FieldError } from '../../surveys/validate.js';
import { answerSummary, errorMessage, errorTarget, questionView, type ViewContext } from '../../surveys/view-model.js';

export interface StepState {
  entry: CatalogEntry;
  values: FormValues;
  token: string;
  /** A session join code the resident gave (canonical form), carried to the final Send. */
  sessionCode?: string | undefined;
}

export interface Notice {
  title: string;
  body: string;
}

const context = (request: FastifyRequest, entry: CatalogEntry): ViewContext => ({
  survey: entry.survey,
  locale: request.locale,
  t: request.t,
});

/** A text split into paragraphs at blank lines, each tagged with its language. */
export function paragraphs(ctx: ViewContext, text: LocalizedText) {
  const shown = displayText(text, ctx.locale, ctx.survey.defaultLocale);
  return shown.text.split(/\n{2,}/).map((paragraph) => ({ ...shown, text: paragraph }));
}

function common(request: FastifyRequest, state: StepState) {
  const ctx = context(request, state.entry);
  return {
    ctx,
    model: {
      surveyTitle: displayText(state.entry.survey.title, ctx.locale, ctx.survey.defaultLocale),
      action: `/${request.locale}/surveys/${state.entry.survey.slug}`,
      homeHref: `/${request.locale}/`,
      token: state.token,
      sessionCode: state.sessionCode,
    },
  };
}

/** Why a typed session code was not taken. */
export type SessionCodeError = 'unknown' | 'ended' | 'too_many';
const SESSION_ERROR_KEYS: Record<SessionCodeError, string> = {
  unknown: 'survey.sessionCodeInvalid',
  ended: 'survey.sessionEnded',
  too_many: 'survey.sessionCodeTooMany',
};

export function renderStart(
  request: FastifyRequest,
  reply: FastifyReply,
  state: StepState,
  options: { typedSessionCode?: string; sessionError?: SessionCodeError } = {},
) {
  const { ctx, model } = common(request, state);
  const sessionError = options.sessionError ? request.t(SESSION_ERROR_KEYS[options.sessionError]) : undefined;
  const status = options.sessionError === 'too_many' ? 429 : sessionError ? 422 : 200;
  return reply.code(status).render('public/survey-start', {
    ...model,
    hasErrors: Boolean(sessionError),
    errors: sessionError ? [{ target: 'f-session', message: sessionError }] : [],
    sessionError,
    typedSessionCode: options.typedSessionCode ?? (state.sessionCode ? formatSessionCode(state.sessionCode) : ''),
    title: model.surveyTitle.text,
    languageLinks: true,
    step: 'start',
    intro: paragraphs(ctx, ctx.survey.intro),
    privacyNotice: paragraphs(ctx, ctx.survey.privacyNotice),
    // Reached by Back (or a refused POST) with answers: carry them, so Start continues with them.
    hidden: hiddenFields(state.values),
  });
}

/**
 * A survey closed while the resident was answering it: nothing is filed, but what they wrote
 * is shown back (read-only, escaped) so they can copy it, with the question each answers.
 */
export function renderClosed(request: FastifyRequest, reply: FastifyReply, entry: CatalogEntry, values: FormValues) {
  const ctx = context(request, entry);
  const asked = keepVisible(ctx.survey, values);
  const typed = ctx.survey.questions
    .filter((q) => isVisible(q, asked))
    .map((q) => ({
      label: displayText(q.label, ctx.locale, ctx.survey.defaultLocale),
      answer: answerSummary(ctx, q, asked),
    }))
    .filter((row) => row.answer !== undefined && row.answer !== '');
  return reply
    .code(410)
    .header('cache-control', 'no-store')
    .render('public/survey-closed', {
      title: request.t('survey.closedTitle'),
      homeHref: `/${request.locale}/`,
      typed,
    });
}

export function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  state: StepState,
  page: Page,
  options: { errors?: FieldError[]; returnToCheck?: boolean } = {},
) {
  const { ctx, model } = common(request, state);
  const errors = options.errors ?? [];
  const own = new Set(page.questions.flatMap(fieldsOf));
  const questions = page.questions
    .filter((q) => isVisible(q, state.values))
    .map((q) =>
      questionView(
        ctx,
        q,
        state.values,
        errors.find((e) => e.questionId === q.id),
      ),
    );
  const pageTitle = displayText(page.title, ctx.locale, ctx.survey.defaultLocale);
  return reply
    .code(errors.length > 0 ? 422 : 200)
    .header('cache-control', 'no-store')
    .render('public/survey-page', {
      ...model,
      title: `${pageTitle.text} – ${model.surveyTitle.text}`,
      hasErrors: errors.length > 0,
      errors: errors.map((error) => {
        const question = page.questions.find((q) => q.id === error.questionId);
        return question
          ? { target: errorTarget(question, error), message: errorMessage(ctx, question, error, state.values) }
          : { target: '', message: '' };
      }),
      pageTitle,
      pageIntro: page.intro ? displayText(page.intro, ctx.locale, ctx.survey.defaultLocale) : undefined,
      questions,
      hidden: hiddenFields(state.values, own),
      step: page.id,
      returnTo: options.returnToCheck ? 'check' : undefined,
    });
}

export function renderCheck(
  request: FastifyRequest,
  reply: FastifyReply,
  state: StepState,
  options: { status?: number; notice?: Notice } = {},
) {
  const { ctx, model } = common(request, state);
  const values = keepVisible(ctx.survey, state.values);
  const sections = pagesAsked(ctx.survey, values).map((page) => ({
    pageId: page.id,
    title: displayText(page.title, ctx.locale, ctx.survey.defaultLocale),
    rows: page.questions
      .filter((q) => isVisible(q, values))
      .map((q) => ({
        label: displayText(q.label, ctx.locale, ctx.survey.defaultLocale),
        answer: answerSummary(ctx, q, values),
      })),
  }));
  return reply
    .code(options.status ?? 200)
    .header('cache-control', 'no-store')
    .render('public/survey-check', {
      ...model,
      title: options.notice?.title ?? request.t('survey.checkTitle'),
      notice: options.notice,
      sections,
      hidden: hiddenFields(values),
      step: 'check',
    });
}

export function renderConfirmation(request: FastifyRequest, reply: FastifyReply, receipt: string) {
  return reply.header('cache-control', 'no-store').render('public/survey-confirmation', {
    title: request.t('confirmation.title'),
    homeHref: `/${request.locale}/`,
    receipt,
    receiptHref: `/${request.locale}/receipt`,
    localContact: contactForText(request.server.config.localContact, request.locale, request.t),
  });
}
