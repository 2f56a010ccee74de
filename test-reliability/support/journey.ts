// The resident's side over real HTTP: walk the demo survey once to its check-your-answers
// page, then build complete final submits from that page's hidden fields, each with a fresh
// token aged a minute (the "too fast" check is real) whose nonce fixes the receipt code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReceipt, hashReceipt, receiptForNonce } from '../../src/accounts/receipt-code.js';
import { issueFormToken, readFormToken } from '../../src/surveys/form-token.js';
import { encode, type Fields, hiddenInputs } from '../../test/support/forms.js';
import { demoSteps, escapeHtml } from '../../test/support/public-pages.js';
import { PROJECT_DIR } from '../../test/support/spawn-server.js';
import { SECRET } from './env.js';
import type { HttpClient } from './http.js';

export const SLUG = 'your-experience';

/** What the resident typed, with characters that must survive escaping and storage. */
export const STORY =
  'Reliability run: the receptionist said "come back tomorrow" & I waited <three> hours. Waan sugay. انتظرت طويلاً';
const STEPS: Fields[] = demoSteps({
  serviceOther: 'Walk-in centre',
  story: STORY,
  more: 'They assumed I did not speak English.',
  better: 'An interpreter without having to ask twice.',
});

/** Questions answered on the walk (write-ins ride inside their question's answer). */
export const ANSWERED_QUESTIONS = new Set(
  STEPS.flat()
    .map(([name]) => name)
    .filter((name) => !name.includes('__')),
).size;

export const surveyPath = (locale: string) => `/${locale}/surveys/${SLUG}`;

/**
 * Walks the demo survey page by page over HTTP and returns the check page's hidden fields:
 * everything a final submit carries, the token included (replace it per submit).
 */
export async function walkToCheck(client: HttpClient, baseUrl: string, locale = 'en'): Promise<Fields> {
  const url = baseUrl + surveyPath(locale);
  let page = await client.get(url);
  if (page.status !== 200) throw new Error(`GET ${url} answered ${page.status}`);
  for (const answers of STEPS) {
    page = await client.post(url, encode([...hiddenInputs(page.body), ...answers, ['_goto', 'next']]));
    if (page.status !== 200) throw new Error(`a step of the survey answered ${page.status}`);
  }
  const fields = hiddenInputs(page.body);
  const step = fields.find(([name]) => name === '_step')?.[1];
  if (step !== 'check') throw new Error(`expected the check page at the end of the walk, got step ${step}`);
  return fields;
}

export interface Submission {
  /** The urlencoded body of a final submit (Send on the check page). */
  form: string;
  token: string;
  /** The receipt the service must show for this token, as XXXX-XXXX-XXXX. */
  receipt: string;
  /** What responses.receipt_hash must hold once it is stored. */
  hash: string;
}

/** A complete final submit with a fresh token opened a minute ago (as a resident would). */
export function newSubmission(checkFields: Fields): Submission {
  const token = issueFormToken(SECRET, Date.now() - 60_000);
  const nonce = readFormToken(SECRET, token)?.nonce;
  if (!nonce) throw new Error('could not read back a token just issued');
  const code = receiptForNonce(SECRET, nonce);
  const fields = checkFields.map(([name, value]): [string, string] => [name, name === '_token' ? token : value]);
  return {
    form: encode([...fields, ['_goto', 'submit']]),
    token,
    receipt: formatReceipt(code),
    hash: hashReceipt(SECRET, code),
  };
}

/** Pressing Send again on a page the service sent back (its hidden fields, its token). */
export function resubmitForm(html: string): string {
  return encode([...hiddenInputs(html), ['_goto', 'submit']]);
}

/** The receipt code shown on a confirmation page. */
export function shownReceipt(html: string): string | undefined {
  return /<p class="receipt"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
}

const translations = new Map<string, Record<string, Record<string, unknown>>>();

/** An interface string of a shipped locale, as Handlebars writes it into a page. */
export function interfaceText(locale: string, group: string, key: string): string {
  let resource = translations.get(locale);
  if (!resource) {
    resource = JSON.parse(readFileSync(join(PROJECT_DIR, 'locales', locale, 'translation.json'), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    translations.set(locale, resource);
  }
  const text = resource[group]?.[key];
  if (typeof text !== 'string') throw new Error(`no ${group}.${key} in locale ${locale}`);
  return escapeHtml(text);
}

export const RTL = new Set(['ar', 'fa']);

/**
 * What is wrong with a page the service sent back because the database was away: it must be
 * the check-your-answers page, in the resident's language, with a "could not save" notice
 * and every answer still in the form. An empty list means the page is right.
 */
export function refusalProblems(html: string, locale: string, token: string): string[] {
  const problems: string[] = [];
  const dir = RTL.has(locale) ? 'rtl' : 'ltr';
  if (!html.includes(`<html lang="${locale}" dir="${dir}">`)) problems.push(`not in ${locale}`);
  if (!html.includes(interfaceText(locale, 'refusal', 'unavailableTitle'))) problems.push('no "could not save" notice');
  if (!html.includes(interfaceText(locale, 'survey', 'checkTitle'))) problems.push('not the check-your-answers page');
  const fields = new Map(hiddenInputs(html));
  if (fields.get('_step') !== 'check') problems.push('the form is not at the check step');
  if (fields.get('_token') !== token) problems.push('the form token changed (the receipt would change)');
  if (fields.get('what_happened') !== STORY) problems.push('the account text is not in the hidden fields');
  if (!html.includes(escapeHtml(STORY))) problems.push('the account text is not shown');
  for (const [name, value] of STEPS.flat()) {
    if (fields.get(name) !== value) problems.push(`answer ${name} is missing`);
  }
  return problems;
}
