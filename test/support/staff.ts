// Staff users and a staff browser for tests: users are made directly in the database (with an
// argon2id hash from the app's own hashPassword), then sign in the way a browser does, through
// POST /staff/login, keeping the session cookie and the page's CSRF token.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role, StaffUserRow } from '../../src/db/schema.js';
import { hashPassword } from '../../src/staff/passwords.js';
import { tokenHash } from '../../src/staff/secrets.js';
import { encryptSecret, newTotpSecret } from '../../src/staff/totp.js';
import { createUser } from '../../src/staff/users.js';
import { TEST_SECRET } from '../helper.js';
import { decodeHtml } from './forms.js';

/** The password every test user gets unless told otherwise. */
export const PASSWORD = 'correct horse battery staple';

// argon2id takes ~25 ms a hash: one hash per distinct password is enough for any number of users.
const hashes = new Map<string, Promise<string>>();
export function hashOnce(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = hashPassword(password);
    hashes.set(password, hash);
  }
  return hash;
}

export interface UserSpec {
  email: string;
  roles?: Role[];
  /** null: an invited user who has not chosen a password yet. */
  password?: string | null;
  displayName?: string;
  languages?: string[];
  organisationId?: string | null;
}

export async function createStaffUser(app: FastifyInstance, spec: UserSpec): Promise<StaffUserRow> {
  const password = spec.password === undefined ? PASSWORD : spec.password;
  return createUser(app.db, {
    email: spec.email,
    displayName: spec.displayName ?? spec.email.split('@')[0] ?? spec.email,
    roles: spec.roles ?? [],
    languages: spec.languages ?? [],
    organisationId: spec.organisationId ?? null,
    passwordHash: password === null ? null : await hashOnce(password),
  });
}

/** Turns on two-factor sign-in for a user straight in the database; returns the base32 secret. */
export async function enableTotp(app: FastifyInstance, userId: string): Promise<string> {
  const secret = newTotpSecret();
  await app.db
    .updateTable('staff_users')
    .set({ totp_secret: encryptSecret(TEST_SECRET, secret), totp_enabled: true })
    .where('id', '=', userId)
    .execute();
  return secret;
}

export type FormFields = Record<string, string | string[] | undefined>;

/** application/x-www-form-urlencoded, repeating a name for each value of a list. */
export function formBody(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of [value].flat()) params.append(name, v);
  }
  return params.toString();
}

export interface SetCookie {
  name: string;
  value: string;
  /** The attributes after the value, as sent (`Path=/; HttpOnly; SameSite=Lax` …). */
  attributes: string[];
  raw: string;
}

export function setCookies(res: LightMyRequestResponse): SetCookie[] {
  const header = res.headers['set-cookie'];
  const lines = header === undefined ? [] : [header].flat().map(String);
  return lines.map((raw) => {
    const [pair = '', ...attributes] = raw.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), attributes, raw };
  });
}

export const SESSION_COOKIE_NAMES = ['codka-session', '__Host-codka-session'];

/** The staff session cookie a response set, if it set one. */
export function sessionCookieOf(res: LightMyRequestResponse): SetCookie | undefined {
  return setCookies(res).find((c) => SESSION_COOKIE_NAMES.includes(c.name));
}

/** The CSRF token in a page's forms. */
export function csrfOf(html: string): string | undefined {
  const match = /name="_csrf" value="([^"]*)"/.exec(html);
  return match?.[1] ? decodeHtml(match[1]) : undefined;
}

export interface RequestOptions {
  /** A `cookie` header value, e.g. `codka-session=…`. */
  cookie?: string | undefined;
  headers?: Record<string, string>;
  remoteAddress?: string;
}

export function staffGet(app: FastifyInstance, url: string, options: RequestOptions = {}) {
  return app.inject({
    method: 'GET',
    url,
    remoteAddress: options.remoteAddress ?? '127.0.0.1',
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
  });
}

export function staffPost(app: FastifyInstance, url: string, fields: FormFields, options: RequestOptions = {}) {
  return app.inject({
    method: 'POST',
    url,
    remoteAddress: options.remoteAddress ?? '127.0.0.1',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    payload: formBody(fields),
  });
}

/** A 303 back to the sign-in page: what the guard answers a request with no signed-in session. */
export const isLoginRedirect = (res: LightMyRequestResponse) =>
  res.statusCode === 303 && res.headers.location === '/staff/login';

export interface SignInSession {
  /** The `cookie` header value to send back. */
  cookie: string;
  /** The raw session id the browser holds. */
  id: string;
  cookieName: string;
  /** The session's CSRF token, read from the page the sign-in led to. */
  csrf: string;
  /** That page's HTML and address. */
  html: string;
  url: string;
}

/** Follows GET redirects from `location` (up to five) and returns the final page. */
export async function follow(app: FastifyInstance, location: string, cookie: string, remoteAddress?: string) {
  let url = location;
  for (let hop = 0; hop < 5; hop++) {
    const res = await staffGet(app, url, { cookie, ...(remoteAddress ? { remoteAddress } : {}) });
    const next = res.headers.location;
    if (res.statusCode >= 300 && res.statusCode < 400 && typeof next === 'string') {
      url = next;
      continue;
    }
    return { res, url };
  }
  throw new Error(`too many redirects from ${location}`);
}

/** POST /staff/login with a password. The response, and the session cookie it set (if any). */
export async function postLogin(
  app: FastifyInstance,
  email: string,
  password: string,
  options: RequestOptions = {},
): Promise<{ res: LightMyRequestResponse; cookie: SetCookie | undefined }> {
  const res = await staffPost(app, '/staff/login', { email, password }, options);
  return { res, cookie: sessionCookieOf(res) };
}

/** Signs in with email and password (no second factor) and reads the CSRF token of the page it leads to. */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password = PASSWORD,
  options: RequestOptions = {},
): Promise<SignInSession> {
  const { res, cookie } = await postLogin(app, email, password, options);
  if (res.statusCode !== 303 || !cookie) {
    throw new Error(`sign-in of ${email} answered ${res.statusCode} ${res.headers.location ?? ''}`);
  }
  if (res.headers.location !== '/staff/') throw new Error(`sign-in of ${email} led to ${res.headers.location}`);
  return sessionFrom(app, cookie, '/staff/', options.remoteAddress);
}

/** The session a Set-Cookie started, with the CSRF token of the page at `location`. */
export async function sessionFrom(
  app: FastifyInstance,
  cookie: SetCookie,
  location: string,
  remoteAddress?: string,
): Promise<SignInSession> {
  const header = `${cookie.name}=${cookie.value}`;
  const { res, url } = await follow(app, location, header, remoteAddress);
  const csrf = csrfOf(res.body);
  if (res.statusCode !== 200 || !csrf) throw new Error(`no CSRF token on ${url} (${res.statusCode})`);
  return { cookie: header, id: cookie.value, cookieName: cookie.name, csrf, html: res.body, url };
}

/** Does the session with this raw id still exist on the server? */
export async function sessionExists(app: FastifyInstance, id: string): Promise<boolean> {
  const row = await app.db
    .selectFrom('staff_sessions')
    .select('id_hash')
    .where('id_hash', '=', tokenHash(id))
    .executeTakeFirst();
  return row !== undefined;
}

/** The messages in a page's error summary, in order. */
export function errorMessages(html: string): string[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<li><a href="#[^"]*">([^<]*)<\/a><\/li>/g)].map((m) => decodeHtml(m[1] ?? ''));
}

/** The one-time link a page shows in `<code class="secret">`, and its token. */
export function linkOf(html: string): { url: string; token: string } | undefined {
  const match = /<code class="secret">([^<]*)<\/code>/.exec(html);
  const url = match?.[1] ? decodeHtml(match[1]) : undefined;
  const token = url ? /\/staff\/(?:password|setup)\/([A-Za-z0-9_-]+)$/.exec(url)?.[1] : undefined;
  return url && token ? { url, token } : undefined;
}
