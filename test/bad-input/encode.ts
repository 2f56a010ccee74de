// Forms as data, and how they become the bytes a client sends: a urlencoded body written the
// way a browser writes one (or broken on purpose), or a JSON object written by hand so that
// repeated keys stay repeated and odd escapes stay odd.

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

export const FORM_TYPE = 'application/x-www-form-urlencoded';

export type BodyMode = 'form' | 'json' | 'bytes' | 'empty';

export interface Envelope {
  /** Undefined: no content-type header at all. */
  contentType: string | undefined;
  mode: BodyMode;
  /** The body for `bytes` mode. */
  bytes?: number[];
}

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
