// Disclosure control: the one function every aggregate passes through before it leaves the
// service. Counts respondents; small non-zero cells are suppressed (under 5 by default), and
// where a total is shown beside a row, one more cell is suppressed so the hidden one cannot be
// worked out by subtraction (secondary suppression).

export const DEFAULT_THRESHOLD = 5;

export type Disclosed = number | 'suppressed';

/** One row of counts: primary suppression, then secondary if the row's total is shown. */
export function discloseRow(counts: number[], options: { threshold?: number; totalShown?: boolean } = {}): Disclosed[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const out: Disclosed[] = counts.map((n) => (n > 0 && n < threshold ? 'suppressed' : n));
  const hidden = out.filter((c) => c === 'suppressed').length;
  if (options.totalShown && hidden === 1) {
    // Hide the smallest other non-zero cell too.
    let pick = -1;
    counts.forEach((n, i) => {
      if (out[i] !== 'suppressed' && n > 0 && (pick === -1 || n < (counts[pick] ?? Number.POSITIVE_INFINITY))) pick = i;
    });
    if (pick >= 0) out[pick] = 'suppressed';
  }
  return out;
}

/** A total is itself suppressed when it is small. */
export function discloseTotal(total: number, threshold = DEFAULT_THRESHOLD): Disclosed {
  return total > 0 && total < threshold ? 'suppressed' : total;
}

export const disclosedText = (value: Disclosed, threshold = DEFAULT_THRESHOLD) =>
  value === 'suppressed' ? `<${threshold}` : String(value);

/**
 * Counts a partner watches while a session runs. Zero is hidden with the small counts: if "0"
 * showed, refreshing the page would show the moment "0" turned into "<5", and so when one
 * resident's account arrived. Where the total is shown beside the row, one more cell goes.
 */
export function discloseLive(
  counts: number[],
  options: { threshold?: number; totalShown?: boolean } = {},
): { cells: string[]; total: string } {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const out: Disclosed[] = counts.map((n) => (n < threshold ? 'suppressed' : n));
  if (options.totalShown && out.filter((c) => c === 'suppressed').length === 1) {
    let pick = -1;
    counts.forEach((n, i) => {
      if (out[i] !== 'suppressed' && (pick === -1 || n < (counts[pick] ?? Number.POSITIVE_INFINITY))) pick = i;
    });
    if (pick >= 0) out[pick] = 'suppressed';
  }
  const total = counts.reduce((sum, n) => sum + n, 0);
  return {
    cells: out.map((c) => disclosedText(c, threshold)),
    total: total < threshold ? `<${threshold}` : String(total),
  };
}
