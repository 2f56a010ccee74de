// What of an account a translator translates: every piece of free text the resident typed (text
// answers and write-ins), in the survey's order, never option codes, which have labels in every
// language already. A postcode district is not words. Personal details stay hidden from the
// translator as from every reader but the safeguarding lead, so a translation cannot repeat one.
import type { AccountDocument } from '../accounts/document.js';
import { PREFER_NOT, type Survey } from '../surveys/model.js';

export interface TranslatablePart {
  questionId: string;
  field: 'value' | 'writeIn';
}

export function translatableParts(survey: Survey, document: AccountDocument): TranslatablePart[] {
  const parts: TranslatablePart[] = [];
  for (const question of survey.questions) {
    const answer = document[question.id];
    if (!answer) continue;
    const typed = question.kind === 'text' && question.format !== 'postcode_district';
    if (typed && typeof answer.value === 'string' && answer.value !== PREFER_NOT && answer.value.trim() !== '') {
      parts.push({ questionId: question.id, field: 'value' });
    }
    if (answer.writeIn?.trim()) parts.push({ questionId: question.id, field: 'writeIn' });
  }
  return parts;
}

/** A translation's texts: question id → the translated value and write-in. */
export type TranslatedTexts = Record<string, { value?: string; writeIn?: string }>;

export function translatedPart(texts: TranslatedTexts, part: TranslatablePart): string {
  return texts[part.questionId]?.[part.field] ?? '';
}
