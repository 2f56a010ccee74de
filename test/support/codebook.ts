// A codebook for tests: the demo survey's id and codes added straight to it.
import type { FastifyInstance } from 'fastify';

/** The id of the demo survey (`your-experience`) every test app installs. */
export async function demoSurveyId(app: FastifyInstance): Promise<string> {
  const row = await app.db
    .selectFrom('surveys')
    .select('id')
    .where('slug', '=', 'your-experience')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A top-level code of the demo survey; its id. */
export async function addCode(app: FastifyInstance, name: string, colour: string | null = null): Promise<string> {
  const row = await app.db
    .insertInto('codes')
    .values({ survey_id: await demoSurveyId(app), parent_id: null, name, colour })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
