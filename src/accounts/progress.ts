// What a resident's receipt says is happening to their account, read from the work itself rather
// than kept beside it, so it cannot drift: withdrawn; "themed" once a theme their account
// supports is defined; "in review" once any of their words is coded; otherwise as filed.
import type { Kysely } from 'kysely';
import type { Database, ResponseStatus } from '../db/schema.js';

export async function progressOf(
  db: Kysely<Database>,
  account: { responseId: string; status: ResponseStatus },
): Promise<ResponseStatus> {
  if (account.status === 'withdrawn') return 'withdrawn';
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .exists(
          eb
            .selectFrom('theme_support')
            .innerJoin('themes', 'themes.id', 'theme_support.theme_id')
            .select('theme_support.theme_id')
            .where('theme_support.response_id', '=', account.responseId)
            .where('themes.status', '=', 'defined'),
        )
        .as('themed'),
      eb.exists(eb.selectFrom('codings').select('id').where('response_id', '=', account.responseId)).as('coded'),
    ])
    .executeTakeFirstOrThrow();
  if (row.themed) return 'themed';
  if (row.coded) return 'in_review';
  return account.status;
}
