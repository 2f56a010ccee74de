// A person using the keyboard alone: every key press is followed by a look at what has focus,
// and a focus stop that is hidden or has no indicator is a problem of the page it is on. Shared
// by the resident journey (keyboard.test.ts) and the staff pages (staff-keyboard.test.ts).
import type { Page } from 'playwright-core';
import { MIN_FORM_SECONDS } from '../src/surveys/form-token.js';
import { sleep } from './browser.js';
import { type FocusState, focusState } from './in-page.js';
import { type Answer, navigation } from './journey.js';

/** More stops than any page has: past this, the thing looked for is not reachable. */
export const MAX_STOPS = 80;

/** A resident with a keyboard: every key press is followed by a look at what has focus. */
export class KeyboardResident {
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
