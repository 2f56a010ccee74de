// What the reading view shows a coder: each free-text answer as its sentences, each sentence a
// box to tick, with the codes already given to it beside it; the codes to give, as a tree; and,
// below the answers, the account's codings (the coder's own or everyone's) with a way to remove
// one. The same for the English translation beside the resident's words. Personal details stay
// hidden as everywhere else (runs.ts), and the offsets the form carries are code points into
// the stored text, which the page never needs to show.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AccountDocument } from '../../../accounts/document.js';
import type { Coding } from '../../../coding/codings.js';
import { redactedQuote, runsOf } from '../../../coding/runs.js';
import { sentencesOf } from '../../../coding/sentences.js';
import { staffTime } from '../../../dates/staff-time.js';
import { type LocaleCode, localeInfo } from '../../../i18n/locales.js';
import type { Code } from '../../../review/codebook.js';
import { PREFER_NOT, type Survey } from '../../../surveys/model.js';
import type { TranslatedTexts } from '../../../translation/parts.js';
import { treeOrder } from '../codebook/codebook-model.js';

/** The resident's own words, in a form's `text` field; otherwise a translation's locale. */
export const ORIGINAL = 'original';

/** Free-text answers a coder codes: typed words, not a postcode district or "prefer not to say". */
export function codableQuestions(survey: Survey, document: AccountDocument): string[] {
  return survey.questions
    .filter((question) => question.kind === 'text' && question.format !== 'postcode_district')
    .map((question) => question.id)
    .filter((id) => {
      const value = document[id]?.value;
      return typeof value === 'string' && value !== PREFER_NOT && value.trim() !== '';
    });
}

/** The words of `text` ('original' or a translation's locale) for a question, if there are any. */
export function codableText(
  document: AccountDocument,
  translations: ReadonlyMap<string, TranslatedTexts>,
  questionId: string,
  text: string,
): string | undefined {
  if (text === ORIGINAL) {
    const value = document[questionId]?.value;
    return typeof value === 'string' && value !== PREFER_NOT && value.trim() !== '' ? value : undefined;
  }
  const value = translations.get(text)?.[questionId]?.value;
  return value?.trim() ? value : undefined;
}

/** A short digest of the words a form codes, so a form read before they changed is refused. */
export const textDigest = (words: string): string => createHash('sha256').update(words).digest('hex').slice(0, 16);

/** What was ticked in a form that could not be saved, to tick it again. */
export interface CodingTyped {
  questionId: string;
  text: string;
  sentences: string[];
  codes: string[];
}

export interface CodingContext {
  request: FastifyRequest;
  responseId: string;
  document: AccountDocument;
  /** The account's own language. */
  own: LocaleCode | undefined;
  /** Translations to code beside the resident's words, by locale. */
  translations: ReadonlyMap<string, TranslatedTexts>;
  codes: Code[];
  /** The codings the page shows (the coder's own or everyone's). */
  codings: Coding[];
  unredacted: boolean;
  typed?: CodingTyped | undefined;
  userId: string;
  removesAnyones: boolean;
}

const sameText = (coding: Coding, questionId: string, text: string) =>
  coding.questionId === questionId && coding.field === 'value' && (coding.translationLocale ?? ORIGINAL) === text;

function hiddenSpans(context: CodingContext, questionId: string, text: string) {
  if (context.unredacted || text !== ORIGINAL) return [];
  return (context.document[questionId]?.personalDetails ?? []).filter((span) => span.field === 'value');
}

const labelFor = (request: FastifyRequest) => (kind: string) => `[${request.t(`staff:pii.${kind}`)}]`;

function codeChoices(context: CodingContext, prefix: string, checked: ReadonlySet<string>) {
  return treeOrder(context.codes)
    .filter(({ code }) => !code.retired && !code.mergedInto)
    .map(({ code, depth }) => ({
      id: `${prefix}-code-${code.id}`,
      value: code.id,
      name: code.name,
      depth,
      checked: checked.has(code.id),
    }));
}

/** One coding form: a question's words in one text, as sentences to tick. */
function textForm(context: CodingContext, questionId: string, text: string, words: string, index: number) {
  const { request, typed } = context;
  const locale = text === ORIGINAL ? context.own : (text as LocaleCode);
  const retyped = typed && typed.questionId === questionId && typed.text === text ? typed : undefined;
  const ticked = new Set(retyped?.sentences ?? []);
  const prefix = `c${index}`;
  const hidden = hiddenSpans(context, questionId, text);
  const label = labelFor(request);
  const codings = context.codings.filter((coding) => sameText(coding, questionId, text));
  const sentences = sentencesOf(words, locale ?? 'en').map((sentence, n) => {
    const value = `${sentence.start}-${sentence.end}`;
    const names = new Set(
      codings.filter((c) => c.start < sentence.end && c.end > sentence.start).map((c) => c.codeName),
    );
    return {
      id: `${prefix}-s${n}`,
      value,
      checked: ticked.has(value),
      runs: runsOf(words, sentence.start, sentence.end, hidden, label),
      codes: [...names].sort(),
    };
  });
  return {
    prefix,
    questionId,
    text,
    // Translations are into English (translation/repository.ts), the language of the staff pages.
    heading: request.t(text === ORIGINAL ? 'staff:coding.original' : 'staff:coding.translation'),
    lang: locale,
    dir: locale ? localeInfo(locale).dir : undefined,
    action: `/staff/accounts/${context.responseId}/codings`,
    digest: textDigest(words),
    sentences,
    codes: codeChoices(context, prefix, new Set(retyped?.codes ?? [])),
  };
}

/** The coding forms of every free-text answer, by question id. */
export function codingFormsModel(context: CodingContext, survey: Survey) {
  const forms = new Map<string, ReturnType<typeof textForm>[]>();
  let index = 0;
  for (const questionId of codableQuestions(survey, context.document)) {
    const texts = [ORIGINAL, ...context.translations.keys()];
    const own: ReturnType<typeof textForm>[] = [];
    for (const text of texts) {
      const words = codableText(context.document, context.translations, questionId, text);
      if (words !== undefined) own.push(textForm(context, questionId, text, words, index++));
    }
    forms.set(questionId, own);
  }
  return forms;
}

/** The codings listed under the answers, each with its words as this reader may read them. */
export function codingsListModel(context: CodingContext, questionLabel: (questionId: string) => string) {
  const label = labelFor(context.request);
  return context.codings.map((coding) => {
    const words =
      coding.translationLocale === null
        ? codableText(context.document, context.translations, coding.questionId, ORIGINAL)
        : undefined;
    // The quote is the stored words; in the resident's own words, personal details are hidden
    // from it as they are from the text above (a translation never held any).
    const shown =
      words !== undefined && !context.unredacted
        ? redactedQuote(words, coding.start, coding.end, hiddenSpans(context, coding.questionId, ORIGINAL), label)
        : coding.quote;
    const locale = coding.translationLocale ?? context.own;
    return {
      id: coding.id,
      code: coding.codeName,
      colour: coding.colour,
      question: questionLabel(coding.questionId),
      quote: shown,
      lang: locale,
      dir: locale ? localeInfo(locale as LocaleCode).dir : undefined,
      inTranslation: coding.translationLocale !== null,
      coder: coding.coderName,
      when: staffTime(coding.codedAt),
      removeAction:
        coding.coderId === context.userId || context.removesAnyones
          ? `/staff/accounts/${context.responseId}/codings/${coding.id}/remove`
          : undefined,
    };
  });
}
