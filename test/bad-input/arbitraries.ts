// Generators for bad input to public (and later staff) forms, and the encoders that turn a
// generated form into the bytes a client sends. Values are plain data, so a failing case is
// printed readably and can be pasted back as an example; bytes are made only when sending.
import fc from 'fast-check';
import { LOCALE_CODES } from '../../src/i18n/locales.js';
import { cleanText } from '../../src/surveys/answers.js';
import type { Question, Survey } from '../../src/surveys/model.js';
import type { StoredAnswer } from '../../src/surveys/submit.js';

// ---------------------------------------------------------------------------------------------
// Pieces of names and values

/**
 * A piece of a field name or value:
 * - `text`: what a browser sends for typed text (UTF-8, percent-encoded; a string in JSON);
 * - `raw`: written into a form body as it is (broken or odd percent-encoding); in a JSON body
 *   `json` is written inside the string literal instead;
 * - `bytes`: written as they are in either encoding (invalid UTF-8 on the wire);
 * - `late`: made when the request is sent (a form token aged just so, a receipt code).
 */
export type Piece = { text: string } | { raw: string; json: string } | { bytes: number[] } | { late: string };

/** How a field's value is written in a JSON body. */
export type JsonShape = 'string' | 'array' | 'object' | 'number' | 'null' | 'boolean';

export interface Pair {
  name: Piece[];
  /** Undefined: the name alone, with no `=`. */
  value: Piece[] | undefined;
  json: JsonShape;
}

export const text = (value: string): Piece => ({ text: value });
export const late = (key: string): Piece => ({ late: key });
export const pair = (name: string, value: string | Piece[]): Pair => ({
  name: [text(name)],
  value: typeof value === 'string' ? [text(value)] : value,
  json: 'string',
});

// ---------------------------------------------------------------------------------------------
// Payloads

/** Markup that must never come back live; pages escape it (and carry no script at all). */
export const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea><script>alert(1)</script>',
  '" autofocus onfocus=alert(1) x="',
  '<a href="javascript:alert(1)">x</a>',
  '{{constructor.constructor("alert(1)")()}}',
] as const;

/** Markup that looks like the page's own, to smuggle a second step or token into the form. */
export const SMUGGLED_FIELDS = [
  '<input type="hidden" name="_step" value="check">',
  '"><input type="hidden" name="_token" value="x',
] as const;

export const SQL_PAYLOADS = [
  "'; drop table responses; --",
  '1 or 1=1',
  "' or '1'='1",
  "gp'); delete from answers; --",
  '"; select pg_sleep(1); --',
  '$$; drop table answers; $$',
  "\\'; truncate responses; --",
] as const;

/** Text that is odd rather than hostile: NULs, controls, bidi overrides, lone surrogates. */
export const ODD_TEXTS = [
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(8),
  '\r\n\r\n',
  ' \t ',
  '\u202Eevil\u202C',
  '\uFEFFbom',
  'e\u0301',
  '\u200D\u200B',
  '\uFFFE\uFFFF',
  '\uD800',
  '\uDFFF',
  'a\uD83D',
  '\uDE00z',
  '😀',
  'ሰላም',
  'مرحبا',
  '',
  ' ',
  'null',
  'undefined',
  'NaN',
  '[object Object]',
  '__proto__',
] as const;

/** Percent-encoding that does not decode to UTF-8 text, or decodes to something surprising. */
const BROKEN_ENCODINGS: { raw: string; json: string }[] = [
  { raw: '%C3%28', json: '%C3%28' }, // invalid two-byte sequence
  { raw: '%FF', json: '\\u00ff' },
  { raw: '%FE%FF', json: '%FE%FF' },
  { raw: '%C0%AF', json: '%C0%AF' }, // overlong "/"
  { raw: '%E0%80%AF', json: '%E0%80%AF' }, // overlong "/", three bytes
  { raw: '%F0%80%80%AF', json: '%F0%80%80%AF' }, // overlong "/", four bytes
  { raw: '%C0%80', json: '\\u0000' }, // overlong NUL
  { raw: '%ED%A0%80', json: '\\ud800' }, // lone high surrogate
  { raw: '%ED%BF%BF', json: '\\udfff' }, // lone low surrogate
  { raw: '%ED%A0%BD%ED%B8%80', json: '\\ud83d\\ude00' }, // CESU-8 pair
  { raw: '%F4%90%80%80', json: '%F4%90%80%80' }, // above U+10FFFF
  { raw: '%E0%A4', json: '%E0%A4' }, // truncated
  { raw: '%E0%A4%A', json: '%E0%A4%A' },
  { raw: '%ZZ', json: '%ZZ' },
  { raw: '%', json: '%' },
  { raw: '%%', json: '%%' },
  { raw: '%2', json: '%2' },
  { raw: '%00', json: '\\u0000' },
  { raw: '%0D%0A', json: '\\r\\n' },
  { raw: '+', json: '+' },
  { raw: '%2B', json: '+' },
  { raw: '&', json: '&' }, // splits the pair in a form
  { raw: '=', json: '=' },
  { raw: '%26%3D', json: '&=' },
  { raw: '[]', json: '[]' },
  { raw: '%5B%5D', json: '[]' },
  { raw: '[0]', json: '[0]' },
];

/** Bytes that are not UTF-8 (or are NUL), written straight into the body. */
const BROKEN_BYTES: fc.Arbitrary<number[]> = fc.oneof(
  fc.constantFrom<number[]>(
    [0xff],
    [0xc3, 0x28],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xe0, 0xa4],
    [0x80],
    [0x00],
    [0xfe, 0xff],
  ),
  fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 4 }),
);

/** Names that have meant prototype pollution somewhere (parsers that read brackets or dots). */
export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  '__proto__[x]',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  '__proto__.polluted',
  'constructor.prototype.polluted',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  'length',
  'pop',
] as const;

/** A character repeated: long values without long counterexamples. */
const longText = fc
  .tuple(fc.constantFrom('a', '<', 'é', '😀', 'ሰ', '%', '&', '=', ' ', '\u0000'), fc.integer({ min: 100, max: 12_000 }))
  .map(([c, n]) => c.repeat(n));

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...XSS_PAYLOADS, ...SMUGGLED_FIELDS, ...SQL_PAYLOADS, ...ODD_TEXTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: longText },
);

/**
 * Text at the edges of Unicode and of the encodings: lone surrogates (a JSON body can carry
 * them; a form turns them into U+FFFD), C0 and C1 controls, NUL, bidi controls, noncharacters,
 * combining marks, and percent-encoding or bytes that are not UTF-8.
 */
export const oddTextPiece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => text(String.fromCharCode(c))) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x9f }).map((c) => text(String.fromCharCode(c))) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(0x200e, 0x202e, 0x2066, 0x2028, 0xfeff, 0xfffe, 0xffff, 0x1fffe, 0x10ffff, 0x0301, 0x0358)
      .map((c) => text(String.fromCodePoint(c))),
  },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_TEXTS).map(text) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map(text) },
  { weight: 2, arbitrary: fc.constantFrom(...BROKEN_ENCODINGS) },
  { weight: 1, arbitrary: BROKEN_BYTES.map((bytes) => ({ bytes })) },
);

export const hostilePiece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 4, arbitrary: hostileText.map(text) },
  { weight: 2, arbitrary: fc.constantFrom(...BROKEN_ENCODINGS) },
  { weight: 1, arbitrary: BROKEN_BYTES.map((bytes) => ({ bytes })) },
);

export const hostileValue: fc.Arbitrary<Piece[]> = fc.array(hostilePiece, { minLength: 0, maxLength: 4 });

export const hostileName: fc.Arbitrary<Piece[]> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES).map((n) => [text(n)]) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES).map((n) => [{ raw: n, json: n }]) },
  { weight: 2, arbitrary: hostileValue },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((n) => [text(n)]) },
);

export const jsonShape: fc.Arbitrary<JsonShape> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('string' as const) },
  { weight: 1, arbitrary: fc.constantFrom('array', 'object', 'number', 'null', 'boolean') as fc.Arbitrary<JsonShape> },
);

/**
 * Pairs for a form with these fields: its own fields with values that mean something to it
 * or garbage, the same names with array brackets, prototype names and random names.
 */
export function pairFor(fields: Record<string, fc.Arbitrary<Piece[]>>): fc.Arbitrary<Pair> {
  const names = Object.keys(fields);
  const own = fc.oneof(
    ...names.map((name) =>
      fc.record({
        name: fc.constant([text(name)]),
        value: fc.oneof({ weight: 3, arbitrary: fields[name] ?? hostileValue }, { weight: 1, arbitrary: hostileValue }),
        json: jsonShape,
      }),
    ),
  );
  const bracketed = fc.record({
    name: fc
      .tuple(fc.constantFrom(...names), fc.constantFrom('[]', '[0]', '[x]', '[__proto__]', '.x'), fc.boolean())
      .map(([n, suffix, raw]) => (raw ? [text(n), { raw: suffix, json: suffix }] : [text(n + suffix)])),
    value: hostileValue,
    json: jsonShape,
  });
  const stranger = fc.record({
    name: hostileName,
    value: fc.option(hostileValue, { nil: undefined }),
    json: jsonShape,
  });
  return fc.oneof(
    { weight: 6, arbitrary: own },
    { weight: 1, arbitrary: bracketed },
    { weight: 2, arbitrary: stranger },
  ) as fc.Arbitrary<Pair>;
}

// ---------------------------------------------------------------------------------------------
// Content types and body encodings

export const FORM_TYPE = 'application/x-www-form-urlencoded';

export type BodyMode = 'form' | 'json' | 'bytes' | 'empty';

export interface Envelope {
  /** Undefined: no content-type header at all. */
  contentType: string | undefined;
  mode: BodyMode;
  /** The body for `bytes` mode. */
  bytes?: number[];
}

const printableAscii = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

const OTHER_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'multipart/form-data; boundary=x',
  'application/xml',
  'text/html',
  '*/*',
  '',
  ';',
  'application/x-www-form-urlencodedx',
  'application/x-www-form-urlencoded, application/json',
  'application/json; charset=utf-16',
  'application/octet-stream',
];

const FORM_TYPES = [
  FORM_TYPE,
  `${FORM_TYPE}; charset=UTF-8`,
  `${FORM_TYPE};charset=latin1`,
  'APPLICATION/X-WWW-FORM-URLENCODED',
  ` ${FORM_TYPE} `,
];

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/vnd.api+json'];

export const envelope: fc.Arbitrary<Envelope> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ contentType: FORM_TYPE, mode: 'form' as const }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...FORM_TYPES).map((contentType) => ({ contentType, mode: 'form' as const })),
  },
  {
    weight: 7,
    arbitrary: fc.constantFrom(...JSON_TYPES).map((contentType) => ({ contentType, mode: 'json' as const })),
  },
  { weight: 1, arbitrary: fc.constant({ contentType: FORM_TYPE, mode: 'json' as const }) },
  { weight: 1, arbitrary: fc.constant({ contentType: 'application/json', mode: 'form' as const }) },
  { weight: 1, arbitrary: fc.constant({ contentType: undefined, mode: 'form' as const }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...OTHER_TYPES).map((contentType) => ({ contentType, mode: 'form' as const })),
  },
  { weight: 1, arbitrary: printableAscii.map((contentType) => ({ contentType, mode: 'form' as const })) },
  {
    weight: 1,
    arbitrary: fc.record({
      contentType: fc.constantFrom(FORM_TYPE, 'application/json', undefined),
      mode: fc.constant('bytes' as const),
      bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      contentType: fc.constantFrom(FORM_TYPE, 'application/json', undefined),
      mode: fc.constant('empty' as const),
    }),
  },
);

/** Resolves `late` pieces when the request is sent. */
export type Resolve = (key: string) => string;

const UNRESERVED = /[A-Za-z0-9\-_.~*]/;

/** As a browser writes typed text into a form body: UTF-8 bytes, percent-encoded, `+` for space. */
export function formEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (c === ' ') out += '+';
    else if (UNRESERVED.test(c)) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function pieceBytes(piece: Piece, mode: 'form' | 'json', resolve: Resolve): Buffer {
  const asText = (value: string) =>
    Buffer.from(mode === 'form' ? formEncode(value) : JSON.stringify(value).slice(1, -1), 'utf8');
  if ('text' in piece) return asText(piece.text);
  if ('late' in piece) return asText(resolve(piece.late));
  if ('bytes' in piece) return Buffer.from(piece.bytes);
  return Buffer.from(mode === 'form' ? piece.raw : piece.json, 'utf8');
}

const joinPieces = (pieces: Piece[], mode: 'form' | 'json', resolve: Resolve) =>
  Buffer.concat(pieces.map((p) => pieceBytes(p, mode, resolve)));

export function encodeForm(pairs: Pair[], resolve: Resolve): Buffer {
  const parts = pairs.map(({ name, value }) =>
    value === undefined
      ? joinPieces(name, 'form', resolve)
      : Buffer.concat([joinPieces(name, 'form', resolve), Buffer.from('='), joinPieces(value, 'form', resolve)]),
  );
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from('&'), part])));
}

/** A JSON object written by hand, so repeated keys stay repeated and odd escapes stay odd. */
export function encodeJson(pairs: Pair[], resolve: Resolve): Buffer {
  const str = (pieces: Piece[] | undefined) =>
    Buffer.concat([Buffer.from('"'), joinPieces(pieces ?? [], 'json', resolve), Buffer.from('"')]);
  const value = (p: Pair): Buffer => {
    switch (p.json) {
      case 'string':
        return str(p.value);
      case 'array':
        return Buffer.concat([Buffer.from('['), str(p.value), Buffer.from(',1,null,'), str(p.value), Buffer.from(']')]);
      case 'object':
        return Buffer.concat([Buffer.from('{"x":'), str(p.value), Buffer.from('}')]);
      case 'number':
        return Buffer.from('1');
      case 'null':
        return Buffer.from('null');
      case 'boolean':
        return Buffer.from('true');
    }
  };
  const members = pairs.map((p) => Buffer.concat([str(p.name), Buffer.from(':'), value(p)]));
  return Buffer.concat([
    Buffer.from('{'),
    ...members.flatMap((m, i) => (i === 0 ? [m] : [Buffer.from(','), m])),
    Buffer.from('}'),
  ]);
}

export function encodeBody(env: Envelope, pairs: Pair[], resolve: Resolve): Buffer | undefined {
  switch (env.mode) {
    case 'form':
      return encodeForm(pairs, resolve);
    case 'json':
      return encodeJson(pairs, resolve);
    case 'bytes':
      return Buffer.from(env.bytes ?? []);
    case 'empty':
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Locales and URL segments

export const knownLocale = fc.constantFrom(...LOCALE_CODES);

/** Locale segments that are well-formed in a URL but are not locales we ship. */
export const UNKNOWN_LOCALES = [
  'xx',
  'EN',
  'So',
  'so-SO',
  'en_GB',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'staff',
  'surveys',
  'healthz',
] as const;

export const localeSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: knownLocale },
  { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_LOCALES) },
);

/** Path segments a router has to refuse: broken percent-encoding, or longer than a parameter may be. */
export const brokenSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%E0%A4%A', '%ED%A0%80', '%FF', '%C0%AF', '%', '%ZZ', 'so%', 'your-experience%E0'),
  fc.integer({ min: 201, max: 400 }).map((n) => 'a'.repeat(n)),
);

/** Path segments that are well-formed (they decode) but odd: NUL, traversal, markup, SQL, any text. */
export const oddSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%00',
    'your-experience%00',
    '%0A',
    '%09',
    '%20',
    '+',
    '%2B',
    '.',
    '%2e%2e',
    '%2F',
    'a%2Fb',
    '%C3%A9',
    '%F0%9F%98%80',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '%27%3B%20drop%20table%20responses%3B%20--',
    '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    'x'.repeat(196), // with ";x=1" after it, exactly the 200 a parameter may have
  ),
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 30 })
    .map(encodeURIComponent)
    .filter((s) => s.length <= 196),
);

/** What may follow a form's URL: a slash, dot segments, a query string (read by nobody), a fragment. */
export const urlSuffix: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '/',
      '//',
      '/.',
      '/..',
      ';x=1',
      '?',
      '?_goto=submit',
      '?__proto__[polluted]=1',
      '?constructor[prototype][polluted]=1',
      '?x=%ZZ',
      '?code=%ED%A0%80',
      '#x',
    ),
  },
);

// ---------------------------------------------------------------------------------------------
// Valid answers, from a survey's own definition

export interface ValidAnswers {
  /** The fields a browser would send, in the order sent. */
  fields: [string, string][];
  /** What should be stored, by question id. */
  expected: Record<string, StoredAnswer>;
}

/** Characters whose NFC form is themselves (one code point each), for text at an exact length. */
const STABLE_CHARS = ['a', 'Z', '7', 'é', 'ß', 'ł', 'ã', 'ع', 'ب', 'ی', 'ሰ', 'ላ', 'ም', '中', '😀', '🌍', '.', '<', '&'];

const codePoints = (value: string) => [...value].length;

/** Typed text that is stored as `cleanText(raw)` and is within `max` code points once cleaned. */
function typedText(max: number, required: boolean): fc.Arbitrary<string> {
  const exact = fc
    .tuple(
      fc.array(fc.constantFrom(...STABLE_CHARS), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: Math.max(1, max - 3), max }),
    )
    .map(([unit, n]) => {
      const chars = Array.from({ length: n }, (_, i) => unit[i % unit.length] ?? 'a');
      return chars.join('');
    });
  const sentences = fc.constantFrom(
    'The doctor did not listen to me.',
    'Dhakhtarka ayaa i dhegeysan waayay.',
    'لم يستمع الطبيب إليّ.',
    'پزشک به حرف من گوش نداد.',
    'ሐኪሙ አልሰማኝም።',
    'Le médecin ne m’a pas écouté.\r\nJ’ai attendu trois heures.',
    'Lekarz mnie nie słuchał.\n\nCzekałam trzy godziny.',
    '  padded with blanks\t ',
    'My number is 07700 900123 and my NHS number is 943 476 5919.',
  );
  const raw = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: Math.min(max, 300) }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 60) }) },
    { weight: 2, arbitrary: sentences },
    { weight: 1, arbitrary: exact },
  );
  return raw.filter((value) => {
    const cleaned = cleanText(value);
    return codePoints(cleaned) <= max && (!required || cleaned !== '');
  });
}

/** One question answered validly: the fields sent, and what is stored (if anything). */
interface QuestionAnswer {
  fields: [string, string][];
  stored: StoredAnswer | undefined;
}

const none: QuestionAnswer = { fields: [], stored: undefined };

function textAnswer(id: string, raw: string): QuestionAnswer {
  const cleaned = cleanText(raw);
  return { fields: [[id, raw]], stored: cleaned === '' ? undefined : { value: cleaned } };
}

function answerFor(q: Question): fc.Arbitrary<QuestionAnswer> {
  const optional = (arb: fc.Arbitrary<QuestionAnswer>) =>
    q.required ? arb : fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(none) });
  switch (q.kind) {
    case 'text': {
      let typed: fc.Arbitrary<QuestionAnswer>;
      if (q.format === 'postcode_district') {
        typed = fc
          .tuple(
            fc.stringMatching(/^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?$/),
            fc.constantFrom('', ' ', '\t'),
            fc.constantFrom('', ' '),
          )
          .map(([code, before, after]) => textAnswer(q.id, `${before}${code}${after}`));
      } else {
        typed = typedText(q.maxLength, q.required).map((raw) => textAnswer(q.id, raw));
      }
      if (!q.preferNotToSay) return optional(typed);
      // "Prefer not to say" ticked wins over anything typed beside it.
      const preferNot = fc
        .tuple(
          fc.constantFrom('yes', 'on', '1'),
          fc.option(fc.constantFrom('W12', 'not a postcode', '<b>'), { nil: undefined }),
        )
        .map(
          ([tick, typed]): QuestionAnswer => ({
            fields: [
              [`${q.id}__prefer_not`, tick],
              ...(typed === undefined ? [] : [[q.id, typed] as [string, string]]),
            ],
            stored: { value: 'prefer_not' },
          }),
        );
      return optional(fc.oneof(typed, preferNot));
    }
    case 'choice': {
      const codes = q.options.map((o) => o.code);
      const writeIn = q.writeIn;
      const chosen: fc.Arbitrary<string[]> = q.multiple
        ? fc.subarray(codes, { minLength: q.required ? 1 : 0 })
        : fc.constantFrom(...codes).map((c) => [c]);
      const answered = chosen.chain((list): fc.Arbitrary<QuestionAnswer> => {
        if (list.length === 0) return fc.constant(none);
        const value = q.multiple ? list : (list[0] ?? '');
        const fields = list.map((c): [string, string] => [q.id, c]);
        if (!writeIn) return fc.constant({ fields, stored: { value } });
        const asks = list.some((c) => writeIn.forCodes.includes(c));
        const writeInText = typedText(200, asks && writeIn.required);
        const typed = asks && writeIn.required ? writeInText : fc.option(writeInText, { nil: undefined });
        return typed.map((raw): QuestionAnswer => {
          if (raw === undefined) return { fields, stored: { value } };
          const cleaned = cleanText(raw);
          const allFields: [string, string][] = [...fields, [`${q.id}__other`, raw]];
          // A write-in beside an option that does not ask for one is not kept.
          return { fields: allFields, stored: asks && cleaned !== '' ? { value, writeIn: cleaned } : { value } };
        });
      });
      return optional(answered);
    }
    case 'scale':
      return optional(
        fc
          .integer({ min: q.min, max: q.max })
          .map((n) => ({ fields: [[q.id, String(n)]], stored: { value: String(n) } })),
      );
    case 'consent':
      return fc.constant({ fields: [[q.id, 'yes']], stored: { value: 'yes' } });
  }
}

function shown(q: Question, stored: Record<string, StoredAnswer>): boolean {
  const condition = q.showIf;
  if (!condition) return true;
  const answer = stored[condition.question]?.value;
  const given = answer === undefined ? [] : Array.isArray(answer) ? answer : [answer];
  return condition.equals !== undefined
    ? given.includes(condition.equals)
    : given.some((c) => condition.anyOf?.includes(c));
}

/**
 * A complete, valid set of answers to `survey`: every required question that is asked answered
 * with a random option, scale point or unicode text within its limit. Questions the survey
 * does not ask (showIf) are sometimes answered anyway; those answers must not be stored.
 */
export function validAnswers(survey: Survey): fc.Arbitrary<ValidAnswers> {
  const perQuestion = survey.questions.map((q) => fc.tuple(answerFor(q), fc.boolean()));
  return fc
    .tuple(...perQuestion)
    .map((answers) => {
      const fields: [string, string][] = [];
      const expected: Record<string, StoredAnswer> = {};
      survey.questions.forEach((q, i) => {
        const [answer, sendAnyway] = answers[i] ?? [none, false];
        if (shown(q, expected)) {
          fields.push(...answer.fields);
          if (answer.stored) expected[q.id] = answer.stored;
        } else if (sendAnyway) {
          fields.push(...answer.fields);
        }
      });
      return { fields, expected };
    })
    .chain((answers) =>
      fc
        .shuffledSubarray(answers.fields, { minLength: answers.fields.length, maxLength: answers.fields.length })
        .map((fields) => ({ ...answers, fields })),
    );
}
