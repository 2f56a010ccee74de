// What the phrase lists find in one account, answer by answer: the flags filed with it. Only
// the words a resident typed are read (text answers and write-ins), never option codes.
import type { AccountDocument } from '../accounts/document.js';
import { PREFER_NOT, type Survey } from '../surveys/model.js';
import type { RiskCategory } from './categories.js';
import { findRisks } from './phrases.js';

export interface FoundRisk {
  category: RiskCategory;
  questionId: string;
  field: 'value' | 'writeIn';
  start: number;
  end: number;
}

export function risksInAccount(survey: Survey, document: AccountDocument): FoundRisk[] {
  const found: FoundRisk[] = [];
  for (const question of survey.questions) {
    const answer = document[question.id];
    if (!answer) continue;
    if (question.kind === 'text' && typeof answer.value === 'string' && answer.value !== PREFER_NOT) {
      for (const span of findRisks(answer.value)) found.push({ questionId: question.id, field: 'value', ...span });
    }
    if (answer.writeIn) {
      for (const span of findRisks(answer.writeIn)) found.push({ questionId: question.id, field: 'writeIn', ...span });
    }
  }
  return found;
}
