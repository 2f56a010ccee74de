// The demo survey with the keyboard alone, from the language chooser to the receipt: only
// Tab, Shift+Tab, arrow keys, Space, Enter and typing; at every stop the focused element is on
// screen with a focus indicator. Then the same survey with JavaScript switched off.

import type { Page } from 'playwright-core';
import t from 'tap';
import { MIN_FORM_SECONDS } from '../src/surveys/form-token.js';
import { chromiumGate, sleep, startSuite } from './browser.js';
import { type FocusState, focusState } from './in-page.js';
import {
  type Answer,
  currentStep,
  DEMO_STEPS,
  demoAnswers,
  navigation,
  receiptOnPage,
  SURVEY_SLUG,
  SurveyWalker,
  walkSurvey,
} from './journey.js';

const RECEIPT = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
/** More stops than any page has: past this, the thing looked for is not reachable. */
const MAX_STOPS = 80;

/** A resident with a keyboard: every key press is followed by a look at what has focus. */
class KeyboardResident {
  /** Focus stops on the current page that were hidden or had no indicator. */
  problems: string[] = [];
  stops = 0;
  total = 0;
  /** Every kind of focus indicator met, for the report. */
  indicators = new Set<string>();
  private startedAt = 0;

  constructor(readonly page: Page) {}

  /** A new page: its problems start afresh. */
  arrived(): { problems: string[]; stops: number } {
    const done = { problems: this.problems, stops: this.stops };
    this.problems = [];
    this.stops = 0;
    return done;
  }

  async key(key: string): Promise<FocusState | undefined> {
    await this.page.keyboard.press(key);
    const state = await this.page.evaluate(focusState);
    if (state) {
      this.stops += 1;
      this.total += 1;
      if (state.indicator) this.indicators.add(state.indicator);
      if (!state.visible) this.problems.push(`${key} → ${state.what}: not visible`);
      if (!state.indicator) this.problems.push(`${key} → ${state.what}: no focus indicator`);
    }
    return state;
  }

  async tabTo(what: string, wanted: (s: FocusState) => boolean, key = 'Tab'): Promise<FocusState> {
    for (let i = 0; i < MAX_STOPS; i += 1) {
      const state = await this.key(key);
      if (state && wanted(state)) return state;
    }
    throw new Error(`${key} never reached ${what}`);
  }

  /** Enter on a link or button that leads to another page; that page's status. */
  async enter(): Promise<number> {
    return navigation(this.page, () => this.page.keyboard.press('Enter'));
  }

  async answer(answer: Answer): Promise<void> {
    const { name } = answer;
    if (answer.kind === 'type') {
      await this.tabTo(`the field ${name}`, (s) => s.name === name && (s.tag === 'textarea' || s.type === 'text'));
      await this.page.keyboard.type(answer.text);
      return;
    }
    if (answer.kind === 'tick') {
      const box = await this.tabTo(`the checkbox ${name}`, (s) => s.name === name && s.value === answer.value);
      if (!box.checked) await this.key('Space');
      return;
    }
    // A radio group is one Tab stop; the arrow keys move through it, choosing as they go.
    let state = await this.tabTo(`the radio group ${name}`, (s) => s.name === name && s.type === 'radio');
    for (let i = 0; state.value !== answer.value && i < MAX_STOPS; i += 1) {
      const next = await this.key('ArrowDown');
      if (!next) throw new Error(`ArrowDown left the radio group ${name}`);
      state = next;
    }
    if (state.value !== answer.value) throw new Error(`no radio ${answer.value} in ${name}`);
    if (!state.checked) state = (await this.key('Space')) ?? state;
    if (!state.checked) throw new Error(`radio ${name}=${answer.value} is not chosen`);
  }

  /** Tab (or Shift+Tab) to one of the survey's buttons and press Enter. */
  async press(goto: 'next' | 'submit', key = 'Tab'): Promise<number> {
    if (goto === 'submit') {
      const wait = this.startedAt + MIN_FORM_SECONDS * 1000 + 500 - Date.now();
      if (wait > 0) await sleep(wait);
    }
    await this.tabTo(`the ${goto} button`, (s) => s.tag === 'button' && s.name === '_goto' && s.value === goto, key);
    return navigation(this.page, () => this.page.keyboard.press('Enter'));
  }

  /** The start page is on screen: its form token dates from now (see journey.ts, readyToSend). */
  formOpened(): void {
    this.startedAt = Date.now();
  }
}

const gate = chromiumGate(t);
const suite = gate ? undefined : await startSuite(t);
// The three journeys side by side, each in its own context (Playwright gives every page its
// own emulated focus, so key presses in one never land in another).
t.jobs = 3;

for (const locale of ['en', 'so'] as const) {
  t.test(`${locale}: the demo survey with the keyboard alone`, { skip: gate }, async (t) => {
    if (!suite) return;
    const started = Date.now();
    const context = await suite.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const resident = new KeyboardResident(page);
    /** The resident leaves page `from` (having checked each focus stop) and arrives at `to`. */
    const leave = (from: string, status: number, to: string) => {
      const { problems, stops } = resident.arrived();
      t.same(problems, [], `${from}: all ${stops} focus stops visible with a focus indicator`);
      t.equal(status, 200, `${to}: HTTP 200`);
    };

    // The only navigation not made with keys: opening the service's address.
    t.equal((await page.goto(`${suite.base}/`))?.status(), 200, 'language chooser: HTTP 200');
    const skip = await resident.key('Tab');
    t.match(skip, { tag: 'a', href: '#main', visible: true }, 'the first Tab shows the skip link');
    await resident.tabTo(`the ${locale} link`, (s) => s.href === `/${locale}/`);
    leave('language chooser', await resident.enter(), 'home');

    await resident.tabTo('the survey link', (s) => s.href === `/${locale}/surveys/${SURVEY_SLUG}`);
    leave('home', await resident.enter(), 'survey start');
    t.equal(await currentStep(page), 'start', 'the survey start page');
    resident.formOpened();

    let from = 'survey start';
    const answers = demoAnswers(locale, { short: true });
    for (const id of DEMO_STEPS) {
      const status = await resident.press('next');
      leave(from, status, `question page ${id}`);
      t.equal(await currentStep(page), id, `question page ${id} is on screen`);
      if (id === DEMO_STEPS[0]) {
        // The skip link takes focus past the header to <main>; Tab goes on from there.
        await resident.key('Tab');
        await page.keyboard.press('Enter');
        t.equal((await page.evaluate(focusState))?.id, 'main', 'Enter on the skip link moves focus to <main>');
      }
      for (const answer of answers[id]) await resident.answer(answer);
      from = `question page ${id}`;
    }
    leave(from, await resident.press('next'), 'check answers');
    t.equal(await currentStep(page), 'check', 'check answers is on screen');

    // Send is the last control on the page: the quickest way there is backwards from the end.
    leave('check answers', await resident.press('submit', 'Shift+Tab'), 'confirmation');
    const receipt = await receiptOnPage(page);
    t.match(receipt, RECEIPT, `the confirmation shows a receipt code (${receipt})`);
    await context.close();
    t.comment(
      `${locale}: ${resident.total} focus stops in ${((Date.now() - started) / 1000).toFixed(1)} s; indicators seen: ${[...resident.indicators].join('; ')}`,
    );
  });
}

t.test('en: the demo survey with JavaScript disabled', { skip: gate }, async (t) => {
  if (!suite) return;
  const context = await suite.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const walker = new SurveyWalker(page, suite.base, 'en');
  const pages: string[] = [];
  for await (const arrival of walkSurvey(walker, { answers: demoAnswers('en'), errorsOn: 'story' })) {
    t.equal(arrival.status, arrival.expected, `${arrival.name}: HTTP ${arrival.expected}`);
    pages.push(arrival.name);
  }
  t.equal(pages.at(-1), 'confirmation', 'reached the confirmation page');
  t.match(await receiptOnPage(page), RECEIPT, 'with a receipt code');
  await context.close();
});
