// The demo survey with the keyboard alone, from the language chooser to the receipt: only
// Tab, Shift+Tab, arrow keys, Space, Enter and typing; at every stop the focused element is on
// screen with a focus indicator. Then the same survey with JavaScript switched off.

import t from 'tap';
import { chromiumGate, startSuite } from './browser.js';
import { focusState } from './in-page.js';
import {
  currentStep,
  DEMO_STEPS,
  demoAnswers,
  receiptOnPage,
  SURVEY_SLUG,
  SurveyWalker,
  walkSurvey,
} from './journey.js';
import { KeyboardResident } from './keyboard-user.js';

const RECEIPT = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
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
