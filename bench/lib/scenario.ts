// What a scenario is and what it is given. Scenarios run in the order of scenarios/index.ts and
// can read the rows measured before them (for baselines) and share one running app.

import type { ChildServer } from './child-server.js';
import type { BenchResult } from './result.js';

export interface BenchContext {
  /** The scratch database: empty but for what earlier scenarios and the app put there. */
  databaseUrl: string;
  /** The app's SECRET, so the bench can sign form tokens and hash receipts as the app does. */
  secret: string;
  /** The app as a child process, started on first use and stopped when the run ends. */
  app(): Promise<ChildServer>;
  /** A row measured earlier in this run; throws if that scenario has not run. */
  result(id: string): BenchResult;
  /** Registers something to undo when the run ends, however it ends. */
  onCleanup(fn: () => Promise<void> | void): void;
  log(message: string): void;
}

export interface Scenario {
  /** What the progress log calls it. */
  title: string;
  run(context: BenchContext): Promise<BenchResult[]>;
}
