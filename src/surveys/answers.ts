// Reading answers out of a submitted form. Every page of a survey posts every answer given so
// far (earlier pages ride along in hidden fields), so this reads the whole survey each time.
// Only fields the survey defines are read; anything else in the body is ignored.
import { type Question, type Survey, writeInField } from './model.js';

export type FormValue = string | string[];
/** Field name → cleaned value. Empty answers are absent. */
export type FormValues = Record<string, FormValue>;

export const preferNotField = (questionId: string) => `${questionId}__prefer_not`;

/** The form fields a question owns. */
export function fieldsOf(question: Question): string[] {
  const fields = [question.id];
  if (question.kind === 'choice' && question.writeIn) fields.push(writeInField(question.id));
  if (question.kind === 'text' && question.preferNotToSay) fields.push(preferNotField(question.id));
  return fields;
}

/**
 * Text as we store it: Unicode NFC, `\n` line endings, no NUL or other control characters
 * (Postgres refuses NUL; the rest only hide text from readers), no surrounding blanks.
 */
export function cleanText(value: string): string {
  return (
    value
      // A lone surrogate (possible in JSON or hand-made bodies) is not text Postgres will store.
      .replace(/\p{Cs}/gu, '\uFFFD')
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/(?![\n\t])\p{Cc}/gu, '')
      .trim()
  );
}

export function readFormValues(survey: Survey, body: unknown): FormValues {
  const source = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const values: FormValues = Object.create(null);
  for (const question of survey.questions) {
    for (const field of fieldsOf(question)) {
      if (!Object.hasOwn(source, field)) continue;
      const many = field === question.id && question.kind === 'choice' && question.multiple;
      const value = many ? readList(source[field]) : readOne(source[field]);
      if (value !== undefined) values[field] = value;
    }
  }
  return values;
}

function readOne(raw: unknown): string | undefined {
  // A repeated key arrives as an array: keep the first non-empty string.
  const candidates = Array.isArray(raw) ? raw : [raw];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const text = cleanText(candidate);
    if (text !== '') return text;
  }
  return undefined;
}

function readList(raw: unknown): string[] | undefined {
  const list = (Array.isArray(raw) ? raw : [raw])
    .filter((v): v is string => typeof v === 'string')
    .map(cleanText)
    .filter((v) => v !== '');
  const unique = [...new Set(list)];
  return unique.length > 0 ? unique : undefined;
}

/** Whether a question is asked, given the answers so far (showIf, evaluated on the server). */
export function isVisible(question: Question, values: FormValues): boolean {
  const condition = question.showIf;
  if (!condition) return true;
  const answer = values[condition.question];
  const given = answer === undefined ? [] : Array.isArray(answer) ? answer : [answer];
  if (condition.equals !== undefined) return given.includes(condition.equals);
  return given.some((code) => condition.anyOf?.includes(code));
}

/**
 * The answers to questions that are still asked. A resident who answers "yes", writes more,
 * then changes to "no" has the extra text dropped, as the survey no longer asks for it.
 */
export function keepVisible(survey: Survey, values: FormValues): FormValues {
  const kept: FormValues = Object.create(null);
  for (const question of survey.questions) {
    if (!isVisible(question, kept)) continue;
    for (const field of fieldsOf(question)) {
      const value = values[field];
      if (value !== undefined) kept[field] = value;
    }
  }
  return kept;
}

/** The values as hidden fields: one entry per input element, arrays repeated. */
export function hiddenFields(values: FormValues, except: ReadonlySet<string> = new Set()) {
  return Object.entries(values).flatMap(([name, value]) =>
    except.has(name) ? [] : (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: v })),
  );
}
