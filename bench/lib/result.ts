// The one shape every row of the table has, whatever it measures, so a new scenario is a new
// module returning these and nothing else (run.ts, the table and the JSON files stay as they are).

/** A figure measured earlier in the same run that this row is compared with. */
export interface Baseline {
  name: string;
  value: number;
  unit: string;
}

/** What the row should reach: either its value itself or its ratio to the baseline. */
export interface Target {
  of: 'value' | 'ratio';
  value: number;
  /** The measured value (or ratio) divided by the target: ≥ 1 means met. */
  attained: number;
  met: boolean;
}

export interface BenchResult {
  /** File name in bench/results/ and a stable key for other rows' baselines. */
  id: string;
  name: string;
  value: number;
  unit: string;
  baseline?: Baseline;
  /** value / baseline.value. */
  ratio?: number;
  target?: Target;
  /** Latency percentiles of the successful responses, in milliseconds. */
  p50?: number;
  p99?: number;
  notes: string;
  /** What went wrong while measuring (e.g. acknowledged but not stored): the run exits non-zero. */
  problems?: string[];
  /** Raw counts and settings behind the figure, kept in the JSON file only. */
  details?: Record<string, unknown>;
}

/** Compares a result with a baseline row measured earlier in the run. */
export function againstBaseline(value: number, baseline: BenchResult): Pick<BenchResult, 'baseline' | 'ratio'> {
  return {
    baseline: { name: baseline.name, value: baseline.value, unit: baseline.unit },
    ratio: baseline.value > 0 ? value / baseline.value : 0,
  };
}

export function target(of: Target['of'], goal: number, measured: number): Target {
  const attained = goal > 0 ? measured / goal : 0;
  return { of, value: goal, attained, met: attained >= 1 };
}
