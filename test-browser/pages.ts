// Every page a resident can meet, reached the way a resident reaches it (links, the survey's
// buttons, the receipt form), yielded one by one once loaded so a suite can check each.
//
// The staff pages are an `Area` of their own, staffPages in staff-pages.ts (it signs in, and
// needs the app to seed users and links); staff-accessibility.test.ts checks it. The checks run
// on whatever an area yields.
import type { Page } from 'playwright-core';
import type { LocaleCode } from '../src/i18n/locales.js';
import { type Arrival, demoAnswers, navigation, open, SURVEY_SLUG, SurveyWalker, walkSurvey } from './journey.js';

export type Area = (page: Page, base: string, locale: LocaleCode) => AsyncGenerator<Arrival, void>;

/** A code in the right shape that was never issued. */
export const WRONG_RECEIPT = 'ZZZZ-ZZZZ-ZZZZ';

export async function* publicPages(page: Page, base: string, locale: LocaleCode): AsyncGenerator<Arrival, void> {
  yield { name: 'language chooser /', status: await open(page, `${base}/`), expected: 200 };
  yield { name: 'home', status: await open(page, `${base}/${locale}/`), expected: 200 };

  const walker = new SurveyWalker(page, base, locale);
  const receipt = yield* walkSurvey(walker, { answers: demoAnswers(locale), errorsOn: 'story' });

  yield { name: 'print', status: await open(page, `${base}/${locale}/surveys/${SURVEY_SLUG}/print`), expected: 200 };

  const receiptUrl = `${base}/${locale}/receipt`;
  const press = (action: string) => navigation(page, () => page.click(`button[name="_action"][value="${action}"]`));
  yield { name: 'receipt form', status: await open(page, receiptUrl), expected: 200 };
  await page.fill('#f-code', receipt);
  yield { name: 'receipt status', status: await press('lookup'), expected: 200 };
  yield { name: 'withdraw confirmation', status: await press('withdraw'), expected: 200 };
  yield { name: 'withdrawn', status: await press('confirm-withdraw'), expected: 200 };
  // The wrong code comes last: wrong codes count against the address (every request here
  // comes from 127.0.0.1) and after ten of them every look-up is refused for fifteen minutes.
  // Each locale looks up its own code before trying a wrong one, so however the ten locales
  // interleave, the tenth wrong code comes after every right look-up.
  await open(page, receiptUrl);
  await page.fill('#f-code', WRONG_RECEIPT);
  yield { name: 'receipt with error', status: await press('lookup'), expected: 422 };

  yield { name: 'not found', status: await open(page, `${base}/${locale}/no-such-page`), expected: 404 };
}
