// One account, as staff who may read accounts see it: personal details found in free text are
// shown as [phone number] and the like, except to the safeguarding lead. Partners never reach
// this page (the access table), and every view is written to the audit log.
import type { FastifyInstance } from 'fastify';
import { isLocaleCode, localeInfo } from '../../i18n/locales.js';
import { redact } from '../../pii/redact.js';
import type { PersonalDetailKind, PersonalDetailSpan } from '../../pii/scan.js';
import type { StaffContext } from '../../plugins/staff-auth.js';
import { audit } from '../../staff/audit.js';
import { answerEntries, type PersonalDetailRecord } from '../../surveys/account-document.js';
import { answersOf, findAccount } from '../../surveys/receipts.js';
import { plainText } from '../../surveys/text.js';
import { renderStaff } from './render.js';

interface ResponseRoute {
  Params: { id: string };
}

export default async function responseRoutes(app: FastifyInstance): Promise<void> {
  app.get<ResponseRoute>('/staff/responses/:id', async (request, reply) => {
    const { id } = request.params;
    const response = await findAccount(app.db, id);
    if (!response) return reply.callNotFound();
    const { user } = request.staff as StaffContext;
    const unredacted = user.roles.includes('safeguarding');
    const entry = await app.surveys.get(response.surveySlug);
    const answers = answerEntries(await answersOf(app.db, id), entry?.survey);
    const label = (kind: PersonalDetailKind) => `[${request.t(`staff:pii.${kind}`)}]`;
    const show = (text: string, spans: PersonalDetailRecord[], part: PersonalDetailRecord['field']) =>
      unredacted ? text : redact(text, spans.filter((s) => s.field === part) as PersonalDetailSpan[], label);
    const rows = answers.map(({ questionId, answer }) => {
      const spans = answer.personalDetails ?? [];
      const question = entry?.survey.questions.find((q) => q.id === questionId);
      const value = Array.isArray(answer.value) ? answer.value.join(', ') : answer.value;
      return {
        question: question ? plainText(question.label, 'en', entry?.survey.defaultLocale ?? 'en') : questionId,
        answer: question?.kind === 'text' ? show(value, spans, 'value') : value,
        writeIn: answer.writeIn ? show(answer.writeIn, spans, 'writeIn') : undefined,
      };
    });
    await audit(app.db, {
      actor: { id: user.id, email: user.email },
      action: 'response_viewed',
      targetType: 'response',
      targetId: id,
      details: { unredacted },
    });
    return renderStaff(request, reply, 'response', {
      title: request.t('staff:response.title'),
      response,
      answerLang: isLocaleCode(response.locale) ? response.locale : undefined,
      answerDir: isLocaleCode(response.locale) ? localeInfo(response.locale).dir : undefined,
      unredacted,
      rows,
    });
  });
}
