// Row: the app's peak resident memory over everything the run put it through so far (start,
// migrations, warm-ups, submissions, page GETs): the kernel's high-water mark, VmHWM, which
// catches a spike that sampling would miss. Runs last for that reason.
import type { Scenario } from '../lib/scenario.js';
import { round } from '../lib/stats.js';

export const peakMemory: Scenario = {
  title: 'app peak memory (VmHWM)',
  async run(context) {
    const app = await context.app();
    const bytes = app.peakRssBytes();
    return [
      {
        id: 'peak-memory',
        name: 'App peak memory (RSS high-water mark)',
        value: round(bytes / 2 ** 20, 1),
        unit: 'MiB',
        notes: `VmHWM of the app process (pid ${app.pid}) read from /proc/${app.pid}/status after all rows above.`,
        details: { bytes },
      },
    ];
  },
};
