// A resident going through the demo survey in a real browser: what they answer on each page,
// and a walker that answers and presses the page's buttons (real form submissions, the
// browser's own navigation). The keyboard suite types the same answers with keys only.
import type { Page } from 'playwright-core';
import { DEMO_SURVEY_FILE, readSurveyFile } from '../src/surveys/demo.js';
import { MIN_FORM_SECONDS } from '../src/surveys/form-token.js';

export const SURVEY_SLUG = 'your-experience';

export type Answer =
  /** A radio button: pick `value` in the group `name`. */
  | { kind: 'choose'; name: string; value: string }
  /** A checkbox. */
  | { kind: 'tick'; name: string; value: string }
  /** A text box or text area. */
  | { kind: 'type'; name: string; text: string };

/** The demo survey's question pages, in order, taking the "tell us more" branch. */
export const DEMO_STEPS = [
  'service',
  'story',
  'background',
  'background_more',
  'better',
  'about_you',
  'consent',
] as const;
export type DemoStep = (typeof DEMO_STEPS)[number];

const survey = readSurveyFile(DEMO_SURVEY_FILE);

/** What a resident answers on each page; the long answers are in their own language and script. */
export function demoAnswers(locale: string, options: { short?: boolean } = {}): Record<DemoStep, Answer[]> {
  const intro = (survey.intro[locale as keyof typeof survey.intro] ?? survey.intro.en ?? '').split('\n\n')[0] ?? '';
  // Typing key by key is slow: the keyboard suite asks for short answers.
  const story = options.short ? intro.slice(0, 40) : intro;
  const choose = (name: string, value: string): Answer => ({ kind: 'choose', name, value });
  const type = (name: string, text: string): Answer => ({ kind: 'type', name, text });
  return {
    service: [choose('service', 'other'), type('service__other', 'Rugta caafimaadka'), choose('when', 'last_3_months')],
    story: [type('what_happened', story), choose('treated', '2')],
    background: [choose('background_affected', 'yes')],
    background_more: [type('background_more', story.slice(0, 200))],
    better: [type('better', story.slice(0, 120)), choose('trust', '2'), choose('vaccine_confidence', '3')],
    about_you: [
      choose('ethnic_group', '6'),
      type('ethnic_group__other', 'Somali'),
      choose('age_band', '35_44'),
      choose('sex', 'female'),
      choose('main_language', 'somali'),
      type('postcode_district', 'W12'),
    ],
    consent: [{ kind: 'tick', name: 'consent', value: 'yes' }],
  };
}

/** The visible field an answer goes into. */
export function answerSelector(answer: Answer): string {
  return answer.kind === 'type'
    ? `:is(input[type="text"], textarea)[name="${answer.name}"]`
    : `input[name="${answer.name}"][value="${answer.value}"]:not([type="hidden"])`;
}

/**
 * Runs `act` (a click or key press that submits a form or follows a link) and waits for the
 * page it leads to; the HTTP status of that page.
 */
export async function navigation(page: Page, act: () => Promise<unknown>): Promise<number> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), act()]);
  return response?.status() ?? 0;
}

/** Opens a URL; the HTTP status. */
export async function open(page: Page, url: string): Promise<number> {
  return (await page.goto(url, { waitUntil: 'load' }))?.status() ?? 0;
}

/** The survey step (`start`, a page id, `check`) of the page on screen, if it is a survey step. */
export async function currentStep(page: Page): Promise<string | undefined> {
  const input = await page.$('input[name="_step"]');
  return (await input?.getAttribute('value')) ?? undefined;
}

/** The receipt code on the confirmation page. */
export async function receiptOnPage(page: Page): Promise<string | undefined> {
  return (await page.locator('p.receipt').textContent())?.trim() || undefined;
}

export class SurveyWalker {
  private startedAt = 0;

  constructor(
    readonly page: Page,
    readonly base: string,
    readonly locale: string,
    readonly slug = SURVEY_SLUG,
  ) {}

  get url() {
    return `${this.base}/${this.locale}/surveys/${this.slug}`;
  }

  async start(): Promise<number> {
    const status = await open(this.page, this.url);
    this.startedAt = Date.now();
    return status;
  }

  async answer(answers: Answer[]): Promise<void> {
    for (const answer of answers) {
      const selector = answerSelector(answer);
      if (answer.kind === 'type') await this.page.fill(selector, answer.text);
      else await this.page.check(selector);
    }
  }

  /** Presses Continue (`next`), Back (`back`) or Send (`submit`); the status of the next page. */
  async press(goto: 'next' | 'back' | 'submit'): Promise<number> {
    if (goto === 'submit') await this.readyToSend();
    return navigation(this.page, () => this.page.click(`button[name="_goto"][value="${goto}"]`));
  }

  /**
   * Waits until the form is old enough to send: answers sent within MIN_FORM_SECONDS of the
   * start page are turned away as a bot's (a person always takes longer; a test may not).
   */
  async readyToSend(): Promise<void> {
    const wait = this.startedAt + MIN_FORM_SECONDS * 1000 + 500 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** A page the browser arrived at: a name for reports, its status and the status it should have. */
export interface Arrival {
  name: string;
  status: number;
  expected: number;
}

/**
 * Walks the demo survey from its start page to the confirmation, yielding each page once it
 * has loaded; the receipt code at the end. With `errorsOn`, Continue is first pressed on that
 * page with nothing filled in, so the page comes back with its errors shown.
 */
export async function* walkSurvey(
  walker: SurveyWalker,
  options: { answers: Record<DemoStep, Answer[]>; errorsOn?: DemoStep },
): AsyncGenerator<Arrival, string> {
  yield { name: 'survey start', status: await walker.start(), expected: 200 };
  let status = await walker.press('next');
  for (const id of DEMO_STEPS) {
    const step = await currentStep(walker.page);
    if (step !== id) throw new Error(`expected the question page "${id}", the browser shows "${step}"`);
    yield { name: `question page ${id}`, status, expected: 200 };
    if (id === options.errorsOn) {
      status = await walker.press('next');
      yield { name: `question page ${id} with errors`, status, expected: 422 };
    }
    await walker.answer(options.answers[id]);
    status = await walker.press('next');
  }
  const step = await currentStep(walker.page);
  if (step !== 'check') throw new Error(`expected the check page, the browser shows "${step}"`);
  yield { name: 'check answers', status, expected: 200 };
  status = await walker.press('submit');
  yield { name: 'confirmation', status, expected: 200 };
  const receipt = await receiptOnPage(walker.page);
  if (!receipt) throw new Error('no receipt code on the confirmation page');
  return receipt;
}
