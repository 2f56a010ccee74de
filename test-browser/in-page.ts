// Checks that run inside the page (page.evaluate), and the axe-core run. Each function here is
// serialised and sent to the browser, so it must not use anything from its module scope.
//
// The project's tsconfig has no DOM library (it is a server), so the little of the DOM these
// functions use is declared here; `document` and friends are the page's own at run time.
import type { AxeResults, RunOptions } from 'axe-core';
import axe from 'axe-core';
import type { Page } from 'playwright-core';

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}
interface DomNode {
  nodeType: number;
  textContent: string | null;
  parentElement: DomElement | null;
}
interface DomElement extends DomNode {
  tagName: string;
  id: string;
  checked?: boolean;
  className: string;
  getBoundingClientRect(): Rect;
  getAttribute(name: string): string | null;
  closest(selector: string): DomElement | null;
  contains(other: DomNode): boolean;
  querySelectorAll(selector: string): Iterable<DomElement>;
}
interface Style {
  display: string;
  visibility: string;
  outlineStyle: string;
  outlineWidth: string;
  boxShadow: string;
  position: string;
}
declare const document: {
  documentElement: DomElement;
  scrollingElement: { scrollWidth: number; clientWidth: number } | null;
  activeElement: DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  createTreeWalker(root: DomElement, whatToShow: number): { nextNode(): DomNode | null };
};
declare const window: { innerWidth: number; innerHeight: number };
declare function getComputedStyle(element: DomElement): Style;

/** The WCAG levels the issue names, as axe-core tags them. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

/**
 * axe-core's violations on the page as it is. axe is evaluated through the DevTools protocol
 * (page.evaluate), which the page's `script-src 'none'` does not govern, so the page keeps its
 * real Content-Security-Policy: a style the policy blocks stays blocked while axe looks, and
 * nothing is judged that a resident would not see. (A <script> tag via addScriptTag would be
 * refused by the policy, and bypassCSP would change what is rendered.)
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(axe.source);
  const options: RunOptions = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] };
  return page.evaluate(async (runOptions) => {
    const runner = (globalThis as unknown as { axe: { run(c: unknown, o: RunOptions): Promise<AxeResults> } }).axe;
    const results = await runner.run(document, runOptions);
    return results.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        html: n.html.slice(0, 300),
        summary: n.failureSummary ?? '',
      })),
    }));
  }, options);
}

export interface Overflow {
  scrollWidth: number;
  clientWidth: number;
  /** The outermost elements that reach past either edge of the viewport. */
  offenders: string[];
}

/** How wide the page scrolls against how wide the viewport is, and what sticks out. */
export function horizontalOverflow(): Overflow {
  const describe = (el: DomElement) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
  const scroller = document.scrollingElement ?? { scrollWidth: 0, clientWidth: 0 };
  const width = scroller.clientWidth;
  const outside: DomElement[] = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= width + 1 && r.left >= -1) continue;
    if (outside.some((o) => o.contains(el))) continue;
    outside.push(el);
  }
  return {
    scrollWidth: scroller.scrollWidth,
    clientWidth: scroller.clientWidth,
    offenders: outside.map(describe).slice(0, 8),
  };
}

export interface Target {
  what: string;
  width: number;
  height: number;
}

/**
 * Interactive targets smaller than `min` CSS px either way (WCAG 2.5.8): radio buttons,
 * checkboxes, buttons, and links inside <main> except links inline in a sentence (a link
 * shares its line with text that is not part of it). Hidden controls are left out.
 */
export function smallTargets(min: number): Target[] {
  const SHOW_TEXT = 4;
  const describe = (el: DomElement) => {
    const label = el.id ? `#${el.id}` : `"${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    return `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : ''} ${label}`;
  };
  const isBlock = (el: DomElement) => !['inline', 'contents'].includes(getComputedStyle(el).display);
  const blockOf = (el: DomElement) => {
    let up = el.parentElement;
    while (up && !isBlock(up)) up = up.parentElement;
    return up;
  };
  const inSentence = (link: DomElement) => {
    if (getComputedStyle(link).display !== 'inline') return false;
    const block = blockOf(link);
    if (!block) return false;
    const walker = document.createTreeWalker(block, SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (link.contains(node) || !(node.textContent ?? '').trim()) continue;
      const parent = node.parentElement;
      if (!parent) continue;
      // Text in the link's own line: its nearest block is the link's block, and it is shown.
      const nearest = isBlock(parent) ? parent : blockOf(parent);
      if (nearest === block && parent.getBoundingClientRect().width > 1) return true;
    }
    return false;
  };
  const candidates = [
    ...document.querySelectorAll('input[type="radio"], input[type="checkbox"], button'),
    ...[...document.querySelectorAll('main a[href]')].filter((a) => !inSentence(a)),
  ];
  const small: Target[] = [];
  for (const el of candidates) {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || r.width <= 1 || r.height <= 1) continue;
    if (el.closest('.visually-hidden')) continue;
    if (r.width < min - 0.05 || r.height < min - 0.05)
      small.push({ what: describe(el), width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10 });
  }
  return small;
}

export interface FocusState {
  what: string;
  tag: string;
  id: string;
  name: string;
  value: string;
  type: string;
  href: string;
  checked: boolean;
  /** Shown: has a size, not hidden, and on screen. */
  visible: boolean;
  /** A focus indicator: an outline or a box shadow. */
  indicator: string;
}

/** The element that has focus, and whether it is visible with a focus indicator. */
export function focusState(): FocusState | undefined {
  const el = document.activeElement;
  if (!el || el.tagName === 'BODY' || el.tagName === 'HTML') return undefined;
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const onScreen = r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth;
  const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
  const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
  return {
    what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${text ? ` "${text}"` : ''}${el.getAttribute('value') ? ` value=${el.getAttribute('value')}` : ''}`,
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: el.getAttribute('name') ?? '',
    value: el.getAttribute('value') ?? '',
    type: el.getAttribute('type') ?? '',
    href: el.getAttribute('href') ?? '',
    checked: el.checked === true,
    visible: r.width > 1 && r.height > 1 && style.visibility !== 'hidden' && onScreen,
    indicator: [outline ? `outline ${style.outlineWidth} ${style.outlineStyle}` : '', shadow ? 'box-shadow' : '']
      .filter(Boolean)
      .join(' + '),
  };
}

declare const performance: {
  getEntriesByType(type: string): { name: string; loadEventEnd: number; transferSize: number }[];
};

export interface LoadTiming {
  /** When the load event finished, in ms from the start of the navigation (the browser's clock). */
  loadEventEnd: number;
  /** Bytes over the network: the page and everything it loaded (headers included). */
  transferBytes: number;
}

/** The browser's own timing of the navigation that brought this page. */
export function loadTiming(): LoadTiming {
  const [navigation] = performance.getEntriesByType('navigation');
  const resources = performance.getEntriesByType('resource');
  return {
    loadEventEnd: navigation?.loadEventEnd ?? -1,
    transferBytes: [navigation, ...resources].reduce((sum, entry) => sum + (entry?.transferSize ?? 0), 0),
  };
}
