// Rows: the demo survey's start page (GET /{locale}/surveys/your-experience) from the real app,
// against the issue's target and the bare baseline measured earlier in the run.
import { DEMO_SURVEY_PATH } from '../lib/demo-submission.js';
import { describeLoad, GET_SECONDS, measurePage } from '../lib/get-load.js';
import { againstBaseline, target } from '../lib/result.js';
import type { Scenario } from '../lib/scenario.js';
import { round } from '../lib/stats.js';
import { BARE_PAGE_ID } from './bare-page.js';

/** The issue's target for a form page on 2 cores. */
export const FORM_PAGE_TARGET_RPS = 8000;

export interface FormPageOptions {
  locale: string;
  /** Sent as Accept-Encoding, as phone browsers do; none means an uncompressed page. */
  acceptEncoding?: string;
}

export function formPage({ locale, acceptEncoding }: FormPageOptions): Scenario {
  const path = DEMO_SURVEY_PATH(locale);
  const encoded = acceptEncoding ? `, Accept-Encoding: ${acceptEncoding}` : '';
  return {
    title: `GET ${path}${encoded} (${GET_SECONDS} s)`,
    async run(context) {
      const app = await context.app();
      const headers: Record<string, string> = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
      const stats = await measurePage(`${app.origin}${path}`, headers, app.cpuSeconds);
      const value = round(stats.rps);
      return [
        {
          id: `form-page-${locale}${acceptEncoding ? '-compressed' : ''}`,
          name: `Form page GET /${locale}/${acceptEncoding ? ` (${stats.encoding ?? 'not compressed'})` : ''}`,
          value,
          unit: 'req/s',
          p50: round(stats.p50, 2),
          p99: round(stats.p99, 2),
          ...againstBaseline(value, context.result(BARE_PAGE_ID)),
          target: target('value', FORM_PAGE_TARGET_RPS, value),
          notes: `${stats.pageBytes} bytes per page${encoded ? ' as sent' : ''}; ${describeLoad(stats)}.`,
          details: { ...stats, path, acceptEncoding: acceptEncoding ?? null },
        },
      ];
    },
  };
}
