// The codebook's decision log: every change to a code, with who made it and when (staff work,
// so times are kept, as in the audit log), written in the transaction of the change itself.
import type { Kysely } from 'kysely';
import type { CodeDecisionAction, Database } from '../db/schema.js';

export async function decide(
  db: Kysely<Database>,
  code: { id: string; surveyId: string },
  action: CodeDecisionAction,
  by: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db
    .insertInto('code_decisions')
    .values({
      survey_id: code.surveyId,
      code_id: code.id,
      action,
      details: JSON.stringify(details),
      decided_by: by,
    })
    .execute();
}

export interface CodeDecision {
  codeId: string;
  action: CodeDecisionAction;
  details: unknown;
  decidedBy: string | null;
  decidedAt: Date;
}

/** The survey's decision log, newest first. */
export async function decisionsOf(db: Kysely<Database>, surveyId: string, limit = 100): Promise<CodeDecision[]> {
  return db
    .selectFrom('code_decisions')
    .leftJoin('staff_users', 'staff_users.id', 'code_decisions.decided_by')
    .select([
      'code_decisions.code_id as codeId',
      'code_decisions.action',
      'code_decisions.details',
      'staff_users.display_name as decidedBy',
      'code_decisions.decided_at as decidedAt',
    ])
    .where('code_decisions.survey_id', '=', surveyId)
    .orderBy('code_decisions.decided_at', 'desc')
    .orderBy('code_decisions.id', 'desc')
    .limit(limit)
    .execute();
}
