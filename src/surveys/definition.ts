// The survey document: what a survey author writes in surveys/*.json. Validated with zod so
// `import-survey` can name every problem by its JSON path. Text is a per-locale map; only the
// survey's default locale is required, the rest fall back visibly (see text.ts).
import { z } from 'zod';
import { LOCALE_CODES, type LocaleCode } from '../i18n/locales.js';

const localeCode = z.enum(LOCALE_CODES as [LocaleCode, ...LocaleCode[]]);

export const localizedText = z.partialRecord(localeCode, z.string().trim().min(1, 'must not be empty'));
export type LocalizedText = z.infer<typeof localizedText>;

// Ids become form field names and answer keys: keep them short, lower-case and safe.
const id = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _ (starting with a letter, at most 40)');
const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _ (at most 40)')
  .refine((c) => c !== 'other' && c !== 'prefer_not', 'is reserved (other, prefer_not)');

/** What a survey's slug (its URL segment) may be. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,60}$/;

const showIf = z
  .object({
    question: id,
    equals: z.string().optional(),
    anyOf: z.array(z.string()).min(1).optional(),
  })
  .strict()
  .refine((s) => (s.equals === undefined) !== (s.anyOf === undefined), 'needs exactly one of equals or anyOf');
export type ShowIf = z.infer<typeof showIf>;

const option = z.object({ code, label: localizedText }).strict();

const common = {
  id,
  label: localizedText,
  hint: localizedText.optional(),
  required: z.boolean().default(false),
  showIf: showIf.optional(),
};

const choiceOther = z.object({ label: localizedText, prompt: localizedText.optional() }).strict();

export const questionSchema = z.discriminatedUnion('type', [
  z
    .object({ ...common, type: z.literal('short_text'), maxLength: z.number().int().min(1).max(1000).default(200) })
    .strict(),
  z
    .object({ ...common, type: z.literal('long_text'), maxLength: z.number().int().min(1).max(10_000).default(10_000) })
    .strict(),
  z
    .object({
      ...common,
      type: z.literal('single_choice'),
      options: z.array(option).min(2),
      other: choiceOther.optional(),
    })
    .strict(),
  z
    .object({
      ...common,
      type: z.literal('multiple_choice'),
      options: z.array(option).min(2),
      other: choiceOther.optional(),
    })
    .strict(),
  z
    .object({
      ...common,
      type: z.literal('scale'),
      min: z.number().int().min(0).max(10),
      max: z.number().int().min(1).max(10),
      minLabel: localizedText,
      maxLabel: localizedText,
    })
    .strict()
    .refine((q) => q.max > q.min, { message: 'max must be greater than min', path: ['max'] }),
  z.object({ ...common, type: z.literal('yes_no_unsure') }).strict(),
  z.object({ id, type: z.literal('consent'), label: localizedText, showIf: showIf.optional() }).strict(),
  // The standard "about you" block (ONS 2021 / GSS): its text lives in the locale files.
  z.object({ id: z.literal('about_you'), type: z.literal('about_you'), showIf: showIf.optional() }).strict(),
]);
export type QuestionDefinition = z.infer<typeof questionSchema>;

const page = z
  .object({
    id,
    title: localizedText,
    intro: localizedText.optional(),
    questions: z.array(questionSchema).min(1),
  })
  .strict();

export const surveyDefinitionSchema = z
  .object({
    slug: z.string().regex(SLUG_PATTERN, 'must be lower-case letters, digits and dashes'),
    defaultLocale: localeCode,
    status: z.enum(['draft', 'open', 'closed']).default('draft'),
    title: localizedText,
    intro: localizedText,
    privacyNotice: localizedText,
    pages: z.array(page).min(1),
  })
  .strict()
  .superRefine(checkCrossReferences);

export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

/** Rules zod's shape cannot say: unique ids, showIf pointing backwards, default-locale text. */
function checkCrossReferences(survey: z.infer<z.ZodObject>, ctx: z.RefinementCtx): void {
  const s = survey as unknown as SurveyDefinition;
  const earlier = new Map<string, QuestionDefinition>();
  const questionIds = new Set<string>();
  const pageIds = new Set<string>();
  s.pages.forEach((p, pageIndex) => {
    if (pageIds.has(p.id))
      ctx.addIssue({ code: 'custom', message: 'page id is used twice', path: ['pages', pageIndex, 'id'] });
    pageIds.add(p.id);
    p.questions.forEach((q, questionIndex) => {
      const path = ['pages', pageIndex, 'questions', questionIndex];
      if (questionIds.has(q.id))
        ctx.addIssue({ code: 'custom', message: 'question id is used twice', path: [...path, 'id'] });
      questionIds.add(q.id);
      if (q.showIf) {
        const target = earlier.get(q.showIf.question);
        if (!target) {
          ctx.addIssue({
            code: 'custom',
            message: `showIf must name a question on an earlier page, not "${q.showIf.question}"`,
            path: [...path, 'showIf', 'question'],
          });
        }
      }
      if ('options' in q) {
        const codes = q.options.map((o) => o.code);
        codes.forEach((c, i) => {
          if (codes.indexOf(c) !== i)
            ctx.addIssue({
              code: 'custom',
              message: 'option code is used twice',
              path: [...path, 'options', i, 'code'],
            });
        });
        q.options.forEach((o, i) => {
          if (!o.label[s.defaultLocale]) {
            ctx.addIssue({
              code: 'custom',
              message: `needs text in the default locale (${s.defaultLocale})`,
              path: [...path, 'options', i, 'label'],
            });
          }
        });
      }
      for (const [field, value] of Object.entries(q)) {
        if (isLocalized(value) && !value[s.defaultLocale]) {
          ctx.addIssue({
            code: 'custom',
            message: `needs text in the default locale (${s.defaultLocale})`,
            path: [...path, field],
          });
        }
      }
    });
    // Questions on the same page are answered together, so showIf can only look at earlier pages.
    for (const q of p.questions) earlier.set(q.id, q);
  });
  for (const field of ['title', 'intro', 'privacyNotice'] as const) {
    if (!s[field][s.defaultLocale]) {
      ctx.addIssue({ code: 'custom', message: `needs text in the default locale (${s.defaultLocale})`, path: [field] });
    }
  }
}

function isLocalized(value: unknown): value is LocalizedText {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).every((k) => LOCALE_CODES.includes(k as LocaleCode))
  );
}

/** Every problem in a document, each as `path: message`, e.g. `pages[1].questions[0].label: ...`. */
export function describeProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(document)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
