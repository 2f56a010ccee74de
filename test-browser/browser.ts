// Shared by the browser suites: the Chromium that Debian installs (never one a tool downloads:
// these machines have no internet), the app listening on a real port on an isolated database,
// and the rule that a machine without Chromium skips the suites unless CI says they must run.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';
import type { Config } from '../src/config.js';
import { build } from '../test/helper.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM_MISSING = 'Chromium not installed: apt-get install -y chromium';

interface Tap {
  fail(message: string): unknown;
  comment(...args: unknown[]): unknown;
  teardown(fn: () => unknown): void;
}

/**
 * False when the suite can run; otherwise the reason its tests skip (pass it as `{ skip }`).
 * With CODKA_BROWSER_REQUIRED=1 a missing Chromium is a failure, so CI cannot go green by
 * silently skipping.
 */
export function chromiumGate(t: Tap): string | false {
  if (existsSync(CHROMIUM_PATH)) return false;
  if (process.env.CODKA_BROWSER_REQUIRED === '1') t.fail(`${CHROMIUM_MISSING} (CODKA_BROWSER_REQUIRED=1)`);
  else t.comment(CHROMIUM_MISSING);
  return CHROMIUM_MISSING;
}

export interface BrowserSuite {
  app: FastifyInstance;
  browser: Browser;
  /** `http://127.0.0.1:{port}`, no trailing slash. */
  base: string;
  /** A new context (its own cache and history), closed when the suite ends if still open. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/** The app on its own database, listening on a free port, and one browser for the file. */
export async function startSuite(t: Tap, config: Partial<Config> = {}): Promise<BrowserSuite> {
  const app = await build(t, config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const contexts = new Set<BrowserContext>();
  t.teardown(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser.close();
  });
  return {
    app,
    browser,
    base: `http://127.0.0.1:${port}`,
    async newContext(options = {}) {
      const context = await browser.newContext(options);
      // esbuild (tsx) wraps named functions in `__name(...)`, which does not exist in the page
      // when in-page.ts's functions are sent there; tap's own loader does not, but be safe.
      await context.addInitScript('globalThis.__name ??= (fn) => fn;');
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      return context;
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
