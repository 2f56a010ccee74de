// A survey ready to run: the document with its "about you" block expanded and every question
// reduced to one of four shapes the engine and templates understand.
import type { LocaleCode } from '../i18n/locales.js';
import { aboutYouQuestions } from './about-you.js';
import type { LocalizedText, QuestionDefinition, ShowIf, SurveyDefinition } from './definition.js';

/** Interface strings as a per-locale map, for text the survey borrows from the locale files. */
export type InterfaceText = (key: string) => LocalizedText;

interface QuestionBase {
  id: string;
  label: LocalizedText;
  hint?: LocalizedText | undefined;
  required: boolean;
  showIf?: ShowIf | undefined;
}

export interface TextQuestion extends QuestionBase {
  kind: 'text';
  multiline: boolean;
  maxLength: number;
  /** Adds a "Prefer not to say" tick box under the field. */
  preferNotToSay?: boolean;
  format?: 'postcode_district';
}

export interface ChoiceOption {
  code: string;
  label: LocalizedText;
  /** Options shown under a sub-heading (ethnic groups). */
  group?: string;
}

export interface ChoiceQuestion extends QuestionBase {
  kind: 'choice';
  multiple: boolean;
  options: ChoiceOption[];
  groups?: { key: string; label: LocalizedText }[];
  /** A free-text field beside the options, for "other" and the census write-ins. */
  writeIn?: { prompt: LocalizedText; forCodes: string[]; required: boolean };
}

export interface ScaleQuestion extends QuestionBase {
  kind: 'scale';
  min: number;
  max: number;
  minLabel: LocalizedText;
  maxLabel: LocalizedText;
}

export interface ConsentQuestion extends QuestionBase {
  kind: 'consent';
}

export type Question = TextQuestion | ChoiceQuestion | ScaleQuestion | ConsentQuestion;

export interface Page {
  id: string;
  title: LocalizedText;
  intro?: LocalizedText | undefined;
  questions: Question[];
}

export interface Survey {
  slug: string;
  defaultLocale: LocaleCode;
  title: LocalizedText;
  intro: LocalizedText;
  privacyNotice: LocalizedText;
  pages: Page[];
  /** Every question in order, for validation of the whole survey and for storage. */
  questions: Question[];
}

/** The form field that carries a question's write-in text. */
export const writeInField = (questionId: string) => `${questionId}__other`;
export const OTHER = 'other';
export const PREFER_NOT = 'prefer_not';

export function resolveSurvey(definition: SurveyDefinition, interfaceText: InterfaceText): Survey {
  const pages = definition.pages.map((page) => ({
    id: page.id,
    title: page.title,
    intro: page.intro,
    questions: page.questions.flatMap((q) => resolveQuestion(q, interfaceText)),
  }));
  return {
    slug: definition.slug,
    defaultLocale: definition.defaultLocale,
    title: definition.title,
    intro: definition.intro,
    privacyNotice: definition.privacyNotice,
    pages,
    questions: pages.flatMap((p) => p.questions),
  };
}

function resolveQuestion(q: QuestionDefinition, interfaceText: InterfaceText): Question[] {
  switch (q.type) {
    case 'short_text':
    case 'long_text':
      return [
        {
          kind: 'text',
          id: q.id,
          label: q.label,
          hint: q.hint,
          required: q.required,
          showIf: q.showIf,
          multiline: q.type === 'long_text',
          maxLength: q.maxLength,
        },
      ];
    case 'single_choice':
    case 'multiple_choice': {
      const options: ChoiceOption[] = q.options.map((o) => ({ code: o.code, label: o.label }));
      const question: ChoiceQuestion = {
        kind: 'choice',
        id: q.id,
        label: q.label,
        hint: q.hint,
        required: q.required,
        showIf: q.showIf,
        multiple: q.type === 'multiple_choice',
        options,
      };
      if (q.other) {
        options.push({ code: OTHER, label: q.other.label });
        question.writeIn = {
          prompt: q.other.prompt ?? interfaceText('survey.otherPrompt'),
          forCodes: [OTHER],
          required: true,
        };
      }
      return [question];
    }
    case 'scale':
      return [
        {
          kind: 'scale',
          id: q.id,
          label: q.label,
          hint: q.hint,
          required: q.required,
          showIf: q.showIf,
          min: q.min,
          max: q.max,
          minLabel: q.minLabel,
          maxLabel: q.maxLabel,
        },
      ];
    case 'yes_no_unsure':
      return [
        {
          kind: 'choice',
          id: q.id,
          label: q.label,
          hint: q.hint,
          required: q.required,
          showIf: q.showIf,
          multiple: false,
          options: [
            { code: 'yes', label: interfaceText('common.yes') },
            { code: 'no', label: interfaceText('common.no') },
            { code: 'not_sure', label: interfaceText('common.notSure') },
          ],
        },
      ];
    case 'consent':
      return [{ kind: 'consent', id: q.id, label: q.label, required: true, showIf: q.showIf }];
    case 'about_you':
      return aboutYouQuestions(interfaceText).map((question) => ({ ...question, showIf: q.showIf }));
  }
}
