// View models for survey questions: everything a template needs, already in the resident's
// language (with visible, lang-tagged fallback), so the templates stay simple markup.

import type { LocaleCode } from '../i18n/locales.js';
import type { Translate } from '../i18n/resources.js';
import { type FormValues, preferNotField } from './answers.js';
import type { LocalizedText } from './definition.js';
import { type ChoiceQuestion, type Question, type Survey, writeInField } from './model.js';
import { type DisplayText, displayText } from './text.js';
import { characterCount, type FieldError } from './validate.js';

export interface ViewContext {
  survey: Survey;
  locale: LocaleCode;
  t: Translate;
}

export const inputId = (field: string, code?: string) => (code === undefined ? `f-${field}` : `f-${field}-${code}`);

export function text(context: ViewContext, value: LocalizedText | undefined): DisplayText | undefined {
  return value ? displayText(value, context.locale, context.survey.defaultLocale) : undefined;
}

/** The element an error-summary link should jump to: the field itself, or its first option. */
export function errorTarget(question: Question, error: FieldError): string {
  if (error.field !== question.id || question.kind === 'text') return inputId(error.field);
  if (question.kind === 'choice') return inputId(question.id, question.options[0]?.code);
  if (question.kind === 'scale') return inputId(question.id, String(question.min));
  return inputId(question.id);
}

export function errorMessage(context: ViewContext, question: Question, error: FieldError, values: FormValues): string {
  const params: Record<string, unknown> = {};
  if (error.key === 'too_long') {
    const value = values[error.field];
    params.length = typeof value === 'string' ? characterCount(value) : 0;
    params.max = question.kind === 'text' && error.field === question.id ? question.maxLength : 200;
  }
  if (question.kind === 'scale') Object.assign(params, { min: question.min, max: question.max });
  if (error.key === 'other_required' && question.kind === 'choice') {
    const chosen = question.options.find((o) => question.writeIn?.forCodes.includes(o.code));
    params.option = chosen ? text(context, chosen.label)?.text : '';
  }
  return context.t(`validation.${error.key}`, params);
}

const asList = (value: FormValues[string] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export function questionView(context: ViewContext, question: Question, values: FormValues, error?: FieldError) {
  const id = inputId(question.id);
  const hint = 'hint' in question ? text(context, question.hint) : undefined;
  const errorText = error ? errorMessage(context, question, error, values) : undefined;
  const describedBy = [hint ? `${id}-hint` : '', errorText ? `${id}-error` : ''].filter(Boolean).join(' ');
  const base = {
    kind: question.kind,
    name: question.id,
    id,
    label: text(context, question.label),
    hint,
    optional: !question.required && question.kind !== 'consent',
    error: errorText,
    describedBy,
  };
  switch (question.kind) {
    case 'text': {
      const value = values[question.id];
      return {
        ...base,
        isText: true,
        multiline: question.multiline,
        value: typeof value === 'string' ? value : '',
        maxLength: question.maxLength,
        charactersMax: question.multiline ? context.t('survey.charactersMax', { max: question.maxLength }) : undefined,
        short: !question.multiline && question.maxLength <= 10,
        preferNot: question.preferNotToSay
          ? {
              name: preferNotField(question.id),
              id: inputId(preferNotField(question.id)),
              checked: values[preferNotField(question.id)] !== undefined,
              label: context.t('common.preferNotToSay'),
            }
          : undefined,
      };
    }
    case 'choice':
      return { ...base, isChoice: true, ...choiceView(context, question, values) };
    case 'scale': {
      const chosen = values[question.id];
      const minLabel = text(context, question.minLabel);
      const maxLabel = text(context, question.maxLabel);
      return {
        ...base,
        isScale: true,
        points: Array.from({ length: question.max - question.min + 1 }, (_, i) => {
          const point = String(question.min + i);
          return { id: inputId(question.id, point), value: point, checked: chosen === point };
        }),
        minLabel,
        maxLabel,
        scaleHint: scaleHint(context, question),
      };
    }
    case 'consent':
      return { ...base, isConsent: true, checked: values[question.id] === 'yes' };
  }
}

function choiceView(context: ViewContext, question: ChoiceQuestion, values: FormValues) {
  const chosen = asList(values[question.id]);
  const option = (o: ChoiceQuestion['options'][number]) => ({
    id: inputId(question.id, o.code),
    value: o.code,
    label: text(context, o.label),
    checked: chosen.includes(o.code),
  });
  const grouped = question.groups
    ? [
        ...question.groups.map((g) => ({
          label: text(context, g.label),
          options: question.options.filter((o) => o.group === g.key).map(option),
        })),
        { label: undefined, options: question.options.filter((o) => o.group === undefined).map(option) },
      ]
    : [{ label: undefined, options: question.options.map(option) }];
  const writeIn = question.writeIn
    ? {
        name: writeInField(question.id),
        id: inputId(writeInField(question.id)),
        value: typeof values[writeInField(question.id)] === 'string' ? values[writeInField(question.id)] : '',
        prompt: text(context, question.writeIn.prompt),
      }
    : undefined;
  return { multiple: question.multiple, inputType: question.multiple ? 'checkbox' : 'radio', groups: grouped, writeIn };
}

function scaleHint(context: ViewContext, question: Extract<Question, { kind: 'scale' }>): string {
  return context.t('survey.scaleHint', {
    min: question.min,
    max: question.max,
    minLabel: text(context, question.minLabel)?.text,
    maxLabel: text(context, question.maxLabel)?.text,
  });
}

/** One row of the check-your-answers list: the answer as the resident would read it. */
export function answerSummary(context: ViewContext, question: Question, values: FormValues): string | undefined {
  if (question.kind === 'text') {
    if (question.preferNotToSay && values[preferNotField(question.id)] !== undefined)
      return context.t('common.preferNotToSay');
    const value = values[question.id];
    return typeof value === 'string' ? value : undefined;
  }
  const chosen = asList(values[question.id]);
  if (chosen.length === 0) return undefined;
  // The number, then what the ends mean in the locale's own sentence (its punctuation too).
  if (question.kind === 'scale') return `${chosen[0]}\n${scaleHint(context, question)}`;
  if (question.kind === 'consent') return context.t('common.yes');
  const labels = chosen.map(
    (code) => text(context, question.options.find((o) => o.code === code)?.label)?.text ?? code,
  );
  const writeIn = values[writeInField(question.id)];
  if (typeof writeIn === 'string' && chosen.some((c) => question.writeIn?.forCodes.includes(c))) labels.push(writeIn);
  return labels.join('\n');
}
