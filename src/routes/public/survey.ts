// `/{locale}/surveys/{slug}`: GET shows the start page; every button on every step POSTs the
// whole form back here. Nothing is written to the database until the final Send, and every
// refusal (validation, too fast, too many, database down) re-renders with the answers kept.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountDocument } from '../../accounts/document.js';
import { fileDocument, londonDate } from '../../accounts/file.js';
import { formAlreadyUsed } from '../../accounts/file-once.js';
import { formatReceipt } from '../../accounts/receipt-code.js';
import { joinState } from '../../assisted-sessions/joining.js';
import { findSessionByCode } from '../../assisted-sessions/repository.js';
import { isDatabaseUnavailable } from '../../db/errors.js';
import { addressKey } from '../../plugins/address-key.js';
import { keepVisible, readFormValues } from '../../surveys/answers.js';
import type { CatalogEntry } from '../../surveys/catalog.js';
import {
  type FormToken,
  issueFormToken,
  judgeFormToken,
  readFormToken,
  renewFormToken,
} from '../../surveys/form-token.js';
import { findPage, pageAfter, pageBefore, pagesAsked } from '../../surveys/navigation.js';
import { validatePage, validateSurvey } from '../../surveys/validate.js';
import { formField } from '../form-field.js';
import { requireLocale } from './locale-param.js';
import {
  type Notice,
  renderCheck,
  renderClosed,
  renderConfirmation,
  renderPage,
  renderStart,
  type StepState,
} from './survey-views.js';

interface SurveyRoute {
  Params: { locale: string; slug: string };
  Body: Record<string, unknown> | undefined;
  Querystring: { session?: unknown };
}

/** The survey if residents may see it; renders not-found or "closed" otherwise. */
async function openSurvey(
  request: FastifyRequest<SurveyRoute>,
  reply: FastifyReply,
): Promise<CatalogEntry | undefined> {
  const entry = await request.server.surveys.get(request.params.slug);
  if (!entry || entry.stored.status === 'draft') {
    reply.callNotFound();
    return undefined;
  }
  if (entry.stored.status === 'closed') {
    // Closed mid-journey: what the resident typed comes back, so nothing they wrote is lost.
    const typed = request.method === 'POST' ? readFormValues(entry.survey, request.body) : {};
    renderClosed(request, reply, entry, typed);
    return undefined;
  }
  return entry;
}

export default async function surveyRoutes(app: FastifyInstance): Promise<void> {
  const { secret } = app.config;

  app.get<SurveyRoute>('/:locale/surveys/:slug', { preHandler: requireLocale }, async (request, reply) => {
    const entry = await openSurvey(request, reply);
    if (!entry) return reply;
    // `?session=CODE` from a poster or QR code fills in the session code field.
    const typed = typeof request.query.session === 'string' ? request.query.session.slice(0, 40) : '';
    return renderStart(
      request,
      reply,
      { entry, values: {}, token: issueFormToken(secret) },
      { typedSessionCode: typed },
    );
  });

  app.post<SurveyRoute>('/:locale/surveys/:slug', { preHandler: requireLocale }, async (request, reply) => {
    const entry = await openSurvey(request, reply);
    if (!entry) return reply;
    const { survey } = entry;
    const body = request.body;
    const values = readFormValues(survey, body);
    const rawToken = formField(body, '_token');
    const token = readFormToken(secret, rawToken);
    const step = formField(body, '_step');
    const typedSession = (formField(body, '_session') ?? '').trim();
    const joining = typedSession ? await joinSession(request, typedSession) : undefined;
    const session = joining?.kind === 'open' ? joining.session : undefined;
    const state: StepState = {
      entry,
      values,
      token: token && rawToken ? rawToken : issueFormToken(secret),
      sessionCode: session?.join_code,
    };
    // A session code that matches no session: say so on the start page, keep what was typed.
    if (joining && joining.kind !== 'open') {
      return renderStart(request, reply, state, {
        typedSessionCode: typedSession.slice(0, 40),
        sessionError: joining.kind,
      });
    }
    const goto = formField(body, '_goto') ?? 'next';
    const returnToCheck = formField(body, '_return') === 'check';
    const current = findPage(survey, step);

    if (goto.startsWith('page:')) {
      const page = findPage(survey, goto.slice('page:'.length));
      return page
        ? renderPage(request, reply, state, page, { returnToCheck: true })
        : renderCheck(request, reply, state);
    }

    if (goto === 'back') {
      if (step === 'check') {
        const last = pagesAsked(survey, values).at(-1);
        return last ? renderPage(request, reply, state, last) : renderStart(request, reply, state);
      }
      const previous = current ? pageBefore(survey, current.id, values) : undefined;
      return previous ? renderPage(request, reply, state, previous) : renderStart(request, reply, state);
    }

    if (goto === 'submit') return submit(request, reply, state, token);

    // Continue: check this page, then go on (or back to the check page after a Change).
    if (current) {
      const errors = validatePage(current, values);
      if (errors.length > 0) return renderPage(request, reply, state, current, { errors, returnToCheck });
      if (returnToCheck) return renderCheck(request, reply, state);
    }
    const next = pageAfter(survey, current?.id, values);
    return next ? renderPage(request, reply, state, next) : renderCheck(request, reply, state);
  });

  /**
   * The session a typed code names, if residents may join it now. Wrong codes count against the
   * address; once over the limit every code is refused alike, so the limit cannot be probed.
   */
  async function joinSession(request: FastifyRequest<SurveyRoute>, typed: string) {
    const key = addressKey(request);
    if (app.limits.joinCodeGuesses.blocked(key)) return { kind: 'too_many' as const };
    const found = await findSessionByCode(app.db, typed);
    if (!found) {
      app.limits.joinCodeGuesses.hit(key);
      return { kind: 'unknown' as const };
    }
    const state = joinState(found);
    if (state === 'open') return { kind: 'open' as const, session: found };
    // Not yet open reads as unknown (the code is not on any poster yet); ended says so.
    if (state === 'not_yet') app.limits.joinCodeGuesses.hit(key);
    return { kind: state === 'ended' ? ('ended' as const) : ('unknown' as const) };
  }

  async function submit(
    request: FastifyRequest<SurveyRoute>,
    reply: FastifyReply,
    state: StepState,
    token: FormToken | undefined,
  ) {
    const { survey, stored } = state.entry;
    const values = keepVisible(survey, state.values);
    const invalid = validateSurvey(survey, values);
    if (invalid)
      return renderPage(request, reply, { ...state, values }, invalid.page, {
        errors: invalid.errors,
        returnToCheck: true,
      });

    const refuse = (status: number, notice: Notice, token = state.token) =>
      renderCheck(request, reply, { ...state, values, token }, { status, notice });
    const checkAgain = { title: request.t('refusal.checkAgainTitle'), body: request.t('refusal.checkAgainBody') };

    const alreadySent = () =>
      reply.code(409).render('public/survey-already-sent', {
        title: request.t('survey.alreadySentTitle'),
        startHref: `/${request.locale}/surveys/${survey.slug}`,
        homeHref: `/${request.locale}/`,
      });
    const verdict = judgeFormToken(token);
    if (formField(request.body, 'contact_url') || verdict !== 'ok' || !token) {
      // A form older than the age limit may have been sent long ago, from a shared device's
      // history: never renewed into a receipt. If it was sent, say so; if not, check again
      // with a new form (a new nonce), so nothing of the old one is ever shown.
      if (verdict === 'expired' && token && (await formAlreadyUsed(app.db, secret, token.nonce))) return alreadySent();
      // Bots fill the hidden field or send at once: they check and press Send again.
      const fresh = verdict === 'too_fast' && token ? renewFormToken(secret, token) : issueFormToken(secret);
      return refuse(422, checkAgain, fresh);
    }
    // Joined through a session (a room of phones behind one connection): limit per session,
    // not per address, so a busy workshop is never turned away.
    const session = state.sessionCode ? await findSessionByCode(app.db, state.sessionCode) : undefined;
    const allowed = session
      ? app.limits.sessionSubmissions.hit(session.id) &&
        app.limits.sessionAddressSubmissions.hit(`${session.id}:${addressKey(request)}`)
      : app.limits.submissions.hit(addressKey(request));
    if (!allowed) {
      return refuse(429, { title: request.t('refusal.rateLimitedTitle'), body: request.t('refusal.rateLimitedBody') });
    }

    const document = accountDocument(survey, values);
    let outcome: Awaited<ReturnType<typeof app.formOnce.file>>;
    try {
      outcome = await app.formOnce.file(token.nonce, document, (receiptHash) =>
        fileDocument(app.db, survey, document, {
          surveyVersionId: stored.versionId,
          locale: request.locale,
          channel: 'online',
          submittedOn: londonDate(),
          receiptHash,
          sessionId: session?.id ?? null,
        }),
      );
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      // It may have reached the database before the connection went: a retry shows its receipt.
      app.formOnce.keepOpen(token.nonce);
      request.log.warn({ route: request.routeOptions.url }, 'database unavailable at submit; answers sent back');
      return refuse(503, { title: request.t('refusal.unavailableTitle'), body: request.t('refusal.unavailableBody') });
    }
    if (outcome.kind === 'already_sent') return alreadySent();
    return renderConfirmation(request, reply, formatReceipt(outcome.receipt));
  }
}
