// Assisted entry: a facilitator fills in the survey for a resident, in the resident's language,
// all questions on one screen; or transcribes a paper form. After each account: a receipt slip
// in the resident's language, then "Next person" opens a blank form. Nothing of one resident
// reaches the next: no-store on every page, autocomplete off, and POST-redirect-GET, so Back
// lands on a slip that has already been used up, never on the previous answers.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountDocument } from '../../../accounts/document.js';
import { fileDocument, londonDate } from '../../../accounts/file.js';
import { formatReceipt, normalizeReceipt } from '../../../accounts/receipt-code.js';
import type { AssistedSessionRow } from '../../../assisted-sessions/repository.js';
import { formatSessionCode } from '../../../assisted-sessions/session-code.js';
import { createSlip, takeSlip } from '../../../assisted-sessions/slips.js';
import { isCalendarDay } from '../../../dates/calendar-day.js';
import { isDatabaseUnavailable } from '../../../db/errors.js';
import { notFound } from '../../../errors/app-error.js';
import { contactForText } from '../../../i18n/bidi.js';
import { isLocaleCode, type LocaleCode, localeInfo } from '../../../i18n/locales.js';
import { PARTNERS } from '../../../staff/access.js';
import { auditDaily } from '../../../staff/audit.js';
import { type FormValues, isVisible, keepVisible, readFormValues } from '../../../surveys/answers.js';
import type { CatalogEntry } from '../../../surveys/catalog.js';
import { issueFormToken, readFormToken } from '../../../surveys/form-token.js';
import { displayText } from '../../../surveys/text.js';
import { type FieldError, validatePage } from '../../../surveys/validate.js';
import { errorMessage, errorTarget, questionView, type ViewContext } from '../../../surveys/view-model.js';
import { formField } from '../../form-field.js';
import { actorOf, renderStaff, signedIn } from '../context.js';
import { ownSession } from './own-session.js';

interface EntryRoute {
  Params: { id: string };
  Querystring: { locale?: unknown };
  Body: Record<string, unknown> | undefined;
}
interface SlipRoute {
  Params: { id: string; slip: string };
}

type Channel = 'assisted' | 'paper';
interface EntryExtras {
  channel: Channel;
  paperDate: string;
  readAloud: boolean;
}
interface ExtraError {
  target: string;
  message: string;
}

function chosenLocale(session: AssistedSessionRow, raw: unknown): LocaleCode {
  if (typeof raw === 'string' && isLocaleCode(raw)) return raw;
  const first = session.languages.find(isLocaleCode);
  return first ?? 'en';
}

export default async function assistedEntryRoutes(app: FastifyInstance): Promise<void> {
  function renderEntry(
    request: FastifyRequest<EntryRoute>,
    reply: FastifyReply,
    session: AssistedSessionRow,
    entry: CatalogEntry,
    locale: LocaleCode,
    state: {
      values: FormValues;
      extras: EntryExtras;
      errors?: FieldError[];
      extraErrors?: ExtraError[];
      notice?: string;
      status?: number;
      token?: string;
    },
  ) {
    const ctx: ViewContext = { survey: entry.survey, locale, t: app.translatorFor(locale) };
    const errors = state.errors ?? [];
    const show = (text: Parameters<typeof displayText>[0]) => displayText(text, locale, entry.survey.defaultLocale);
    const pages = entry.survey.pages.map((page) => ({
      title: show(page.title),
      questions: page.questions.map((q) => {
        const error = errors.find((e) => e.questionId === q.id);
        return {
          ...questionView(ctx, q, state.values, error),
          conditional: Boolean(q.showIf),
          asked: isVisible(q, state.values),
        };
      }),
    }));
    const summary = [
      ...(state.extraErrors ?? []),
      ...errors.flatMap((error) => {
        const question = entry.survey.questions.find((q) => q.id === error.questionId);
        return question
          ? [{ target: errorTarget(question, error), message: errorMessage(ctx, question, error, state.values) }]
          : [];
      }),
    ];
    return renderStaff(request, reply.code(state.status ?? (summary.length ? 422 : 200)), 'sessions/enter', {
      title: request.t('staff:enter.title', { session: session.title }),
      hasErrors: summary.length > 0,
      errors: summary,
      notice: state.notice,
      session,
      action: `/staff/sessions/${session.id}/enter`,
      locale,
      residentDir: localeInfo(locale).dir,
      languageName: localeInfo(locale).name,
      languages: session.languages
        .filter(isLocaleCode)
        .map((code) => ({ code, name: localeInfo(code).name, selected: code === locale })),
      pages,
      extras: state.extras,
      isPaper: state.extras.channel === 'paper',
      readAloudError: state.extraErrors?.find((e) => e.target === 'f-read-aloud')?.message,
      paperDateError: state.extraErrors?.find((e) => e.target === 'f-paper-date')?.message,
      today: londonDate(),
      // Kept across a re-rendered form (errors, a refusal), so a double tap files once.
      token: state.token ?? issueFormToken(app.config.secret),
      freshHref: `/staff/sessions/fresh.css?n=${randomBytes(6).toString('base64url')}`,
    });
  }

  async function surveyOf(session: AssistedSessionRow) {
    const entry = await app.surveys.get(session.survey_slug);
    return entry && entry.stored.status !== 'draft' ? entry : undefined;
  }

  app.get<EntryRoute>('/:id/enter', { config: { access: PARTNERS } }, async (request, reply) => {
    const session = await ownSession(app, request);
    const entry = await surveyOf(session);
    if (!entry) throw notFound();
    const locale = chosenLocale(session, request.query.locale);
    return renderEntry(request, reply, session, entry, locale, {
      values: {},
      extras: { channel: 'assisted', paperDate: '', readAloud: false },
    });
  });

  app.post<EntryRoute>('/:id/enter', { config: { access: PARTNERS } }, async (request, reply) => {
    const session = await ownSession(app, request);
    const entry = await surveyOf(session);
    if (!entry) throw notFound();
    const body = request.body ?? {};
    const locale = chosenLocale(session, formField(body, '_locale'));
    const values = readFormValues(entry.survey, body);
    const paperDate = (formField(body, '_paper_date') ?? '').trim();
    const extras: EntryExtras = {
      channel: formField(body, '_channel') === 'paper' ? 'paper' : 'assisted',
      paperDate,
      readAloud: formField(body, '_read_aloud') === 'yes',
    };
    const asked = keepVisible(entry.survey, values);
    const errors = entry.survey.pages.flatMap((page) => validatePage(page, asked));
    const extraErrors: ExtraError[] = [];
    if (extras.channel === 'assisted' && !extras.readAloud) {
      extraErrors.push({
        target: 'f-read-aloud',
        message: request.t('staff:enter.readAloudRequired', { language: localeInfo(locale).name }),
      });
    }
    if (extras.channel === 'paper' && !(isCalendarDay(paperDate) && paperDate <= londonDate())) {
      extraErrors.push({ target: 'f-paper-date', message: request.t('staff:enter.paperDateRequired') });
    }
    if (errors.length > 0 || extraErrors.length > 0) {
      return renderEntry(request, reply, session, entry, locale, { values, extras, errors, extraErrors });
    }
    if (!app.limits.sessionSubmissions.hit(session.id)) {
      return renderEntry(request, reply, session, entry, locale, {
        values,
        extras,
        notice: request.t('staff:enter.rateLimited'),
        status: 429,
      });
    }
    // The form's nonce makes a double tap the same account (form-once.ts); a form from before
    // tokens, or a forged one, gets a nonce of its own and files as it always did.
    const nonce =
      readFormToken(app.config.secret, formField(body, '_token'))?.nonce ?? randomBytes(16).toString('base64url');
    const document = accountDocument(entry.survey, asked);
    const staff = signedIn(request);
    const slipFor = (db: typeof app.db, receipt: string) =>
      createSlip(db, app.config.secret, {
        staffSessionHash: staff.session.idHash,
        sessionId: session.id,
        locale,
        code: normalizeReceipt(receipt) ?? receipt,
      });
    let outcome: Awaited<ReturnType<typeof app.formOnce.file>>;
    /** The slip written with the account, in its transaction; a repeat send writes only a slip. */
    let slip: string | undefined;
    try {
      outcome = await app.formOnce.file(nonce, document, (receiptHash, receipt) =>
        app.db.transaction().execute(async (trx) => {
          const filed = await fileDocument(trx, entry.survey, document, {
            surveyVersionId: entry.stored.versionId,
            locale,
            channel: extras.channel,
            submittedOn: extras.channel === 'paper' ? paperDate : londonDate(),
            receiptHash,
            sessionId: session.id,
          });
          if (filed) slip = await slipFor(trx, receipt);
          return filed;
        }),
      );
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      app.formOnce.keepOpen(nonce);
      // Everything typed comes back, with a message: nothing is lost.
      return renderEntry(request, reply, session, entry, locale, {
        values,
        extras,
        notice: request.t('staff:enter.unavailable'),
        status: 503,
        token: formField(body, '_token'),
      });
    }
    if (outcome.kind === 'already_sent') {
      return renderStaff(request, reply.code(409), 'sessions/entry-already-saved', {
        title: request.t('staff:slip.alreadySavedTitle'),
        nextHref: `/staff/sessions/${session.id}/enter?locale=${locale}`,
      });
    }
    slip ??= await slipFor(app.db, outcome.receipt);
    return reply.code(303).redirect(`/staff/sessions/${session.id}/slip/${slip}`);
  });

  // Chromium keeps even no-store pages in its back/forward cache, so Back after "Next person"
  // could show the previous resident's slip or answers. A change to this site's cookies, or
  // Clear-Site-Data, drops them from that cache: every blank entry form loads this empty
  // stylesheet, which does both, after the previous page has been put away.
  app.get('/fresh.css', { config: { access: PARTNERS } }, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('clear-site-data', '"cache"')
      .setCookie('codka-entry', randomBytes(9).toString('base64url'), {
        path: '/staff',
        httpOnly: true,
        sameSite: 'strict',
        secure: app.config.publicUrl.startsWith('https:'),
      })
      .send(''),
  );

  app.get<SlipRoute>('/:id/slip/:slip', { config: { access: PARTNERS } }, async (request, reply) => {
    const session = await ownSession(app, request);
    const staff = signedIn(request);
    // Taking the slip and recording the day's entry commit together.
    const slip = await app.db.transaction().execute(async (trx) => {
      const taken = await takeSlip(trx, app.config.secret, request.params.slip, staff.session.idHash);
      if (!taken || taken.sessionId !== session.id) return taken;
      // Who entered accounts into which session, by day: no language and no time, which in a
      // small session would pick out one resident's account.
      await auditDaily(
        trx,
        {
          actor: actorOf(staff),
          action: 'assisted_accounts_entered',
          targetType: 'assisted_session',
          targetId: session.id,
        },
        londonDate(),
      );
      return taken;
    });
    const locale: LocaleCode = slip && isLocaleCode(slip.locale) ? slip.locale : chosenLocale(session, undefined);
    const nextHref = `/staff/sessions/${session.id}/enter?locale=${locale}`;
    if (!slip || slip.sessionId !== session.id) {
      return renderStaff(request, reply.code(410), 'sessions/slip-used', {
        title: request.t('staff:slip.usedTitle'),
        nextHref,
      });
    }
    const t = app.translatorFor(locale);
    const receiptUrl = `${app.config.publicUrl}/${locale}/receipt`;
    return renderStaff(request, reply, 'sessions/slip', {
      title: request.t('staff:slip.title'),
      nextHref,
      session: { ...session, joinCode: formatSessionCode(session.join_code) },
      slip: {
        lang: locale,
        dir: localeInfo(locale).dir,
        code: formatReceipt(slip.code),
        heading: t('confirmation.title'),
        receiptLabel: t('confirmation.receiptLabel'),
        keepCode: t('confirmation.keepCode'),
        checkHeading: t('receipt.title'),
        checkAt: receiptUrl,
        supportHeading: t('confirmation.supportHeading'),
        support: [
          t('confirmation.nhs111'),
          t('confirmation.samaritans'),
          t('confirmation.localContact', contactForText(app.config.localContact, locale, t)),
        ],
      },
    });
  });
}
