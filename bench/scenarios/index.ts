// The rows of the table, in the order they run. Baselines come before the rows that use them;
// peak memory comes last so it covers everything. A new row is a new module added here.
import type { Scenario } from '../lib/scenario.js';
import { barePage } from './bare-page.js';
import { barePost } from './bare-post.js';
import { formPage } from './form-page.js';
import { peakMemory } from './peak-memory.js';
import { pgbenchFiling } from './pgbench-filing.js';
import { pgbenchInsert } from './pgbench-insert.js';
import { sessionTablets } from './session-tablets.js';
import { submissions } from './submissions.js';

export const scenarios: Scenario[] = [
  pgbenchInsert,
  barePost,
  submissions,
  pgbenchFiling,
  barePage,
  formPage({ locale: 'en' }),
  formPage({ locale: 'so' }),
  formPage({ locale: 'en', acceptEncoding: 'gzip, deflate, br' }),
  sessionTablets,
  peakMemory,
];
