// Filing the answers of one form exactly as often as the resident meant to. The first account
// sent from a form gets the receipt derived from the form's nonce; the same answers sent again
// (a double tap, a retry after a dropped connection) are the same account and, within a short
// window, show the same receipt; different answers from the same form (Back, Change, Send) are
// a different account with a receipt of their own. After the window, or from another device
// holding the page in its history, a resent form never shows a receipt again: the page says the
// answers were already sent. The window is kept in this process's memory only, never stored:
// a stored time would say when a resident was here (promise 1).
import { createHash, createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AccountDocument } from './document.js';
import { encodeReceipt, hashReceipt, receiptForNonce } from './receipt-code.js';

/** How long the same form may show its receipt again: a retry, never a later visit. */
export const RESEND_WINDOW_MS = 10 * 60_000;

/** Canonical JSON (keys sorted), so a stored JSONB document compares equal to the one sent. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The receipt of a further, different account sent from the same form. */
export function receiptForAnswers(secret: string, nonce: string, document: AccountDocument): string {
  const digest = createHash('sha256').update(canonicalJson(document)).digest('base64url');
  return encodeReceipt(createHmac('sha256', secret).update(`receipt:${nonce}:${digest}`).digest());
}

export type FilingOutcome = { kind: 'shown'; receipt: string } | { kind: 'already_sent' };

export interface FormOnce {
  /**
   * Files `document` for the form with this nonce unless it is already filed, and says what to
   * show. `insert` stores the account under a receipt hash and reports whether a row was added
   * (false when that receipt hash exists); it is given the receipt too, for a caller that
   * writes something else keyed by it in the same transaction (an assisted entry's slip).
   */
  file(
    nonce: string,
    document: AccountDocument,
    insert: (receiptHash: string, receipt: string) => Promise<boolean>,
  ): Promise<FilingOutcome>;
  /** A send that may or may not have reached the database: a retry may show its receipt. */
  keepOpen(nonce: string): void;
}

export function createFormOnce(
  db: Kysely<Database>,
  secret: string,
  options: { now?: () => number; windowMs?: number } = {},
): FormOnce {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? RESEND_WINDOW_MS;
  /** Forms whose receipt this process showed (or may have filed) lately: nonce hash → until. */
  const open = new Map<string, number>();
  /** One filing at a time per form, so twenty simultaneous taps settle one after another. */
  const inFlight = new Map<string, Promise<unknown>>();

  const keyOf = (nonce: string) => hashReceipt(secret, `form:${nonce}`);
  const isOpen = (key: string) => {
    const until = open.get(key);
    if (until !== undefined && until > now()) return true;
    open.delete(key);
    return false;
  };
  let prunedAt = now();
  const openFor = (key: string) => {
    // Bounded without a scan per send: expired entries go at most once a window.
    if (now() - prunedAt >= windowMs) {
      prunedAt = now();
      for (const [k, until] of open) if (until <= prunedAt) open.delete(k);
    }
    open.set(key, now() + windowMs);
  };

  async function storedAnswers(receiptHash: string): Promise<{ answers: unknown; status: string } | undefined> {
    return db
      .selectFrom('responses')
      .select(['answers', 'status'])
      .where('receipt_hash', '=', receiptHash)
      .executeTakeFirst();
  }

  async function fileNow(
    nonce: string,
    document: AccountDocument,
    insert: (receiptHash: string, receipt: string) => Promise<boolean>,
  ): Promise<FilingOutcome> {
    const key = keyOf(nonce);
    const first = receiptForNonce(secret, nonce);
    const firstHash = hashReceipt(secret, first);
    if (await insert(firstHash, first)) {
      openFor(key);
      return { kind: 'shown', receipt: first };
    }
    const existing = await storedAnswers(firstHash);
    // Withdrawn: whatever this form sends, nothing is filed again from it.
    if (!existing || existing.status === 'withdrawn') return { kind: 'already_sent' };
    const wanted = canonicalJson(document);
    const candidate = canonicalJson(existing.answers) === wanted ? first : receiptForAnswers(secret, nonce, document);
    if (candidate !== first && (await insert(hashReceipt(secret, candidate), candidate))) {
      openFor(key);
      return { kind: 'shown', receipt: candidate };
    }
    if (candidate !== first && (await storedAnswers(hashReceipt(secret, candidate)))?.status === 'withdrawn') {
      return { kind: 'already_sent' };
    }
    // The same answers again: the same account. Its receipt only within the window.
    return isOpen(key) ? { kind: 'shown', receipt: candidate } : { kind: 'already_sent' };
  }

  return {
    async file(nonce, document, insert) {
      const key = keyOf(nonce);
      const before = inFlight.get(key) ?? Promise.resolve();
      const run = before.catch(() => undefined).then(() => fileNow(nonce, document, insert));
      inFlight.set(key, run);
      try {
        return await run;
      } finally {
        if (inFlight.get(key) === run) inFlight.delete(key);
      }
    },
    keepOpen(nonce) {
      openFor(keyOf(nonce));
    },
  };
}

/** Whether any account was filed from the form with this nonce (its first receipt exists). */
export async function formAlreadyUsed(db: Kysely<Database>, secret: string, nonce: string): Promise<boolean> {
  const row = await db
    .selectFrom('responses')
    .select('id')
    .where('receipt_hash', '=', hashReceipt(secret, receiptForNonce(secret, nonce)))
    .executeTakeFirst();
  return row !== undefined;
}
