// Every page in every locale, in Chromium: axe-core finds no WCAG 2.2 AA violation; and in
// English, Arabic (right to left) and Tigrinya (Ethiopic script) no page scrolls sideways at
// 320 px or at 200% zoom, and every target is at least 24 by 24 CSS px (WCAG 2.5.8).
import t from 'tap';
import { LOCALES } from '../src/i18n/locales.js';
import { chromiumGate, startSuite } from './browser.js';
import { type AxeFinding, axeViolations, horizontalOverflow, smallTargets } from './in-page.js';
import { type Area, publicPages } from './pages.js';

/** What is checked. The staff pages have their own suite: staff-accessibility.test.ts. */
const AREAS: { name: string; pages: Area }[] = [{ name: 'public', pages: publicPages }];

/** axe looks at a phone-sized page: most residents answer on a phone. */
const PHONE = { width: 360, height: 740 };

const LAYOUTS = [
  { name: '320 px', viewport: { width: 320, height: 640 } },
  // A 1280x720 window zoomed to 200%. Browser zoom makes each CSS pixel two device pixels, so
  // the page lays out in a 640x360 CSS px viewport and its media queries see 640 px: this
  // viewport is that, exactly (deviceScaleFactor 1 only changes how sharp it is drawn). CSS
  // `zoom` on <html> in a 1280 px viewport is not the same thing: media queries and viewport
  // units would still see 1280 px, which no resident zooming in ever gets.
  { name: '200% zoom (1280x720 at 200% = 640x360 CSS px)', viewport: { width: 640, height: 360 } },
];
const LAYOUT_LOCALES: readonly string[] = ['en', 'ar', 'ti'];
const MIN_TARGET_PX = 24;

const describe = (finding: AxeFinding) =>
  finding.nodes.map((node) => `${finding.rule} (${finding.impact}) ${finding.help}: ${node.target} ${node.html}`);

const gate = chromiumGate(t);
const suite = gate ? undefined : await startSuite(t);
// Two locales at a time: each has its own browser context; the server and browser are shared.
t.jobs = 2;

for (const locale of LOCALES) {
  const layout = LAYOUT_LOCALES.includes(locale.code);
  const name = `${locale.code}: no axe violations on any page${layout ? '; fits 320 px and 200% zoom; 24 px targets' : ''}`;
  t.test(name, { skip: gate }, async (t) => {
    if (!suite) return;
    const started = Date.now();
    const context = await suite.newContext({ locale: locale.code, viewport: PHONE });
    const page = await context.newPage();
    const seen: string[] = [];
    for (const area of AREAS) {
      for await (const arrival of area.pages(page, suite.base, locale.code)) {
        const where = `${locale.code} ${area.name} ${arrival.name}`;
        seen.push(arrival.name);
        t.equal(arrival.status, arrival.expected, `${where}: HTTP ${arrival.expected}`);
        t.same((await axeViolations(page)).flatMap(describe), [], `${where}: no axe violations`);
        if (!layout) continue;
        for (const { name: size, viewport } of LAYOUTS) {
          await page.setViewportSize(viewport);
          const overflow = await page.evaluate(horizontalOverflow);
          t.ok(
            overflow.scrollWidth <= overflow.clientWidth + 1,
            `${where} at ${size}: no sideways scrolling (${overflow.scrollWidth} <= ${overflow.clientWidth} px)`,
            { offenders: overflow.offenders },
          );
          const small = (await page.evaluate(smallTargets, MIN_TARGET_PX)).map(
            (target) => `${target.what}: ${target.width}x${target.height}`,
          );
          t.same(small, [], `${where} at ${size}: every target at least ${MIN_TARGET_PX}x${MIN_TARGET_PX} px`);
        }
        await page.setViewportSize(PHONE);
      }
    }
    await context.close();
    t.comment(`${locale.code}: ${seen.length} pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}
