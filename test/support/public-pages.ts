// A browser without JavaScript for the public pages, with its own client address and headers
// (rate limits are per address), that can ask for gzip and keep what came over the wire; a
// resident walking the demo survey with it; and a reader for every column of every table.
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { agedToken, decodeHtml, encode, type Fields, hiddenInputs } from './forms.js';

export interface Page {
  url: string;
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  /** The body as the resident's browser reads it (decompressed). */
  html: string;
  /** Bytes of body on the wire, as sent (compressed when the server compressed it). */
  wireBytes: number;
}

export interface BrowserOptions {
  remoteAddress?: string;
  /** Sent with every request (user agent, referer, accept-language …). */
  headers?: Record<string, string>;
  /** Ask for gzip, as every phone browser does. */
  gzip?: boolean;
}

const FORM = 'application/x-www-form-urlencoded';

export class Browser {
  constructor(
    readonly app: FastifyInstance,
    readonly options: BrowserOptions = {},
  ) {}

  get(url: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.request('GET', url, undefined, headers);
  }

  /** POSTs form fields (or a raw body with its own content type). */
  post(url: string, body: Fields | string, headers: Record<string, string> = {}): Promise<Page> {
    const payload = typeof body === 'string' ? body : encode(body);
    return this.request('POST', url, payload, { 'content-type': FORM, ...headers });
  }

  private async request(
    method: 'GET' | 'POST',
    url: string,
    payload: string | undefined,
    headers: Record<string, string>,
  ): Promise<Page> {
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.options.remoteAddress ?? '127.0.0.1',
      headers: {
        ...(this.options.gzip ? { 'accept-encoding': 'gzip' } : {}),
        ...this.options.headers,
        ...headers,
      },
      ...(payload === undefined ? {} : { payload }),
    });
    const raw = res.rawPayload;
    const html = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    return { url, status: res.statusCode, headers: res.headers, html, wireBytes: raw.length };
  }
}

/** A resident going through one survey with a Browser, page by page. */
export class SurveyWalker {
  page: Page | undefined;

  constructor(
    readonly browser: Browser,
    readonly locale: string,
    readonly slug = 'your-experience',
  ) {}

  get url() {
    return `/${this.locale}/surveys/${this.slug}`;
  }

  get html() {
    return this.page?.html ?? '';
  }

  get status() {
    return this.page?.status ?? 0;
  }

  async start() {
    this.page = await this.browser.get(this.url);
    return this;
  }

  /**
   * Presses a button on the current page with `answers` typed in. The form token is aged a
   * minute (as if the resident took their time) unless `ageToken` is false, or replaced by
   * `token`; `extra` fields are added after everything else.
   */
  async press(
    goto: string,
    answers: Fields = [],
    options: { ageToken?: boolean; token?: string; extra?: Fields } = {},
  ) {
    const fields = hiddenInputs(this.html).map(([name, value]): [string, string] => {
      if (name !== '_token') return [name, value];
      if (options.token !== undefined) return [name, options.token];
      return [name, options.ageToken === false ? value : agedToken(value)];
    });
    this.page = await this.browser.post(this.url, [...fields, ...answers, ['_goto', goto], ...(options.extra ?? [])]);
    return this;
  }

  get step() {
    return /name="_step" value="([^"]*)"/.exec(this.html)?.[1];
  }

  get token() {
    return /name="_token" value="([^"]*)"/.exec(this.html)?.[1];
  }

  get title() {
    return titleOf(this.html);
  }

  get receipt() {
    return /<p class="receipt"[^>]*>([^<]*)<\/p>/.exec(this.html)?.[1];
  }
}

/** What a resident types on each page of the demo survey, taking the "tell us more" branch. */
export interface DemoAnswers {
  serviceOther: string;
  story: string;
  more: string;
  better: string;
}

/** The demo survey's answers, one list of fields per step (start, then each question page). */
export function demoSteps(answers: DemoAnswers): Fields[] {
  return [
    [],
    [
      ['service', 'other'],
      ['service__other', answers.serviceOther],
      ['when', 'last_3_months'],
    ],
    [
      ['what_happened', answers.story],
      ['treated', '2'],
    ],
    [['background_affected', 'yes']],
    [['background_more', answers.more]],
    [
      ['better', answers.better],
      ['trust', '2'],
      ['vaccine_confidence', '3'],
    ],
    [
      ['ethnic_group', '6'],
      ['ethnic_group__other', 'Somali'],
      ['age_band', '35_44'],
      ['sex', 'female'],
      ['main_language', 'somali'],
      ['postcode_district', 'W12'],
    ],
    [['consent', 'yes']],
  ];
}

/**
 * Walks the demo survey from the start page to check-your-answers, answering every page.
 * `onPage` sees each page as it arrives (start, each question page, check).
 */
export async function walkToCheck(
  walker: SurveyWalker,
  answers: DemoAnswers,
  onPage: (walker: SurveyWalker) => void | Promise<void> = () => {},
): Promise<SurveyWalker> {
  await walker.start();
  await onPage(walker);
  const steps = demoSteps(answers);
  for (const fields of steps) {
    await walker.press('next', fields);
    await onPage(walker);
  }
  if (walker.step !== 'check') throw new Error(`expected the check page, got ${walker.step} (${walker.title})`);
  return walker;
}

export function titleOf(html: string): string {
  return decodeHtml(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '');
}

/** The `lang` and `dir` of the <html> element. */
export function htmlTag(html: string): { lang?: string; dir?: string } {
  const tag = /<html\b([^>]*)>/i.exec(html)?.[1] ?? '';
  return { lang: /\blang="([^"]*)"/.exec(tag)?.[1], dir: /\bdir="([^"]*)"/.exec(tag)?.[1] };
}

export function stylesheetHref(html: string): string | undefined {
  return /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
}

/** The text of the field error on a form (without the visually hidden "Error:" prefix). */
export function fieldError(html: string): string | undefined {
  const m = /<span class="error-message" id="[^"]*"><span class="visually-hidden">[^<]*<\/span> ([^<]*)<\/span>/.exec(
    html,
  );
  return m?.[1] === undefined ? undefined : decodeHtml(m[1]);
}

/** How Handlebars writes text into a page. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/`/g, '&#x60;')
    .replace(/=/g, '&#x3D;');
}

export interface ColumnDump {
  table: string;
  column: string;
  dataType: string;
  /** Every value of the column in Postgres's own text form (null stays null). */
  values: (string | null)[];
}

/** Every column of every table in the public schema, read with `select col::text from table`. */
export async function dumpPublicSchema(
  app: FastifyInstance,
  options: { exceptTables?: string[] } = {},
): Promise<ColumnDump[]> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(app.db);
  const dump: ColumnDump[] = [];
  for (const { table_name: table, column_name: column, data_type: dataType } of columns.rows) {
    if (options.exceptTables?.includes(table)) continue;
    const rows = await sql<{ v: string | null }>`select ${sql.ref(column)}::text as v from ${sql.table(table)}`.execute(
      app.db,
    );
    dump.push({ table, column, dataType, values: rows.rows.map((r) => r.v) });
  }
  return dump;
}

/** Where (table.column) any of `needles` occurs in the dump, case-insensitively. */
export function findInDump(dump: ColumnDump[], needles: string[]): string[] {
  const found: string[] = [];
  for (const { table, column, values } of dump) {
    for (const needle of needles) {
      const lower = needle.toLowerCase();
      if (values.some((v) => v?.toLowerCase().includes(lower))) found.push(`${table}.${column} contains ${needle}`);
    }
  }
  return found;
}
