// The body a browser sends when a resident presses Send on the demo survey's check page: every
// answer rides along as a field (multi-page forms keep answers in hidden fields), plus the
// signed form token, `_step=check` and `_goto=submit`. Only the token changes per request.
import { issueFormToken } from '../../src/surveys/form-token.js';
import { demoSteps } from '../../test/support/public-pages.js';

/** A realistic account, about 600 characters, with the times and one phone number people write. */
export const ACCOUNT = [
  'I took my mother to the walk-in centre on a Tuesday evening because her chest pain had come back.',
  'We waited nearly four hours and nobody offered an interpreter, even though I asked twice at the desk.',
  'The nurse spoke only to me, not to her, and said she was probably exaggerating.',
  'When the doctor finally saw her at 10:40 he did not examine her properly and told us to ring',
  'the surgery on 020 7946 0018 in the morning.',
  'Nobody asked her how she felt. Two days later she was admitted to hospital with pneumonia.',
  'I felt we were not believed because of how we look and speak, and she does not want to go back.',
].join(' ');

// The same answers the test suites walk through, page by page, flattened into one final body.
const ANSWERS: [string, string][] = [
  ...demoSteps({
    serviceOther: 'Urgent treatment centre',
    story: ACCOUNT,
    more: 'Staff were kinder to the white family who came in after us.',
    better: 'An interpreter, and being listened to.',
  }).flat(),
  ['_step', 'check'],
  ['_goto', 'submit'],
];

/** Everything but the token, encoded once: only the token is built per request. */
const ENCODED_ANSWERS = new URLSearchParams(ANSWERS).toString();

/** A token as if the form had been opened a minute ago (the 5-second "too fast" check is real). */
export function agedToken(secret: string): string {
  return issueFormToken(secret, Date.now() - 60_000);
}

/** A complete final-submit body with its own token, so its own receipt (no de-duplication). */
export function finalSubmitBody(secret: string): string {
  return `${ENCODED_ANSWERS}&_token=${encodeURIComponent(agedToken(secret))}`;
}

export const DEMO_SURVEY_PATH = (locale: string) => `/${locale}/surveys/your-experience`;

/** The receipt code a confirmation page shows, or undefined if the page is not a confirmation. */
export function receiptOnPage(html: string): string | undefined {
  return /<p class="receipt"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
}
