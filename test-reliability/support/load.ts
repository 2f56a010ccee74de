// Many residents pressing Send at once: each submitter loops (bounded in time and count),
// every request a complete final submit with its own aged token. The ledger keeps every
// attempt and how it ended, so the suites can compare what was acknowledged with what the
// database holds, receipt by receipt.
import type { Fields } from '../../test/support/forms.js';
import { errorName, type HttpClient } from './http.js';
import { newSubmission, refusalProblems, shownReceipt, surveyPath } from './journey.js';

export type Outcome =
  /** 200 with the receipt this token must get: the service promised the account is kept. */
  | 'acknowledged'
  /** 503 "could not save", answers sent back: not acknowledged. */
  | 'unavailable'
  /** No HTTP answer (connection reset, refused, timeout): not acknowledged, outcome unknown. */
  | 'no-answer'
  /** Anything else (another 5xx, a 4xx, a 200 without the right receipt). */
  | 'unexpected';

export interface Attempt {
  receipt: string;
  hash: string;
  locale: string;
  /** performance.now() when sent and when answered (or failed). */
  sentAt: number;
  endedAt: number;
  outcome: Outcome;
  status?: number;
  error?: string;
  /** Kept for the first few "unavailable" pages, to press Send again later. */
  page?: string;
}

export class Ledger {
  readonly attempts: Attempt[] = [];
  readonly statuses = new Map<number, number>();
  readonly errors = new Map<string, number>();
  /** Samples of what went wrong (bounded). */
  readonly problems: string[] = [];
  problemCount = 0;
  keptPages = 0;
  /** Requests sent and not yet answered or failed. */
  inFlight = 0;

  constructor(readonly keepPages = 0) {}

  record(attempt: Attempt): void {
    this.attempts.push(attempt);
    if (attempt.status !== undefined) this.statuses.set(attempt.status, (this.statuses.get(attempt.status) ?? 0) + 1);
    if (attempt.error !== undefined) this.errors.set(attempt.error, (this.errors.get(attempt.error) ?? 0) + 1);
  }

  /** The first wrong page, whole (truncated), for the report. */
  firstProblemPage: string | undefined;

  problem(text: string, page?: string): void {
    this.problemCount += 1;
    if (this.problems.length < 10) this.problems.push(text);
    if (page !== undefined && this.firstProblemPage === undefined) this.firstProblemPage = page.slice(0, 3000);
  }

  count(outcome: Outcome, from = 0, to = Number.POSITIVE_INFINITY): number {
    return this.attempts.filter((a) => a.outcome === outcome && a.sentAt >= from && a.sentAt < to).length;
  }

  acknowledged(): Attempt[] {
    return this.attempts.filter((a) => a.outcome === 'acknowledged');
  }

  /** Responses with a status of 500 or more, other than the designed 503 refusal page. */
  serverErrors(): number {
    return this.attempts.filter((a) => (a.status ?? 0) >= 500 && a.outcome !== 'unavailable').length;
  }

  summary(): string {
    const statuses = [...this.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
    const errors = [...this.errors].map(([e, n]) => `${e}×${n}`).join(' ');
    return `${this.attempts.length} sent; statuses ${statuses || 'none'}; no answer ${errors || 'none'}`;
  }
}

export interface LoadOptions {
  client: HttpClient;
  /** Where to send (read before every request, so a restarted app on a new port is followed). */
  baseUrl: () => string;
  checkFields: Fields;
  ledger: Ledger;
  submitters: number;
  /** Hard limits: the loop ends at whichever comes first, or when `stop()` says so. */
  maxMs: number;
  maxPerSubmitter: number;
  stop?: () => boolean;
  locales?: readonly string[];
  /** A resident waits before pressing again after an error page or a dead connection. */
  pauseAfterRefusalMs?: number;
  pauseAfterNoAnswerMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the submitters to their limits; resolves with the elapsed milliseconds. */
export async function runLoad(options: LoadOptions): Promise<number> {
  const { client, ledger, checkFields } = options;
  const locales = options.locales ?? ['en'];
  const started = performance.now();
  const deadline = started + options.maxMs;
  const submitter = async (index: number) => {
    const locale = locales[index % locales.length] ?? 'en';
    for (let n = 0; n < options.maxPerSubmitter; n++) {
      if (performance.now() >= deadline || options.stop?.()) return;
      const submission = newSubmission(checkFields);
      const sentAt = performance.now();
      const base = { receipt: submission.receipt, hash: submission.hash, locale, sentAt };
      ledger.inFlight += 1;
      try {
        const reply = await client.post(options.baseUrl() + surveyPath(locale), submission.form).finally(() => {
          ledger.inFlight -= 1;
        });
        const endedAt = performance.now();
        if (reply.status === 200 && shownReceipt(reply.body) === submission.receipt) {
          ledger.record({ ...base, endedAt, outcome: 'acknowledged', status: 200 });
        } else if (reply.status === 503) {
          const problems = refusalProblems(reply.body, locale, submission.token);
          if (problems.length > 0) {
            const title = /<title>([^<]*)<\/title>/.exec(reply.body)?.[1] ?? reply.body.slice(0, 80);
            ledger.problem(`503 page "${title}" for /${locale}: ${problems.slice(0, 4).join('; ')}`, reply.body);
          }
          const keep = ledger.keptPages < ledger.keepPages;
          if (keep) ledger.keptPages += 1;
          ledger.record({
            ...base,
            endedAt,
            outcome: 'unavailable',
            status: 503,
            ...(keep ? { page: reply.body } : {}),
          });
          await sleep(options.pauseAfterRefusalMs ?? 100);
        } else {
          const title = /<title>([^<]*)<\/title>/.exec(reply.body)?.[1] ?? reply.body.slice(0, 80);
          const shown = shownReceipt(reply.body);
          ledger.problem(
            `/${locale} answered ${reply.status} "${title}"${shown ? ` with receipt ${shown}, expected ${submission.receipt}` : ''}`,
            reply.body,
          );
          ledger.record({ ...base, endedAt, outcome: 'unexpected', status: reply.status });
          await sleep(options.pauseAfterRefusalMs ?? 100);
        }
      } catch (error) {
        ledger.record({ ...base, endedAt: performance.now(), outcome: 'no-answer', error: errorName(error) });
        await sleep(options.pauseAfterNoAnswerMs ?? 50);
      }
    }
  };
  await Promise.all(Array.from({ length: options.submitters }, (_, i) => submitter(i)));
  return performance.now() - started;
}

/** The p-th percentile (0–100) of some durations, in whole milliseconds. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
}

/** "p50 12 ms, p95 40 ms, p99 70 ms, max 90 ms" for the attempts given. */
export function latencies(attempts: Attempt[]): string {
  const ms = attempts.map((a) => a.endedAt - a.sentAt);
  return `p50 ${percentile(ms, 50)} ms, p95 ${percentile(ms, 95)} ms, p99 ${percentile(ms, 99)} ms, max ${percentile(ms, 100)} ms`;
}
