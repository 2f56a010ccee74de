// /staff/safeguarding: open flags, oldest first, each with the flagged answer as the resident
// wrote it (unredacted: this is the one page where personal details are the point) and the
// phrase found marked, and a form to resolve it with what was done. Opening the queue and
// resolving a flag are both written to the audit log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccountDocument } from '../../../accounts/document.js';
import { londonDate } from '../../../accounts/file.js';
import { isUuid } from '../../../db/uuid.js';
import { notFound } from '../../../errors/app-error.js';
import { isLocaleCode, localeInfo } from '../../../i18n/locales.js';
import { parseKey } from '../../../reading/list.js';
import { RESOLUTIONS } from '../../../safeguarding/categories.js';
import { countOpenFlags, type FlagKey, openFlags, QUEUE_PAGE_SIZE, resolveFlag } from '../../../safeguarding/flags.js';
import { markedText } from '../../../safeguarding/marked.js';
import { SAFEGUARDING_LEAD } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { plainText } from '../../../surveys/text.js';
import { actorOf, type FieldError, formErrors, renderStaff, signedIn } from '../context.js';

const resolveForm = z.object({
  resolution: z.enum(RESOLUTIONS, { message: 'resolution_required' }),
  note: z
    .string()
    .trim()
    .max(2000, { message: 'note_too_long' })
    .refine((s) => !s.includes('\u0000'), { message: 'note_too_long' })
    .optional()
    .default(''),
});

interface FlagRoute {
  Params: { flagId: string };
}

export default async function queueRoutes(app: FastifyInstance): Promise<void> {
  async function showQueue(
    request: FastifyRequest,
    reply: FastifyReply,
    errors: FieldError[] = [],
    failedFlag?: string,
  ) {
    const query = (request.query ?? {}) as Record<string, unknown>;
    // The same date_id key as the accounts list's pages.
    const key = parseKey(query.after);
    const after: FlagKey | undefined = key ? { raisedOn: key.submittedOn, id: key.id } : undefined;
    const staff = signedIn(request);
    const [rows, total] = await Promise.all([openFlags(app.db, after), countOpenFlags(app.db)]);
    const page = rows.slice(0, QUEUE_PAGE_SIZE);
    await audit(app.db, {
      actor: actorOf(staff),
      action: 'safeguarding_queue_viewed',
      details: { flags: page.map((f) => f.id) },
    });
    const flags = await Promise.all(
      page.map(async (flag) => {
        const survey = await app.surveys.version(flag.surveyVersionId);
        const question = survey?.questions.find((q) => q.id === flag.questionId);
        const answer = flag.questionId ? (flag.answers as AccountDocument)[flag.questionId] : undefined;
        const text =
          flag.field === 'writeIn' ? answer?.writeIn : typeof answer?.value === 'string' ? answer.value : undefined;
        const own = isLocaleCode(flag.locale) ? localeInfo(flag.locale) : undefined;
        return {
          id: flag.id,
          title: request.t('staff:safeguarding.flagTitle', { date: flag.raisedOn }),
          account: request.t('staff:safeguarding.account', {
            date: flag.submittedOn,
            language: own ? request.t(`staff:accounts.languages.${own.code}`) : flag.locale,
          }),
          accountHref: `/staff/accounts/${flag.responseId}`,
          category: request.t(`staff:safeguarding.categories.${flag.category}`),
          raisedBy:
            flag.source === 'phrase'
              ? request.t('staff:safeguarding.foundBy')
              : request.t('staff:safeguarding.raisedBy', { name: flag.raisedByName ?? '' }),
          reason: flag.reason,
          question: question && survey ? plainText(question.label, 'en', survey.defaultLocale) : undefined,
          text: text === undefined ? undefined : markedText(text, flag.spanStart, flag.spanEnd),
          lang: own?.code,
          dir: own?.dir,
          resolutions: RESOLUTIONS.map((value) => ({
            value,
            text: request.t(`staff:safeguarding.resolutions.${value}`),
          })),
          failed: flag.id === failedFlag,
        };
      }),
    );
    const last = page[page.length - 1];
    return renderStaff(request, reply.code(errors.length ? 422 : 200), 'safeguarding/queue', {
      title: request.t('staff:safeguarding.title'),
      errors,
      resolvedNotice: query.resolved === '1' ? request.t('staff:safeguarding.resolved') : undefined,
      countText:
        total === 0 ? request.t('staff:safeguarding.none') : request.t('staff:safeguarding.count', { count: total }),
      flags,
      nextHref:
        rows.length > QUEUE_PAGE_SIZE && last ? `/staff/safeguarding?after=${last.raisedOn}_${last.id}` : undefined,
    });
  }

  app.get('/', { config: { access: SAFEGUARDING_LEAD }, prefixTrailingSlash: 'no-slash' }, (request, reply) =>
    showQueue(request, reply),
  );

  app.post<FlagRoute>('/:flagId/resolve', { config: { access: SAFEGUARDING_LEAD } }, async (request, reply) => {
    const { flagId } = request.params;
    if (!isUuid(flagId)) throw notFound();
    const parsed = resolveForm.safeParse(request.body ?? {});
    if (!parsed.success) {
      const errors = formErrors(request, parsed.error.issues).map((e) => ({ ...e, target: `f-${e.field}-${flagId}` }));
      return showQueue(request, reply, errors, flagId);
    }
    const staff = signedIn(request);
    const resolved = await app.db.transaction().execute(async (trx) => {
      const responseId = await resolveFlag(trx, {
        flagId,
        resolution: parsed.data.resolution,
        note: parsed.data.note,
        resolvedBy: staff.user.id,
        resolvedOn: londonDate(),
      });
      if (responseId) {
        await audit(trx, {
          actor: actorOf(staff),
          action: 'safeguarding_flag_resolved',
          targetType: 'safeguarding_flag',
          targetId: flagId,
          details: { resolution: parsed.data.resolution },
        });
      }
      return responseId;
    });
    // Resolved already (a double tap, or a colleague got there first): the queue, as it now is.
    return reply.code(303).redirect(resolved ? '/staff/safeguarding?resolved=1' : '/staff/safeguarding');
  });
}
