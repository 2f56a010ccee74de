// Krippendorff's alpha for nominal data (Krippendorff 2011, "Computing Krippendorff's
// Alpha-Reliability"): any number of coders, values missing where a coder gave none. Built from
// the coincidence matrix: within each unit holding m ≥ 2 values, every ordered pair of values
// from different coders adds 1/(m − 1). Then α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k.
// Units with fewer than two values are not pairable and count for nothing.

/** One row per coder, one column per unit; null where that coder gave the unit no value. */
export type ReliabilityData = readonly (readonly (string | number | null)[])[];

export interface Alpha {
  /** Undefined when every pairable value is the same (no disagreement is possible to expect). */
  alpha: number | undefined;
  /** Units with at least two values. */
  pairableUnits: number;
  /** Values in those units. */
  pairableValues: number;
}

export function nominalAlpha(data: ReliabilityData): Alpha {
  const units = Math.max(0, ...data.map((row) => row.length));
  const coincidence = new Map<string, Map<string, number>>();
  const add = (c: string, k: string, weight: number) => {
    const row = coincidence.get(c) ?? new Map<string, number>();
    row.set(k, (row.get(k) ?? 0) + weight);
    coincidence.set(c, row);
  };
  let pairableUnits = 0;
  let pairableValues = 0;
  for (let u = 0; u < units; u++) {
    const values = data.map((row) => row[u]).filter((v): v is string | number => v !== null && v !== undefined);
    const m = values.length;
    if (m < 2) continue;
    pairableUnits++;
    pairableValues += m;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i !== j) add(String(values[i]), String(values[j]), 1 / (m - 1));
      }
    }
  }
  const totals = new Map<string, number>();
  for (const [c, row] of coincidence)
    totals.set(
      c,
      [...row.values()].reduce((a, b) => a + b, 0),
    );
  const n = [...totals.values()].reduce((a, b) => a + b, 0);
  let observed = 0;
  for (const [c, row] of coincidence) for (const [k, o] of row) if (c !== k) observed += o;
  let expected = 0;
  for (const [c, nc] of totals) for (const [k, nk] of totals) if (c !== k) expected += nc * nk;
  const alpha = expected === 0 ? undefined : 1 - ((n - 1) * observed) / expected;
  return { alpha, pairableUnits, pairableValues };
}
