// The app both bad-input suites attack: the demo survey installed, and the per-address
// submission limit lifted, because every request of a property run comes from one address.
import type { FastifyInstance } from 'fastify';
import type { Survey } from '../../src/surveys/model.js';
import { build } from '../helper.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function buildDemoApp(t: Teardown): Promise<{
  app: FastifyInstance;
  survey: Survey;
  versionId: string;
  surveyId: string;
}> {
  const app = await build(t, { submissionsPerAddress: 1_000_000 });
  const entry = await app.surveys.get('your-experience');
  if (!entry) throw new Error('the demo survey is not installed');
  return { app, survey: entry.survey, versionId: entry.stored.versionId, surveyId: entry.stored.surveyId };
}
