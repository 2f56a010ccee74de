// Handlebars templates, compiled once at start-up (never per request). reply.render(page,
// model) renders views/pages/{page}.hbs inside views/layouts/{layout}.hbs with lang and dir
// from the curated locale table.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import Handlebars from 'handlebars';
import { type LocaleCode, localeInfo } from '../i18n/locales.js';
import type { Translate } from '../i18n/resources.js';
import { projectPath } from '../paths.js';

export const VIEWS_DIR = projectPath('views');

export interface PageModel {
  /** The page's title, already translated; the layout prefixes "Error:" when `hasErrors`. */
  title: string;
  hasErrors?: boolean;
  /** The staff script's address, on the staff pages that use it (CSP allows scripts there alone). */
  scriptHref?: string;
  layout?: 'main';
  [key: string]: unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** A whole page as HTML, for the few places that have no Fastify reply (router errors). */
    renderHtml(page: string, model: PageModel, locale: LocaleCode): string;
  }
  interface FastifyReply {
    render(page: string, model: PageModel): FastifyReply;
  }
}

type Template = Handlebars.TemplateDelegate;

function templatesIn(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const file = join(entry.parentPath, entry.name);
    found.set(relative(dir, file).replace(/\.hbs$/, ''), readFileSync(file, 'utf8'));
  }
  return found;
}

export function createHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const t = options.data.root._t as Translate;
    // No hash arguments: the plain (cached) lookup.
    return Object.keys(options.hash).length === 0 ? t(key) : t(key, options.hash);
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('not', (value: unknown) => !value);
  return hbs;
}

export function compileViews(dir = VIEWS_DIR) {
  const hbs = createHandlebars();
  // A partial's final newline would land inside the element that includes it.
  for (const [name, source] of templatesIn(join(dir, 'partials'))) hbs.registerPartial(name, source.replace(/\n$/, ''));
  const compile = (source: string): Template => hbs.compile(source, { preventIndent: true });
  const pages = new Map([...templatesIn(join(dir, 'pages'))].map(([name, source]) => [name, compile(source)]));
  const layouts = new Map([...templatesIn(join(dir, 'layouts'))].map(([name, source]) => [name, compile(source)]));
  return { pages, layouts };
}

async function viewsPlugin(app: FastifyInstance): Promise<void> {
  const { pages, layouts } = compileViews();
  const renderHtml = (page: string, model: PageModel, locale: LocaleCode, t: Translate): string => {
    const template = pages.get(page);
    const layout = layouts.get(model.layout ?? 'main');
    if (!template || !layout) throw new Error(`No view named ${page}`);
    const info = localeInfo(locale);
    const context = { ...model, _t: t, lang: info.code, dir: info.dir, stylesheetHref: app.stylesheetHref };
    return layout({ ...context, body: template(context) });
  };
  app.decorate('renderHtml', (page: string, model: PageModel, locale: LocaleCode) =>
    renderHtml(page, model, locale, app.translatorFor(locale)),
  );
  app.decorateReply('render', function render(this: FastifyReply, page: string, model: PageModel) {
    const html = renderHtml(page, model, this.request.locale, this.request.t);
    return this.type('text/html; charset=utf-8').send(html);
  });
}

export default fp(viewsPlugin, { name: 'views', dependencies: ['i18n', 'assets'] });
