// Generators for bad input to public (and later staff) forms: payloads, broken encodings,
// hostile names and values, content types (locales and URL segments are in urls.ts). Values are plain data
// (see encode.ts), so a failing case prints readably and can be pasted back as an example.
import fc from 'fast-check';
import { type Envelope, FORM_TYPE, type JsonShape, type Pair, type Piece, text } from './encode.js';

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
  "gp'); delete from responses; --",
  '"; select pg_sleep(1); --',
  '$$; drop table responses; $$',
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
