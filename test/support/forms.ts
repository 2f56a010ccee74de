// Driving the survey the way a browser without JavaScript does: read the form's fields out of
// the HTML and post them back with whichever button was pressed.
import type { FastifyInstance } from 'fastify';
import { readFormToken, renewFormToken } from '../../src/surveys/form-token.js';
import { TEST_SECRET } from '../helper.js';

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#x27': "'",
  '#39': "'",
  '#x60': '`',
  '#x3D': '=',
};
export const decodeHtml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#x27|#39|#x60|#x3D);/g, (_, e: string) => entities[e] ?? _);

export type Fields = [string, string][];

/** The hidden inputs of the page's forms, in document order. */
export function hiddenInputs(html: string): Fields {
  return [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [
    decodeHtml(m[1] ?? ''),
    decodeHtml(m[2] ?? ''),
  ]);
}

/** Values a page shows in its visible fields (text inputs, textareas, checked boxes). */
export function shownValues(html: string): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  const add = (name: string, value: string) => {
    values[name] = [...(values[name] ?? []), decodeHtml(value)];
  };
  for (const m of html.matchAll(/<input type="text" id="[^"]*" name="([^"]*)" value="([^"]*)"/g))
    if (m[2]) add(m[1] ?? '', m[2]);
  for (const m of html.matchAll(/<textarea id="[^"]*" name="([^"]*)"[^>]*>([^<]*)<\/textarea>/g))
    if (m[2]) add(m[1] ?? '', m[2]);
  for (const m of html.matchAll(/<input type="(?:radio|checkbox)" id="[^"]*" name="([^"]*)" value="([^"]*)" checked>/g))
    add(m[1] ?? '', m[2] ?? '');
  return values;
}

export function encode(fields: Fields): string {
  return new URLSearchParams(fields).toString();
}

/** A resident going through one survey, page by page. */
export class Resident {
  html = '';
  status = 0;
  headers: Record<string, unknown> = {};

  constructor(
    private readonly app: FastifyInstance,
    readonly locale: string,
    readonly slug = 'your-experience',
  ) {}

  get url() {
    return `/${this.locale}/surveys/${this.slug}`;
  }

  async start() {
    const res = await this.app.inject({ url: this.url });
    this.record(res);
    return this;
  }

  /** Presses a button on the current page, with `answers` typed into its visible fields. */
  async press(goto: string, answers: Fields = [], options: { ageToken?: boolean } = { ageToken: true }) {
    const fields = hiddenInputs(this.html).map(([name, value]): [string, string] =>
      name === '_token' && options.ageToken !== false ? [name, agedToken(value)] : [name, value],
    );
    const res = await this.app.inject({
      method: 'POST',
      url: this.url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: encode([...fields, ...answers, ['_goto', goto]]),
    });
    this.record(res);
    return this;
  }

  private record(res: { body: string; statusCode: number; headers: Record<string, unknown> }) {
    this.html = res.body;
    this.status = res.statusCode;
    this.headers = res.headers;
  }

  get title() {
    return decodeHtml(/<title>([^<]*)<\/title>/.exec(this.html)?.[1] ?? '');
  }

  get step() {
    return /name="_step" value="([^"]*)"/.exec(this.html)?.[1];
  }

  get receipt() {
    return /<p class="receipt"[^>]*>([^<]*)<\/p>/.exec(this.html)?.[1];
  }
}

/** The same token as if the form had been opened a minute ago (the "too fast" check is real). */
export function agedToken(raw: string): string {
  const token = readFormToken(TEST_SECRET, raw);
  return token ? renewFormToken(TEST_SECRET, token, Date.now() - 60_000) : raw;
}
