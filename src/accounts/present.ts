// The one way a stored answer reaches a person: question and answer as text in the reader's
// language. Choice answers are stored as option codes; here each becomes its option's label in
// the chosen language (the survey's default language where a translation is missing), never a
// raw code. Personal details found in free text are replaced by a label such as
// "[phone number]" unless redaction is off (the safeguarding lead). Write-ins identify people
// (the census's own write-ins most of all), so a caller that sends text out of the service
// withholds them. Staff views use this now; exports and reports will use nothing else.
import type { LocaleCode } from '../i18n/locales.js';
import { redact } from '../pii/redact.js';
import type { PersonalDetailKind, PersonalDetailSpan } from '../pii/scan.js';
import { PREFER_NOT, type Question, type Survey } from '../surveys/model.js';
import { plainText } from '../surveys/text.js';
import { type AnswerEntry, answerEntries, type PersonalDetailRecord, type StoredAnswer } from './document.js';

export interface PresentOptions {
  /** The language labels are shown in. */
  locale: LocaleCode;
  /** Interface strings in that language (`common.yes`, `common.preferNotToSay`). */
  text: (key: string) => string;
  /** Off only for readers entitled to the account as written (safeguarding). */
  redaction: 'on' | 'off';
  /** What replaces a personal detail, in the reader's language: "[phone number]". */
  detailLabel: (kind: PersonalDetailKind) => string;
  /** `withhold` for anything that leaves the service: the write-in becomes `withheldLabel`. */
  writeIns: 'show' | 'withhold';
  withheldLabel?: string;
}

export interface PresentedAnswer {
  questionId: string;
  /** The question's label, or its id when the survey no longer has it. */
  question: string;
  /** The answer as text: the typed words, or the chosen options' labels joined by ", ". */
  answer: string;
  /** The chosen options' labels one by one (choice questions), for exports that want a column each. */
  choices?: string[];
  writeIn?: string;
}

function redacted(
  text: string,
  spans: PersonalDetailRecord[],
  part: PersonalDetailRecord['field'],
  options: PresentOptions,
) {
  if (options.redaction === 'off') return text;
  return redact(text, spans.filter((s) => s.field === part) as PersonalDetailSpan[], options.detailLabel);
}

function choiceLabels(question: Question | undefined, codes: string[], survey: Survey, options: PresentOptions) {
  return codes.map((code) => {
    if (code === PREFER_NOT) return options.text('common.preferNotToSay');
    const option = question?.kind === 'choice' ? question.options.find((o) => o.code === code) : undefined;
    // A code the survey version does not have (never expected) is shown as itself, marked.
    return option ? plainText(option.label, options.locale, survey.defaultLocale) : `[${code}]`;
  });
}

function answerText(question: Question | undefined, answer: StoredAnswer, survey: Survey, options: PresentOptions) {
  const codes = Array.isArray(answer.value) ? answer.value : [answer.value];
  if (!question) return { answer: codes.join(', ') };
  switch (question.kind) {
    case 'text':
      if (answer.value === PREFER_NOT) return { answer: options.text('common.preferNotToSay') };
      return { answer: redacted(codes.join(', '), answer.personalDetails ?? [], 'value', options) };
    case 'choice': {
      const choices = choiceLabels(question, codes, survey, options);
      return { answer: choices.join(', '), choices };
    }
    case 'scale': {
      const value = Number(codes[0]);
      const end = value === question.min ? question.minLabel : value === question.max ? question.maxLabel : undefined;
      const shown = `${codes[0]} / ${question.max}`;
      return { answer: end ? `${shown} (${plainText(end, options.locale, survey.defaultLocale)})` : shown };
    }
    case 'consent':
      return { answer: options.text(answer.value === 'yes' ? 'common.yes' : 'common.no') };
  }
}

export function presentAnswer(survey: Survey, entry: AnswerEntry, options: PresentOptions): PresentedAnswer {
  const question = survey.questions.find((q) => q.id === entry.questionId);
  const { answer } = entry;
  const shown: PresentedAnswer = {
    questionId: entry.questionId,
    question: question ? plainText(question.label, options.locale, survey.defaultLocale) : entry.questionId,
    ...answerText(question, answer, survey, options),
  };
  if (answer.writeIn) {
    shown.writeIn =
      options.writeIns === 'withhold'
        ? (options.withheldLabel ?? '')
        : redacted(answer.writeIn, answer.personalDetails ?? [], 'writeIn', options);
  }
  return shown;
}

/** Every answer of a stored document, in the survey's order; none for a withdrawn account. */
export function presentAccount(survey: Survey, stored: unknown, options: PresentOptions): PresentedAnswer[] {
  return answerEntries(stored, survey).map((entry) => presentAnswer(survey, entry, options));
}
