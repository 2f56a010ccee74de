// The demo survey shipped in surveys/, installed automatically on an empty database so a
// fresh `npm start` has something to answer.
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { projectPath } from '../paths.js';
import { describeProblems, type SurveyDefinition, surveyDefinitionSchema } from './definition.js';
import { countSurveys, importSurvey } from './repository.js';

export const DEMO_SURVEY_FILE = projectPath('surveys', 'your-experience.json');

export function readSurveyFile(file: string): SurveyDefinition {
  const parsed = surveyDefinitionSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid survey:\n${describeProblems(parsed.error).join('\n')}`);
  return parsed.data;
}

/**
 * Imports the demo survey when the database has no survey at all. Safe when several instances
 * start at once: the import serialises on the survey row and is a no-op when unchanged.
 */
export async function installDemoSurveyIfEmpty(db: Kysely<Database>): Promise<void> {
  if ((await countSurveys(db)) > 0) return;
  await importSurvey(db, readSurveyFile(DEMO_SURVEY_FILE));
}
