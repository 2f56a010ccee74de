// Disclosure control: the one function every aggregate passes through before it leaves the
// service. Counts respondents; small non-zero cells are suppressed (under 5 by default), and
// where a total is shown beside a row, one more cell is suppressed so the hidden one cannot be
// worked out by subtraction (secondary suppression).

export const DEFAULT_THRESHOLD = 5;

export type Disclosed = number | 'suppressed';

/**
 * One row of counts: primary suppression, then secondary if the row's total is shown. With
 * `zeroIsSmall`, zero is hidden like any small count (see discloseLive).
 */
export function discloseRow(
  counts: number[],
  options: { threshold?: number; totalShown?: boolean; zeroIsSmall?: boolean } = {},
): Disclosed[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const small = (n: number) => n < threshold && (n > 0 || options.zeroIsSmall === true);
  const out: Disclosed[] = counts.map((n) => (small(n) ? 'suppressed' : n));
  const hidden = out.filter((c) => c === 'suppressed').length;
  if (options.totalShown && hidden === 1) {
    // Hide the smallest other cell that would give the hidden one away (non-zero, unless zero
    // is hidden too).
    let pick = -1;
    counts.forEach((n, i) => {
      const reveals = n > 0 || options.zeroIsSmall === true;
      if (out[i] !== 'suppressed' && reveals && (pick === -1 || n < (counts[pick] ?? Number.POSITIVE_INFINITY)))
        pick = i;
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
  const cells = discloseRow(counts, { ...options, threshold, zeroIsSmall: true });
  const total = counts.reduce((sum, n) => sum + n, 0);
  return {
    cells: cells.map((c) => disclosedText(c, threshold)),
    total: total < threshold ? `<${threshold}` : String(total),
  };
}
