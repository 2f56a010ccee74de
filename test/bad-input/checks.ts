// What must hold after any request, however bad its input: the reply is an HTML page in the
// right language with nothing live that came from the request, nothing in Object.prototype
// changed, and every account stored passes the survey's own validation.

import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { answerEntries } from '../../src/accounts/document.js';
import { LOCALE_CODES, type LocaleCode, localeInfo } from '../../src/i18n/locales.js';
import { cleanText, type FormValues, keepVisible, preferNotField } from '../../src/surveys/answers.js';
import { PREFER_NOT, type Survey, writeInField } from '../../src/surveys/model.js';
import { validateSurvey } from '../../src/surveys/validate.js';
import { htmlTag } from '../support/public-pages.js';
import { XSS_PAYLOADS } from './arbitraries.js';

export interface Reply {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** Everything wrong with a reply that should be a page in `locale` (English when undefined). */
export function pageProblems(res: Reply, locale: LocaleCode | undefined): string[] {
  const problems: string[] = [];
  const lang = locale ?? 'en';
  const dir = localeInfo(lang).dir;
  if (res.statusCode >= 500) problems.push(`status ${res.statusCode}`);
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('text/html')) problems.push(`content-type "${type}"`);
  const body = res.body;
  if (/^\s*[{[]/.test(body)) problems.push(`a JSON body: ${body.slice(0, 200)}`);
  if (!body.startsWith('<!doctype html>')) problems.push(`not an HTML document: ${body.slice(0, 80)}`);
  const tag = htmlTag(body);
  if (tag.lang !== lang || tag.dir !== dir)
    problems.push(`<html lang="${tag.lang}" dir="${tag.dir}">, not ${lang}/${dir}`);
  // Public pages carry no script at all (promise 2), so any of this is request input, live.
  if (/<script/i.test(body)) problems.push('a <script> element');
  if (/\son\w+=/i.test(body)) problems.push(`an inline event handler: ${/.{0,60}\son\w+=.{0,60}/is.exec(body)?.[0]}`);
  for (const payload of XSS_PAYLOADS) if (body.includes(payload)) problems.push(`unescaped payload ${payload}`);
  for (const name of ['_step', '_token']) {
    const inputs = body.split(`<input type="hidden" name="${name}"`).length - 1;
    if (inputs > 1) problems.push(`${inputs} hidden ${name} inputs: one was smuggled in`);
  }
  return problems;
}

type Descriptors = Map<object, Map<string | symbol, PropertyDescriptor>>;
const GUARDED: object[] = [Object.prototype, Array.prototype, Function.prototype, String.prototype];

export function snapshotPrototypes(): Descriptors {
  return new Map(
    GUARDED.map((proto) => [
      proto,
      new Map(Reflect.ownKeys(proto).map((key) => [key, Reflect.getOwnPropertyDescriptor(proto, key) ?? {}])),
    ]),
  );
}

/** Keys added to, removed from or changed on the built-in prototypes since `before`. */
export function prototypeChanges(before: Descriptors): string[] {
  const changes: string[] = [];
  for (const [proto, was] of before) {
    const name = proto === Object.prototype ? 'Object' : (proto as { constructor: { name: string } }).constructor.name;
    const now = Reflect.ownKeys(proto);
    for (const key of now) {
      const old = was.get(key);
      const current = Reflect.getOwnPropertyDescriptor(proto, key);
      if (!old) changes.push(`${name}.prototype.${String(key)} added`);
      else if (old.value !== current?.value || old.get !== current?.get || old.set !== current?.set)
        changes.push(`${name}.prototype.${String(key)} changed`);
    }
    for (const key of was.keys()) if (!now.includes(key)) changes.push(`${name}.prototype.${String(key)} removed`);
  }
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'x', '0'])
    if (probe[key] !== undefined) changes.push(`({}).${key} is ${String(probe[key])}`);
  return changes;
}

export interface StoredResponse {
  id: string;
  locale: string;
  channel: string;
  status: string;
  surveyVersionId: string;
  answers: { questionId: string; value: unknown }[];
}

export async function storedResponses(app: FastifyInstance, ids?: string[]): Promise<StoredResponse[]> {
  if (ids?.length === 0) return [];
  let query = app.db
    .selectFrom('responses')
    .select(['id', 'locale', 'channel', 'status', 'survey_version_id as surveyVersionId', 'answers']);
  if (ids) query = query.where('id', 'in', ids);
  const responses = await query.execute();
  return responses.map(({ answers, ...r }) => ({
    ...r,
    answers: answerEntries(answers).map(({ questionId, answer }) => ({ questionId, value: answer })),
  }));
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Stored answers back as the form values they came from (what validation reads). */
export function asFormValues(survey: Survey, response: StoredResponse): { values: FormValues; problems: string[] } {
  const values: FormValues = Object.create(null);
  const problems: string[] = [];
  for (const { questionId, value: stored } of response.answers) {
    const question = survey.questions.find((q) => q.id === questionId);
    if (!question) {
      problems.push(`an answer to ${questionId}, which the survey does not ask`);
      continue;
    }
    const { value, writeIn, personalDetails, ...rest } = (stored ?? {}) as {
      value?: unknown;
      writeIn?: unknown;
      personalDetails?: unknown;
    };
    if (personalDetails !== undefined && !Array.isArray(personalDetails))
      problems.push(`${questionId}: personal details ${JSON.stringify(personalDetails)}`);
    if (Object.keys(rest).length > 0) problems.push(`${questionId}: unexpected keys ${Object.keys(rest).join(', ')}`);
    if (typeof value !== 'string' && !isStringList(value)) {
      problems.push(`${questionId}: value ${JSON.stringify(value)}`);
      continue;
    }
    if (question.kind === 'text' && question.preferNotToSay && value === PREFER_NOT) {
      values[preferNotField(questionId)] = 'yes';
    } else {
      values[questionId] = value;
    }
    if (writeIn !== undefined) {
      if (typeof writeIn !== 'string') problems.push(`${questionId}: writeIn ${JSON.stringify(writeIn)}`);
      else if (question.kind !== 'choice' || !question.writeIn)
        problems.push(`${questionId}: a write-in it has no field for`);
      else {
        const chosen = Array.isArray(value) ? value : [value];
        if (!chosen.some((c) => question.writeIn?.forCodes.includes(c)))
          problems.push(`${questionId}: a write-in beside ${chosen.join(', ')}, which does not ask for one`);
        values[writeInField(questionId)] = writeIn;
      }
    }
  }
  return { values, problems };
}

/** Text as it may be stored: clean (NFC, `\n`, no NUL or other controls, trimmed) and not empty. */
function textProblems(where: string, value: string): string[] {
  const problems: string[] = [];
  if (value.includes('\u0000')) problems.push(`${where}: a NUL byte`);
  if (cleanText(value) !== value) problems.push(`${where}: not clean text ${JSON.stringify(value.slice(0, 80))}`);
  if (value === '') problems.push(`${where}: an empty string`);
  return problems;
}

/** Everything wrong with what was stored for one response. */
export function responseProblems(survey: Survey, versionId: string, response: StoredResponse): string[] {
  const problems: string[] = [];
  if (response.surveyVersionId !== versionId) problems.push(`version ${response.surveyVersionId}`);
  if (!(LOCALE_CODES as readonly string[]).includes(response.locale))
    problems.push(`locale ${JSON.stringify(response.locale)}`);
  if (response.channel !== 'online') problems.push(`channel ${response.channel}`);
  if (response.status === 'withdrawn') {
    if (response.answers.length > 0) problems.push(`withdrawn, yet ${response.answers.length} answers remain`);
    return problems.map((p) => `response ${response.id}: ${p}`);
  }
  const { values, problems: shapeProblems } = asFormValues(survey, response);
  problems.push(...shapeProblems);
  for (const [field, value] of Object.entries(values))
    for (const v of Array.isArray(value) ? value : [value]) problems.push(...textProblems(field, v));
  const invalid = validateSurvey(survey, values);
  if (invalid)
    problems.push(
      `fails validation on ${invalid.page.id}: ${invalid.errors.map((e) => `${e.field} ${e.key}`).join(', ')}`,
    );
  const asked = Object.keys(keepVisible(survey, values)).sort();
  const kept = Object.keys(values).sort();
  if (asked.join() !== kept.join())
    problems.push(`answers to questions not asked: ${kept.filter((k) => !asked.includes(k))}`);
  return problems.map((p) => `response ${response.id}: ${p}`);
}

/** The little of a tap test that `holds` uses. */
export interface Reporter {
  comment(...message: unknown[]): unknown;
  notOk(value: unknown, message: string): unknown;
  fail(message: string): unknown;
}

/** A value for a report: long strings shortened, so a counterexample stays readable. */
const abridged = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} characters)…${v.slice(-20)}` : v,
  );

/** Runs a property; on failure, reports the seed, path and (abridged) counterexample. */
export async function holds<T>(t: Reporter, property: fc.IAsyncProperty<T>, params: fc.Parameters<T>): Promise<void> {
  const started = Date.now();
  const details = await fc.check(property, params);
  t.comment(`${details.numRuns} runs, seed ${details.seed}, ${Date.now() - started} ms`);
  if (!details.failed) return void t.notOk(false, 'holds');
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  t.comment(
    [
      `Property failed after ${details.numRuns} tests, shrunk ${details.numShrinks} times`,
      `replay: FC_SEED=${details.seed} (path ${details.counterexamplePath})`,
      `counterexample: ${abridged(details.counterexample)}`,
      error,
    ].join('\n'),
  );
  t.fail(`the property fails: ${error.split('\n').join(' ')}`);
}
