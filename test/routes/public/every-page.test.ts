// Promises 1, 2 and 3 on every public page in every shipped locale: no cookie, no script,
// <html lang dir> from the curated locale table, and at most 14 KB on the wire (the page as
// the server sends it with gzip, plus the gzipped stylesheet it links to).
import t from 'tap';
import { LOCALES } from '../../../src/i18n/locales.js';
import { DEMO_SURVEY_FILE, readSurveyFile } from '../../../src/surveys/demo.js';
import { build } from '../../helper.js';
import { Browser, htmlTag, type Page, SurveyWalker, stylesheetHref, walkToCheck } from '../../support/public-pages.js';

const BUDGET_BYTES = 14 * 1024;
const SLUG = 'your-experience';
const survey = readSurveyFile(DEMO_SURVEY_FILE);

const app = await build(t);

/** Each stylesheet, fetched once with gzip like the pages. */
const stylesheets = new Map<string, Page>();
async function stylesheet(browser: Browser, href: string): Promise<Page> {
  const known = stylesheets.get(href);
  if (known) return known;
  const css = await browser.get(href);
  stylesheets.set(href, css);
  return css;
}

LOCALES.forEach((locale, index) => {
  t.test(`every public page in ${locale.code}`, async (t) => {
    // One address per locale: each locale's walk is its own resident, so the per-address
    // limits (submissions, wrong receipt codes) never mix locales.
    const browser = new Browser(app, { remoteAddress: `198.51.100.${index + 1}`, gzip: true });
    const pages: { name: string; page: Page; lang: string; dir: string; status: number }[] = [];
    const own = (name: string, page: Page, status = 200) =>
      pages.push({ name, page, lang: locale.code, dir: locale.dir, status });

    // The chooser is always English markup (each language is tagged on its own line), whatever
    // the browser's language; Accept-Language only adds a suggestion.
    pages.push({
      name: '/',
      page: await browser.get('/', { 'accept-language': `${locale.code},en;q=0.5` }),
      lang: 'en',
      dir: 'ltr',
      status: 200,
    });
    own('home', await browser.get(`/${locale.code}/`));

    // The survey, page by page, with the resident's account in their own language and script.
    const story = (survey.intro[locale.code] ?? survey.intro.en ?? '').split('\n\n')[0] ?? '';
    const walker = new SurveyWalker(browser, locale.code);
    await walkToCheck(
      walker,
      { serviceOther: 'Rugta caafimaadka', story, more: story.slice(0, 200), better: story.slice(0, 120) },
      (w) => {
        if (w.page) own(`step ${w.step}`, w.page);
      },
    );
    t.same(
      pages.filter((p) => p.name.startsWith('step ')).map((p) => p.name.slice(5)),
      ['start', 'service', 'story', 'background', 'background_more', 'better', 'about_you', 'consent', 'check'],
      'every step of the demo survey was seen',
    );

    // A question page re-rendered with an error summary (422).
    const failing = new SurveyWalker(browser, locale.code);
    await failing.start();
    await failing.press('next');
    await failing.press('next', [['service', 'gp']]);
    await failing.press('next');
    t.equal(failing.step, 'story');
    if (failing.page) own('story with errors', failing.page, 422);

    await walker.press('submit');
    t.ok(walker.receipt, 'a receipt code is shown');
    if (walker.page) own('confirmation', walker.page);
    const code = walker.receipt ?? '';

    own('print', await browser.get(`/${locale.code}/surveys/${SLUG}/print`));
    const receiptUrl = `/${locale.code}/receipt`;
    own('receipt form', await browser.get(receiptUrl));
    own('receipt wrong code', await browser.post(receiptUrl, [['code', 'ZZZZ-ZZZZ-ZZZZ']]), 422);
    own('receipt status', await browser.post(receiptUrl, [['code', code]]));
    own(
      'withdraw confirmation',
      await browser.post(receiptUrl, [
        ['code', code],
        ['_action', 'withdraw'],
      ]),
    );
    own(
      'withdrawn',
      await browser.post(receiptUrl, [
        ['code', code],
        ['_action', 'confirm-withdraw'],
      ]),
    );
    own('receipt status after withdrawal', await browser.post(receiptUrl, [['code', code]]));
    own('not found', await browser.get(`/${locale.code}/no-such-page`), 404);

    let largest = { name: '', bytes: 0, html: 0 };
    for (const { name, page, lang, dir, status } of pages) {
      t.equal(page.status, status, `${name}: status ${status}`);
      t.equal(page.headers['set-cookie'], undefined, `${name}: no Set-Cookie`);
      t.notMatch(page.html, /<script/i, `${name}: no <script`);
      t.same(htmlTag(page.html), { lang, dir }, `${name}: <html lang="${lang}" dir="${dir}">`);
      const href = stylesheetHref(page.html);
      t.ok(href, `${name}: links its stylesheet`);
      const css = href ? await stylesheet(browser, href) : undefined;
      t.equal(css?.status, 200, `${name}: its stylesheet is served`);
      t.match(String(css?.headers['content-type']), /^text\/css/);
      t.equal(css?.headers['set-cookie'], undefined, `${name}: the stylesheet sets no cookie`);
      // Pages over @fastify/compress's 1 KB threshold are really compressed. Not the not-found
      // page: @fastify/compress hooks routes as they are added (onRoute), and the not-found
      // handler is not one, so it goes out as it is (about 1 KB; its raw size is what counts).
      if (Buffer.byteLength(page.html) > 1024 && status !== 404)
        t.equal(page.headers['content-encoding'], 'gzip', `${name}: gzipped`);
      const total = page.wireBytes + (css?.wireBytes ?? 0);
      t.ok(total <= BUDGET_BYTES, `${name}: ${total} bytes on the wire with its stylesheet (budget ${BUDGET_BYTES})`);
      if (total > largest.bytes) largest = { name, bytes: total, html: Buffer.byteLength(page.html) };
    }
    const cssBytes = [...stylesheets.values()][0]?.wireBytes;
    t.comment(
      `${locale.code}: largest page "${largest.name}": ${largest.bytes} bytes on the wire with its stylesheet ` +
        `(${cssBytes} of them the stylesheet; ${largest.html} bytes uncompressed HTML)`,
    );
  });
});
