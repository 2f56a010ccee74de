// Validation of answers with zod. Messages are translation keys (validation.*); the view
// model adds the numbers and labels they mention.
import { z } from 'zod';
import { type FormValues, isVisible, preferNotField } from './answers.js';
import { type Page, type Question, type Survey, writeInField } from './model.js';

export type ErrorKey =
  | 'required_choice'
  | 'required_text'
  | 'required_scale'
  | 'invalid_choice'
  | 'too_long'
  | 'other_required'
  | 'consent_required'
  | 'postcode_district';

export interface FieldError {
  questionId: string;
  /** The form field the error is about (write-ins have their own). */
  field: string;
  key: ErrorKey;
}

export const WRITE_IN_MAX_LENGTH = 200;
const OUTWARD_CODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/i;

/** Code points, not UTF-16 units: "10,000 characters" means what a person counts. */
export const characterCount = (text: string) => [...text].length;

// Questions belong to immutable survey versions, so each question's schema is built once.
const schemas = new WeakMap<Question, z.ZodType>();

function questionSchema(q: Question): z.ZodType {
  let schema = schemas.get(q);
  if (!schema) {
    schema = buildSchema(q);
    schemas.set(q, schema);
  }
  return schema;
}

function buildSchema(q: Question): z.ZodType {
  const missing = (key: ErrorKey) => ({
    error: (issue: { input: unknown }) => (issue.input === undefined ? key : 'invalid_choice'),
  });
  switch (q.kind) {
    case 'text': {
      let text: z.ZodType = z
        .string(missing('required_text'))
        .refine((v) => characterCount(v) <= q.maxLength, 'too_long');
      if (q.format === 'postcode_district') text = z.string().regex(OUTWARD_CODE, 'postcode_district');
      return q.required ? text : text.optional();
    }
    case 'choice': {
      const codes = q.options.map((o) => o.code) as [string, ...string[]];
      const one = z.enum(codes, missing('required_choice'));
      if (!q.multiple) return q.required ? one : one.optional();
      const many = z.array(z.enum(codes, { error: 'invalid_choice' }), missing('required_choice'));
      return q.required ? many.min(1, 'required_choice') : many.optional();
    }
    case 'scale': {
      const points = Array.from({ length: q.max - q.min + 1 }, (_, i) => String(q.min + i)) as [string, ...string[]];
      const scale = z.enum(points, { error: 'required_scale' });
      return q.required ? scale : scale.optional();
    }
    case 'consent':
      return z.literal('yes', { error: 'consent_required' });
  }
}

export function validateQuestion(q: Question, values: FormValues): FieldError | undefined {
  // "Prefer not to say" ticked: nothing else about this question needs checking.
  if (q.kind === 'text' && q.preferNotToSay && values[preferNotField(q.id)] !== undefined) return undefined;
  const result = questionSchema(q).safeParse(values[q.id]);
  if (!result.success) {
    const key = (result.error.issues[0]?.message ?? 'invalid_choice') as ErrorKey;
    return { questionId: q.id, field: q.id, key };
  }
  if (q.kind === 'choice' && q.writeIn) {
    const field = writeInField(q.id);
    const writeIn = values[field];
    const chosen = values[q.id];
    const chosenCodes = chosen === undefined ? [] : Array.isArray(chosen) ? chosen : [chosen];
    const needsWriteIn = chosenCodes.some((c) => q.writeIn?.forCodes.includes(c));
    if (q.writeIn.required && needsWriteIn && writeIn === undefined)
      return { questionId: q.id, field, key: 'other_required' };
    if (typeof writeIn === 'string' && characterCount(writeIn) > WRITE_IN_MAX_LENGTH)
      return { questionId: q.id, field, key: 'too_long' };
  }
  return undefined;
}

/** Errors for the questions on one page that are asked, in page order. */
export function validatePage(page: Page, values: FormValues): FieldError[] {
  return page.questions
    .filter((q) => isVisible(q, values))
    .map((q) => validateQuestion(q, values))
    .filter((e): e is FieldError => e !== undefined);
}

/** Errors anywhere in the survey (the final check before storing). */
export function validateSurvey(survey: Survey, values: FormValues): { page: Page; errors: FieldError[] } | undefined {
  for (const page of survey.pages) {
    const errors = validatePage(page, values);
    if (errors.length > 0) return { page, errors };
  }
  return undefined;
}
