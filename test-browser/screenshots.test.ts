// Full-page screenshots of the survey on a 360 px phone in English, Somali, Arabic (right to
// left) and Tigrinya (Ethiopic script), for the docs and for a person to look at: layout
// faults that no assertion names (mirroring, clipping, overlap) show up here first.
// Written to docs/screenshots/{locale}-{page}.png, replaced on every run.
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { chromiumGate, startSuite } from './browser.js';
import { demoAnswers, SurveyWalker, walkSurvey } from './journey.js';

const OUT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const WIDTH = 360;

/** Which pages of the walk are kept, and the file name each gets. */
const SHOTS: Record<string, string> = {
  'survey start': 'start',
  'question page service': 'question-choice',
  'question page story': 'question-long-text',
  'question page about_you': 'about-you',
  'check answers': 'check-answers',
  confirmation: 'confirmation',
};

/** Width and height of a PNG, from its header. */
function pngSize(file: string): { width: number; height: number } {
  const header = readFileSync(file).subarray(16, 24);
  return { width: header.readUInt32BE(0), height: header.readUInt32BE(4) };
}

const gate = chromiumGate(t);
// The contact as a council that has not yet named its own would show it: each locale's words.
const unconfiguredContact = { name: 'unused', nameConfigured: false, phone: '020 8748 3020' };
const suite = gate ? undefined : await startSuite(t, { localContact: unconfiguredContact });
if (suite) mkdirSync(OUT_DIR, { recursive: true });
// The locales side by side: most of each walk is waiting (see journey.ts, readyToSend).
t.jobs = 4;

for (const locale of ['en', 'so', 'ar', 'ti'] as const) {
  t.test(`${locale}: screenshots of the survey at ${WIDTH} px`, { skip: gate }, async (t) => {
    if (!suite) return;
    const context = await suite.newContext({ locale, viewport: { width: WIDTH, height: 740 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const walker = new SurveyWalker(page, suite.base, locale);
    const written: string[] = [];
    for await (const arrival of walkSurvey(walker, { answers: demoAnswers(locale) })) {
      const shot = SHOTS[arrival.name];
      if (!shot) continue;
      t.equal(arrival.status, arrival.expected, `${locale} ${arrival.name}: HTTP ${arrival.expected}`);
      const file = `${OUT_DIR}${locale}-${shot}.png`;
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      const size = pngSize(file);
      t.equal(size.width, WIDTH, `${locale}-${shot}.png is ${WIDTH} px wide (${size.height} px tall)`);
      written.push(`${locale}-${shot}.png (${size.width}x${size.height})`);
    }
    t.equal(written.length, Object.keys(SHOTS).length, `${locale}: every page photographed`);
    t.comment(`docs/screenshots/: ${written.join(', ')}`);
    await context.close();
  });
}
