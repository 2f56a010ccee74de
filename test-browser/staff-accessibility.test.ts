// Every staff page type in Chromium: axe-core finds no WCAG 2.2 AA violation at a phone's width
// and at a desktop's; at 320 px no page scrolls sideways, and every target is at least 24 by 24
// CSS px (WCAG 2.5.8); the resident's parts of a page are marked with the resident's language
// and direction (WCAG 3.1.2). The pages are reached through their own forms and links
// (staff-pages.ts).
import t from 'tap';
import { chromiumGate, startSuite } from './browser.js';
import { type AxeFinding, axeViolations, horizontalOverflow, smallTargets } from './in-page.js';
import { RESIDENT_PARTS, staffPages } from './staff-pages.js';

// No DOM library in the project's tsconfig: what languageOf uses of it.
interface Marked {
  closest(selector: string): { getAttribute(name: string): string | null } | null;
}
declare function getComputedStyle(element: Marked): { direction: string };

/** The language an element is marked with (its own or inherited) and its direction. */
const languageOf = (el: Marked) => ({
  lang: el.closest('[lang]')?.getAttribute('lang') ?? '',
  dir: getComputedStyle(el).direction,
});

const VIEWPORTS = [
  { name: 'phone (360 px)', viewport: { width: 360, height: 740 } },
  { name: 'desktop (1280 px)', viewport: { width: 1280, height: 800 } },
];
const NARROW = { width: 320, height: 640 };
const MIN_TARGET_PX = 24;

const describe = (finding: AxeFinding) =>
  finding.nodes.map((node) => `${finding.rule} (${finding.impact}) ${finding.help}: ${node.target} ${node.html}`);

const gate = chromiumGate(t);
const suite = gate ? undefined : await startSuite(t);

t.test(
  'staff pages: no axe violations at phone and desktop widths; fit 320 px; 24 px targets',
  { skip: gate },
  async (t) => {
    if (!suite) return;
    const started = Date.now();
    const [first] = VIEWPORTS;
    const context = await suite.newContext({ locale: 'en-GB', viewport: first?.viewport ?? NARROW });
    const page = await context.newPage();
    const seen: string[] = [];
    for await (const arrival of staffPages(suite.app)(page, suite.base, 'en')) {
      const where = `staff ${arrival.name}`;
      seen.push(arrival.name);
      t.equal(arrival.status, arrival.expected, `${where}: HTTP ${arrival.expected}`);
      for (const part of RESIDENT_PARTS[arrival.name] ?? []) {
        const found = await page.locator(part.selector).first().evaluate(languageOf);
        t.same(
          found,
          { lang: part.lang, dir: part.dir },
          `${where}: ${part.selector} is lang=${part.lang}, ${part.dir}`,
        );
      }
      for (const { name: size, viewport } of VIEWPORTS) {
        await page.setViewportSize(viewport);
        t.same((await axeViolations(page)).flatMap(describe), [], `${where} at ${size}: no axe violations`);
      }
      await page.setViewportSize(NARROW);
      const overflow = await page.evaluate(horizontalOverflow);
      t.ok(
        overflow.scrollWidth <= overflow.clientWidth + 1,
        `${where} at 320 px: no sideways scrolling (${overflow.scrollWidth} <= ${overflow.clientWidth} px)`,
        { offenders: overflow.offenders },
      );
      const small = (await page.evaluate(smallTargets, MIN_TARGET_PX)).map(
        (target) => `${target.what}: ${target.width}x${target.height}`,
      );
      t.same(small, [], `${where} at 320 px: every target at least ${MIN_TARGET_PX}x${MIN_TARGET_PX} px`);
      if (first) await page.setViewportSize(first.viewport);
    }
    await context.close();
    for (const name of Object.keys(RESIDENT_PARTS)) t.ok(seen.includes(name), `the walk reaches "${name}"`);
    t.comment(`${seen.length} staff pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  },
);
