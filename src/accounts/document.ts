// An account as it is stored: one JSON document per response, question id → answer, with the
// personal details found in its free text recorded beside it (offsets in code points) so staff
// views can show "[phone number]" instead. Choice answers are option codes, never labels.
import { scanPersonalDetails } from '../pii/scan.js';
import { type FormValues, keepVisible, preferNotField } from '../surveys/answers.js';
import { PREFER_NOT, type Question, type Survey, writeInField } from '../surveys/model.js';

export interface PersonalDetailRecord {
  field: 'value' | 'writeIn';
  start: number;
  end: number;
  kind: string;
}

export interface StoredAnswer {
  value: string | string[];
  writeIn?: string;
  /** Absent when nothing was found, which is nearly always. */
  personalDetails?: PersonalDetailRecord[];
}

export type AccountDocument = Record<string, StoredAnswer>;

/** What a resident's form values say for one question, if they answered it. */
function answerFor(question: Question, values: FormValues): StoredAnswer | undefined {
  if (question.kind === 'text' && question.preferNotToSay && values[preferNotField(question.id)] !== undefined) {
    return { value: PREFER_NOT };
  }
  const value = values[question.id];
  if (value === undefined) return undefined;
  const writeIn = question.kind === 'choice' && question.writeIn ? values[writeInField(question.id)] : undefined;
  const chosen = Array.isArray(value) ? value : [value];
  // A write-in only counts beside an option that asks for one.
  if (
    typeof writeIn === 'string' &&
    question.kind === 'choice' &&
    chosen.some((c) => question.writeIn?.forCodes.includes(c))
  ) {
    return { value, writeIn };
  }
  return { value };
}

function personalDetailsIn(question: Question, answer: StoredAnswer): PersonalDetailRecord[] {
  const found: PersonalDetailRecord[] = [];
  if (question.kind === 'text' && typeof answer.value === 'string') {
    for (const span of scanPersonalDetails(answer.value)) found.push({ field: 'value', ...span });
  }
  if (answer.writeIn) {
    for (const span of scanPersonalDetails(answer.writeIn)) found.push({ field: 'writeIn', ...span });
  }
  return found;
}

/** The document to store: answers to the questions still asked, scanned for personal details. */
export function accountDocument(survey: Survey, values: FormValues): AccountDocument {
  const asked = keepVisible(survey, values);
  const document: AccountDocument = {};
  for (const question of survey.questions) {
    const answer = answerFor(question, asked);
    if (!answer) continue;
    const personalDetails = personalDetailsIn(question, answer);
    document[question.id] = personalDetails.length > 0 ? { ...answer, personalDetails } : answer;
  }
  return document;
}

export interface AnswerEntry {
  questionId: string;
  answer: StoredAnswer;
}

/**
 * A stored document's answers in the survey's question order (JSONB keeps keys in its own
 * order), then any whose question the survey no longer has. None for a withdrawn account.
 */
export function answerEntries(stored: unknown, survey?: Survey): AnswerEntry[] {
  if (stored === null || typeof stored !== 'object') return [];
  const document = stored as AccountDocument;
  const known = survey ? survey.questions.map((q) => q.id).filter((id) => id in document) : [];
  const rest = Object.keys(document)
    .filter((id) => !known.includes(id))
    .sort();
  return [...known, ...rest].map((questionId) => ({ questionId, answer: document[questionId] as StoredAnswer }));
}
