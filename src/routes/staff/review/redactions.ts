// Changing an account's redaction: an analyst hides more words (POST /staff/accounts/{id}/redactions),
// the safeguarding lead shows a false positive again (…/redactions/show). Each change is one
// transaction with its audit entry and the account's search text made again, so a hidden word
// can no longer be searched for. A form that cannot be used comes back with what was typed.
import type { FastifyInstance } from 'fastify';
import type { AccountDocument } from '../../../accounts/document.js';
import { londonDate } from '../../../accounts/file.js';
import type { AccountToRead } from '../../../accounts/find.js';
import { changeRedaction, type RedactionChange, spansOf } from '../../../accounts/redactions.js';
import { notFound } from '../../../errors/app-error.js';
import type { StaffContext } from '../../../plugins/staff-auth.js';
import { type Access, SAFEGUARDING_LEAD } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { actorOf, fieldError, formErrors } from '../context.js';
import type { AccountRoute, AccountRouteOptions } from './account-routes.js';
import { answerText, HIDES, hideForm, showForm } from './redaction-form.js';

const HIDERS: Access = { kind: 'roles', roles: HIDES };

/** One transaction: the changes, the search text made again, and the audit entry. */
async function change(app: FastifyInstance, account: AccountToRead, changes: RedactionChange[], staff: StaffContext) {
  const survey = await app.surveys.version(account.surveyVersionId);
  if (!survey) throw notFound();
  await app.db.transaction().execute(async (trx) => {
    await changeRedaction(
      trx,
      survey,
      account,
      changes.map((c) => ({ ...c, changedBy: staff.user.id, changedOn: londonDate() })),
    );
    const [first] = changes;
    await audit(trx, {
      actor: actorOf(staff),
      action: first?.change === 'show' ? 'redaction_removed' : 'redaction_added',
      targetType: 'response',
      targetId: account.responseId,
      details: { question: first?.questionId, field: first?.field, spans: changes.length },
    });
  });
}

export default async function redactionRoutes(app: FastifyInstance, options: AccountRouteOptions): Promise<void> {
  app.post<AccountRoute>('/accounts/:id/redactions', { config: { access: HIDERS } }, async (request, reply) => {
    const { account, staff } = await options.readable(request);
    if (account.answers === null) throw notFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const typed = {
      part: typeof body.part === 'string' ? body.part : undefined,
      phrase: typeof body.phrase === 'string' ? body.phrase : undefined,
    };
    const parsed = hideForm.safeParse(body);
    if (!parsed.success) {
      return options.showAccount(request, reply, {
        errors: formErrors(request, parsed.error.issues),
        hideTyped: typed,
      });
    }
    const [questionId, field] = parsed.data.part.split(':') as [string, 'value' | 'writeIn'];
    const text = answerText(account.answers as AccountDocument, questionId, field);
    const spans = text === undefined ? [] : spansOf(text, parsed.data.phrase);
    if (spans.length === 0) {
      return options.showAccount(request, reply, {
        errors: fieldError(request, 'phrase', 'phrase_not_found'),
        hideTyped: typed,
      });
    }
    await change(
      app,
      account,
      spans.map((span) => ({ questionId, field, start: span.start, end: span.end, change: 'hide' as const })),
      staff,
    );
    return reply.code(303).redirect(`/staff/accounts/${account.responseId}?done=hidden`);
  });

  app.post<AccountRoute>(
    '/accounts/:id/redactions/show',
    { config: { access: SAFEGUARDING_LEAD } },
    async (request, reply) => {
      const { account, staff } = await options.readable(request);
      if (account.answers === null) throw notFound();
      const parsed = showForm.safeParse(request.body ?? {});
      if (!parsed.success) throw notFound();
      const [questionId, field] = parsed.data.part.split(':') as [string, 'value' | 'writeIn'];
      const text = answerText(account.answers as AccountDocument, questionId, field);
      // Only a span inside the answer: anything else is a form nobody was shown.
      if (text === undefined || parsed.data.end > Array.from(text).length || parsed.data.end <= parsed.data.start) {
        throw notFound();
      }
      await change(
        app,
        account,
        [{ questionId, field, start: parsed.data.start, end: parsed.data.end, change: 'show' }],
        staff,
      );
      return reply.code(303).redirect(`/staff/accounts/${account.responseId}?done=shown`);
    },
  );
}
