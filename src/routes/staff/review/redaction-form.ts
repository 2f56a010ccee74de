// The reading view's redaction parts. An analyst hides more of an answer by typing the words to
// hide (no JavaScript needed to select them); the safeguarding lead, who reads the account as
// written, sees every hidden span with a button to show it again when it is not personal.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccountDocument } from '../../../accounts/document.js';
import type { Role } from '../../../db/schema.js';
import type { Survey } from '../../../surveys/model.js';
import { plainText } from '../../../surveys/text.js';
import { translatableParts } from '../../../translation/parts.js';
import { errorFor, type FieldError } from '../context.js';

export const PHRASE_MAX_LENGTH = 500;
/** Readers who may hide more of an account: analysts, the safeguarding lead, admins. */
export const HIDES: readonly Role[] = ['analyst', 'safeguarding', 'admin'];

export const hideForm = z.object({
  part: z.string({ message: 'part_required' }).regex(/^[a-z0-9_]+:(value|writeIn)$/, 'part_required'),
  phrase: z
    .string({ message: 'phrase_required' })
    .trim()
    .min(1, 'phrase_required')
    .max(PHRASE_MAX_LENGTH, 'phrase_required')
    .refine((s) => !s.includes('\u0000'), 'phrase_required'),
});

export const showForm = z.object({
  part: z.string().regex(/^[a-z0-9_]+:(value|writeIn)$/),
  start: z.coerce.number().int().min(0),
  end: z.coerce.number().int().min(1),
});

export function answerText(document: AccountDocument, questionId: string, field: 'value' | 'writeIn') {
  const answer = document[questionId];
  const text = field === 'writeIn' ? answer?.writeIn : answer?.value;
  return typeof text === 'string' ? text : undefined;
}

export function hideFormModel(
  request: FastifyRequest,
  responseId: string,
  survey: Survey,
  document: AccountDocument,
  typed: { part?: string; phrase?: string } = {},
  errors: FieldError[] = [],
) {
  const parts = translatableParts(survey, document);
  if (parts.length === 0) return undefined;
  return {
    action: `/staff/accounts/${responseId}/redactions`,
    parts: parts.map((part) => {
      const question = survey.questions.find((q) => q.id === part.questionId);
      const label = question ? plainText(question.label, 'en', survey.defaultLocale) : part.questionId;
      const value = `${part.questionId}:${part.field}`;
      return {
        value,
        text: part.field === 'writeIn' ? `${label} (${request.t('staff:redaction.writeIn')})` : label,
        selected: typed.part === value,
      };
    }),
    phrase: typed.phrase ?? '',
    phraseMax: PHRASE_MAX_LENGTH,
    partError: errorFor(errors, 'part'),
    phraseError: errorFor(errors, 'phrase'),
  };
}

/** The spans hidden from other readers, as the lead reads them, each with its "show" form. */
export function hiddenSpansModel(
  request: FastifyRequest,
  responseId: string,
  survey: Survey,
  redacted: AccountDocument,
) {
  const spans: { question: string; text: string; kind: string; part: string; start: number; end: number }[] = [];
  for (const question of survey.questions) {
    const answer = redacted[question.id];
    for (const span of answer?.personalDetails ?? []) {
      const text = answerText(redacted, question.id, span.field);
      if (text === undefined) continue;
      spans.push({
        question: plainText(question.label, 'en', survey.defaultLocale),
        text: Array.from(text).slice(span.start, span.end).join(''),
        kind: request.t(`staff:pii.${span.kind}`),
        part: `${question.id}:${span.field}`,
        start: span.start,
        end: span.end,
      });
    }
  }
  return { action: `/staff/accounts/${responseId}/redactions/show`, spans };
}
