// Partners' sessions: create one (with a join code for residents' own phones), see counts by
// channel and language, and download those counts as CSV. Partners never see the accounts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { dayBefore, JOIN_DAYS_BEFORE } from '../../../assisted-sessions/joining.js';
import {
  type AssistedSessionRow,
  closeAssistedSession,
  countsBySession,
  createAssistedSession,
  listAssistedSessions,
} from '../../../assisted-sessions/repository.js';
import { formatSessionCode } from '../../../assisted-sessions/session-code.js';
import { isCalendarDay } from '../../../dates/calendar-day.js';
import { SESSION_FORMATS, type SessionFormat } from '../../../db/schema.js';
import { discloseLive } from '../../../disclosure/suppress.js';
import { noOrganisation } from '../../../errors/app-error.js';
import { toCsv } from '../../../export/csv.js';
import { LOCALE_CODES } from '../../../i18n/locales.js';
import { PARTNERS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { actorOf, type FieldError, fieldError, formErrors, renderForm, renderStaff, signedIn } from '../context.js';
import { cleaned } from '../fields/cleaned-text.js';
import { ownSession, scopeOf } from './own-session.js';

const asList = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const sessionFields = z.object({
  title: cleaned(z.string({ error: 'title_required' }).trim().min(1, 'title_required').max(160, 'title_too_long')),
  heldOn: z.string({ error: 'date_invalid' }).refine(isCalendarDay, 'date_invalid'),
  joinsUntil: z
    .string()
    .trim()
    .refine((value) => value === '' || isCalendarDay(value), 'joins_until_invalid')
    .optional()
    .transform((value) => value || undefined),
  venue: cleaned(z.string({ error: 'venue_required' }).trim().min(1, 'venue_required').max(200, 'venue_too_long')),
  format: z.enum(SESSION_FORMATS, { error: 'format_required' }),
  survey: z.string({ error: 'survey_required' }).min(1, 'survey_required'),
  languages: z.preprocess(
    // A language ticked twice (a repeated field) counts once.
    (value) => [...new Set(asList(value))],
    z.array(z.enum(LOCALE_CODES as [string, ...string[]], { error: 'language_unknown' })).min(1, 'languages_required'),
  ),
});

const sessionForm = sessionFields.refine((form) => !form.joinsUntil || form.joinsUntil >= form.heldOn, {
  path: ['joinsUntil'],
  message: 'joins_until_invalid',
});

/** Every way an account reaches a session, in the order pages and the CSV show them. */
const CHANNELS = ['online', 'assisted', 'paper'];

interface SessionRoute {
  Params: { id: string };
}

function sumByLocale(counts: { locale: string; responses: number }[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const c of counts) sums[c.locale] = (sums[c.locale] ?? 0) + c.responses;
  return sums;
}

/**
 * What a partner sees of a session's accounts: every count through disclosure control (see
 * discloseLive), by channel and by language, each row beside the total.
 */
function countRows(sessions: AssistedSessionRow[], counts: Awaited<ReturnType<typeof countsBySession>>) {
  return sessions.map((s) => {
    const own = counts.filter((c) => c.sessionId === s.id);
    const channels = CHANNELS;
    const byChannel = discloseLive(
      channels.map((channel) => own.filter((c) => c.channel === channel).reduce((sum, c) => sum + c.responses, 0)),
      { totalShown: true },
    );
    const sums = sumByLocale(own);
    const locales = s.languages.filter((l) => !(l in sums)).concat(Object.keys(sums));
    const byLocale = discloseLive(
      locales.map((l) => sums[l] ?? 0),
      { totalShown: true },
    );
    return {
      session: s,
      total: byChannel.total,
      byChannel: channels.map((channel, i) => ({ channel, n: byChannel.cells[i] ?? '' })),
      byLocale: Object.fromEntries(locales.map((l, i) => [l, byLocale.cells[i] ?? ''])),
    };
  });
}

export default async function sessionRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: PARTNERS }, prefixTrailingSlash: 'no-slash' }, async (request, reply) => {
    const sessions = await listAssistedSessions(app.db, scopeOf(request));
    const counts = await countsBySession(
      app.db,
      sessions.map((s) => s.id),
    );
    return renderStaff(request, reply, 'sessions/sessions', {
      title: request.t('staff:sessions.title'),
      canCreate: Boolean(signedIn(request).user.organisation_id),
      sessions: countRows(sessions, counts).map((row) => ({
        ...row.session,
        joinCode: formatSessionCode(row.session.join_code),
        format: request.t(`staff:sessions.formats.${row.session.format}`),
        total: row.total,
        channels: row.byChannel.map((c) => `${request.t(`staff:sessions.channels.${c.channel}`)} ${c.n}`).join(', '),
        locales: Object.entries(row.byLocale)
          .map(([locale, n]) => `${locale} ${n}`)
          .join(', '),
      })),
    });
  });

  const newPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) => {
    const surveys = await app.surveys.listOpen();
    const chosen = asList(values.languages).map(String);
    const fields = ['title', 'heldOn', 'joinsUntil', 'venue', 'format', 'survey', 'languages'];
    return renderForm(
      request,
      reply,
      'sessions/session-form',
      { errors, fields },
      {
        title: request.t('staff:sessions.newTitle'),
        values,
        formats: SESSION_FORMATS.map((f) => ({
          value: f,
          label: request.t(`staff:sessions.formats.${f}`),
          checked: values.format === f,
        })),
        surveys: surveys.map(({ survey }) => ({
          value: survey.slug,
          label: survey.title[survey.defaultLocale],
          selected: values.survey === survey.slug,
        })),
        languages: LOCALE_CODES.map((code) => ({ value: code, label: code, checked: chosen.includes(code) })),
      },
    );
  };

  app.get('/new', { config: { access: PARTNERS } }, async (request, reply) => {
    if (!signedIn(request).user.organisation_id) throw noOrganisation();
    return newPage(request, reply, { heldOn: new Date().toISOString().slice(0, 10), languages: ['en'] });
  });

  app.post('/new', { config: { access: PARTNERS } }, async (request, reply) => {
    const organisationId = signedIn(request).user.organisation_id;
    if (!organisationId) throw noOrganisation();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = sessionForm.safeParse(body);
    if (!form.success) return newPage(request, reply, body, formErrors(request, form.error.issues));
    const entry = await app.surveys.get(form.data.survey);
    if (entry?.stored.status !== 'open')
      return newPage(request, reply, body, fieldError(request, 'survey', 'survey_required'));
    const actor = actorOf(signedIn(request));
    const session = await app.db.transaction().execute(async (trx) => {
      const created = await createAssistedSession(trx, {
        title: form.data.title,
        heldOn: form.data.heldOn,
        venue: form.data.venue,
        organisationId,
        format: form.data.format as SessionFormat,
        surveyId: entry.stored.surveyId,
        languages: form.data.languages,
        createdBy: signedIn(request).user.id,
        joinsUntil: form.data.joinsUntil ?? null,
      });
      await audit(trx, { actor, action: 'session_created', targetType: 'assisted_session', targetId: created.id });
      return created;
    });
    return reply.code(303).redirect(`/staff/sessions/${session.id}`);
  });

  app.get<SessionRoute>('/:id', { config: { access: PARTNERS } }, async (request, reply) => {
    const session = await ownSession(app, request);
    const [row] = countRows([session], await countsBySession(app.db, [session.id]));
    const joinUrl = `${app.config.publicUrl}/${session.languages[0] ?? 'en'}/surveys/${session.survey_slug}?session=${session.join_code}`;
    return renderStaff(request, reply, 'sessions/session', {
      title: session.title,
      session: { ...session, format: request.t(`staff:sessions.formats.${session.format}`) },
      joinCode: formatSessionCode(session.join_code),
      joinUrl,
      joinsFrom: dayBefore(session.held_on, JOIN_DAYS_BEFORE),
      joinsUntil: session.joins_until && session.joins_until > session.held_on ? session.joins_until : session.held_on,
      total: row?.total ?? '',
      byChannel:
        row?.byChannel.map((c) => ({ label: request.t(`staff:sessions.channels.${c.channel}`), n: c.n })) ?? [],
      byLocale: Object.entries(row?.byLocale ?? {}).map(([locale, n]) => ({ locale, n })),
      enterLinks: session.languages.map((locale) => ({
        locale,
        href: `/staff/sessions/${session.id}/enter?locale=${locale}`,
      })),
    });
  });

  app.post<SessionRoute>('/:id/close', { config: { access: PARTNERS } }, async (request, reply) => {
    const session = await ownSession(app, request);
    const actor = actorOf(signedIn(request));
    await app.db.transaction().execute(async (trx) => {
      await closeAssistedSession(trx, session.id);
      await audit(trx, {
        actor,
        action: 'session_closed',
        targetType: 'assisted_session',
        targetId: session.id,
      });
    });
    return reply.code(303).redirect(`/staff/sessions/${session.id}`);
  });

  app.get('/counts.csv', { config: { access: PARTNERS } }, async (request, reply) => {
    const sessions = await listAssistedSessions(app.db, scopeOf(request));
    const counts = await countsBySession(
      app.db,
      sessions.map((s) => s.id),
    );
    const rows = sessions.flatMap((s) => {
      const own = counts.filter((c) => c.sessionId === s.id);
      // Counts leave the service here, so they go through disclosure control, by the same rule
      // as the pages: every channel and every language of the session has a row from the start
      // (zero reads "<5" like any small count), so a download after a resident's account
      // arrived differs from one before it only once a count reaches 5.
      const locales = [...new Set([...s.languages, ...own.map((c) => c.locale)])];
      const cells = CHANNELS.flatMap((channel) => locales.map((locale) => ({ channel, locale })));
      const shown = discloseLive(
        cells.map(
          ({ channel, locale }) => own.find((c) => c.channel === channel && c.locale === locale)?.responses ?? 0,
        ),
      ).cells;
      return cells.map(({ channel, locale }, i) => [s.title, s.held_on, s.format, channel, locale, shown[i] ?? '<5']);
    });
    await audit(app.db, {
      actor: actorOf(signedIn(request)),
      action: 'session_counts_exported',
      targetType: 'assisted_session',
      details: { sessions: sessions.length },
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="codka-session-counts.csv"')
      .send(toCsv(['session', 'date', 'format', 'channel', 'language', 'accounts'], rows));
  });
}
