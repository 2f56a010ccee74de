// Community review of draft themes, as data: the themes an analyst puts before a round, what a
// reviewer reads of each (its central idea, how many accounts support it through disclosure
// control, and a few of its passages from the round's own accounts, none with a safeguarding flag
// open), the reviewers' comments and the analysts' answers. Plain functions taking `db`.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, ThemeStatus } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import { type Disclosed, discloseTotal } from '../disclosure/suppress.js';

/** Passages shown to reviewers under each theme. */
export const SAMPLE_PASSAGES = 5;
export const COMMENT_MAX = 4000;

export interface RoundTheme {
  id: string;
  name: string;
  centralIdea: string;
  status: ThemeStatus;
  /** Accounts supporting the theme, through disclosure control. */
  accounts: Disclosed;
}

/** Themes put before a round's reviewers (never one set aside), by name. */
export async function themesOfRound(db: Kysely<Database>, roundId: string): Promise<RoundTheme[]> {
  const rows = await db
    .selectFrom('review_round_themes')
    .innerJoin('themes', 'themes.id', 'review_round_themes.theme_id')
    .select([
      'themes.id',
      'themes.name',
      'themes.central_idea as centralIdea',
      'themes.status',
      'themes.account_count as count',
    ])
    .where('review_round_themes.round_id', '=', roundId)
    .where('themes.status', '<>', 'set_aside')
    .orderBy(sql`lower(themes.name)`)
    .execute();
  return rows.map(({ count, ...theme }) => ({ ...theme, accounts: discloseTotal(count) }));
}

/** Themes a round's keeper may put before it (all but those set aside), and whether each is. */
export async function roundThemeChoices(db: Kysely<Database>, roundId: string) {
  const [themes, chosen] = await Promise.all([
    db.selectFrom('themes').select(['id', 'name']).where('status', '<>', 'set_aside').orderBy('name').execute(),
    db.selectFrom('review_round_themes').select('theme_id').where('round_id', '=', roundId).execute(),
  ]);
  const shown = new Set(chosen.map((row) => row.theme_id));
  return themes.map((theme) => ({ id: theme.id, text: theme.name, checked: shown.has(theme.id) }));
}

export async function setRoundThemes(
  db: Kysely<Database>,
  roundId: string,
  themeIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('review_round_themes').where('round_id', '=', roundId).execute();
  const ids = [...new Set(themeIds.filter((id) => isUuid(id)))];
  if (ids.length === 0) return;
  // Only themes that exist (a stale form may name one since deleted).
  await sql`insert into review_round_themes (round_id, theme_id)
    select ${roundId}::uuid, id from themes where id = any(${sql.val(ids)}::uuid[])`.execute(db);
}

export interface SamplePassage {
  themeId: string;
  responseId: string;
  questionId: string;
  translationLocale: string | null;
  start: number;
  end: number;
  quote: string;
  locale: string;
  answers: unknown;
}

/**
 * Up to SAMPLE_PASSAGES passages under each theme, from accounts of the round without an open
 * safeguarding flag, one per account, in a stable order.
 */
export async function samplePassages(
  db: Kysely<Database>,
  roundId: string,
  themeIds: readonly string[],
): Promise<SamplePassage[]> {
  if (themeIds.length === 0) return [];
  const { rows } = await sql<SamplePassage>`
    select "themeId", "responseId", "questionId", "translationLocale", start, "end", quote, locale, answers from (
      select one.*, row_number() over (partition by "themeId" order by "responseId") as n from (
        -- One passage per account and theme: the account's first under the theme.
        select distinct on (tc.theme_id, c.response_id)
          tc.theme_id as "themeId", c.response_id as "responseId", c.question_id as "questionId",
          c.translation_locale as "translationLocale", c.span_start as start, c.span_end as "end", c.quote,
          r.locale, r.answers
        from review_round_accounts rra
        join codings c on c.response_id = rra.response_id
        join theme_codes tc on tc.code_id = c.code_id and tc.theme_id = any(${sql.val([...themeIds])}::uuid[])
        join responses r on r.id = c.response_id and r.answers is not null
        where rra.round_id = ${roundId}::uuid
          and not exists (select 1 from safeguarding_flags f where f.response_id = c.response_id and f.resolution is null)
        order by tc.theme_id, c.response_id, c.span_start, c.id
      ) one
    ) sampled
    where n <= ${SAMPLE_PASSAGES}`.execute(db);
  return rows;
}

export interface ThemeComment {
  id: string;
  themeId: string;
  roundId: string;
  roundName: string;
  authorId: string;
  authorName: string;
  says: string;
  missing: string;
  createdAt: Date;
  answer: string | null;
  answeredByName: string | null;
  answeredAt: Date | null;
}

function comments(db: Kysely<Database>) {
  return db
    .selectFrom('theme_comments')
    .innerJoin('review_rounds', 'review_rounds.id', 'theme_comments.round_id')
    .innerJoin('staff_users as author', 'author.id', 'theme_comments.author_id')
    .leftJoin('staff_users as answerer', 'answerer.id', 'theme_comments.answered_by')
    .select([
      'theme_comments.id',
      'theme_comments.theme_id as themeId',
      'theme_comments.round_id as roundId',
      'review_rounds.name as roundName',
      'theme_comments.author_id as authorId',
      'author.display_name as authorName',
      'theme_comments.says',
      'theme_comments.missing',
      'theme_comments.created_at as createdAt',
      'theme_comments.answer',
      'answerer.display_name as answeredByName',
      'theme_comments.answered_at as answeredAt',
    ])
    .orderBy('theme_comments.created_at')
    .orderBy('theme_comments.id');
}

/** A round's comments on its themes (what its reviewers see). */
export async function commentsOfRound(db: Kysely<Database>, roundId: string): Promise<ThemeComment[]> {
  return comments(db).where('theme_comments.round_id', '=', roundId).execute();
}

/** Every comment on a theme, from every round (what analysts see). */
export async function commentsOfTheme(db: Kysely<Database>, themeId: string): Promise<ThemeComment[]> {
  return comments(db).where('theme_comments.theme_id', '=', themeId).execute();
}

/** The rounds whose reviewers have commented on each theme, by theme id. */
export async function commentingRounds(
  db: Kysely<Database>,
  themeIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rounds = new Map<string, string[]>();
  if (themeIds.length === 0) return rounds;
  const rows = await db
    .selectFrom('theme_comments')
    .innerJoin('review_rounds', 'review_rounds.id', 'theme_comments.round_id')
    .select(['theme_comments.theme_id as themeId', 'review_rounds.name'])
    .distinct()
    .where('theme_comments.theme_id', 'in', themeIds)
    .orderBy('review_rounds.name')
    .execute();
  for (const row of rows) rounds.set(row.themeId, [...(rounds.get(row.themeId) ?? []), row.name]);
  return rounds;
}

export async function addComment(
  db: Kysely<Database>,
  comment: { themeId: string; roundId: string; authorId: string; says: string; missing: string },
): Promise<string> {
  const row = await db
    .insertInto('theme_comments')
    .values({
      theme_id: comment.themeId,
      round_id: comment.roundId,
      author_id: comment.authorId,
      says: comment.says,
      missing: comment.missing,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function answerComment(
  db: Kysely<Database>,
  answer: { commentId: string; themeId: string; answer: string; by: string },
): Promise<boolean> {
  if (!isUuid(answer.commentId)) return false;
  const row = await db
    .updateTable('theme_comments')
    .set({ answer: answer.answer, answered_by: answer.by, answered_at: sql`now()` })
    .where('id', '=', answer.commentId)
    .where('theme_id', '=', answer.themeId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
