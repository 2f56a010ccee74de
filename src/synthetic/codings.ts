// Synthetic analysis for development and benches (`seed-synthetic --codings N`): a codebook of
// eight groups of four codes, three coders (disabled users, never able to sign in), N codings
// spread over the synthetic accounts (a passage of each account's story, a code and a coder
// chosen by a hash of the account, so a seed gives the same data every time), and eleven themes:
// ten gathering four codes each and one gathering a rare code coded in exactly 5,000 accounts,
// the size of a theme an analyst reads page by page. Codings go in as set-based inserts of
// 200,000, so two million take a minute or two on real Postgres; the theme counts follow from
// the triggers as they would in service. Every row written is marked synthetic.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';

export const CODING_BATCH = 200_000;
export const RARE_CODE_ACCOUNTS = 5_000;

const GROUPS: [string, string[]][] = [
  ['Access to care', ['Getting an appointment', 'Registering with a GP', 'Turned away', 'Distance and travel']],
  ['Language', ['No interpreter', 'Family interpreting', 'Written information', 'Phone lines']],
  ['Respect', ['Not listened to', 'Rudeness', 'Assumptions about culture', 'Being believed']],
  ['Waiting', ['Waiting rooms', 'Waiting lists', 'Delays in results', 'Missed follow-up']],
  ['Trust', ['After Covid', 'Vaccines', 'Data and records', 'Immigration fears']],
  ['Discrimination', ['Racism', 'Religion', 'Gender of staff', 'Age']],
  ['Cost and work', ['Time off work', 'Prescription costs', 'Childcare', 'Transport costs']],
  ['What helped', ['Community groups', 'A named person', 'Same-language staff', 'Home visits']],
];

export interface CodingSeedResult {
  codings: number;
  /** Codings of the rare code, besides. */
  rare: number;
  codes: number;
  coders: number;
  themes: number;
}

export async function seedCodings(
  db: Kysely<Database>,
  options: { surveyId: string; count: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<CodingSeedResult> {
  const run = `${options.seed}-${Date.now().toString(36)}`;
  const coders = await db
    .insertInto('staff_users')
    .values(
      [1, 2, 3].map((n) => ({
        email: `synthetic-coder-${run}-${n}@example.invalid`,
        display_name: `Synthetic coder ${n}`,
        roles: ['analyst' as const],
        disabled: true,
        synthetic: true,
      })),
    )
    .returning('id')
    .execute();
  const children: string[] = [];
  for (const [group, names] of GROUPS) {
    const parent = await db
      .insertInto('codes')
      .values({ survey_id: options.surveyId, parent_id: null, name: `${group} (synthetic ${run})`, synthetic: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = await db
      .insertInto('codes')
      .values(names.map((name) => ({ survey_id: options.surveyId, parent_id: parent.id, name, synthetic: true })))
      .returning('id')
      .execute();
    children.push(...rows.map((row) => row.id));
  }
  const rare = await db
    .insertInto('codes')
    .values({ survey_id: options.surveyId, parent_id: null, name: `Rare (synthetic ${run})`, synthetic: true })
    .returning('id')
    .executeTakeFirstOrThrow();

  const { rows } = await sql<{ n: string }>`
    select count(*) as n from responses where synthetic and answers ? 'what_happened'`.execute(db);
  const accounts = Number(rows[0]?.n ?? 0);
  if (accounts === 0) throw new Error('no synthetic accounts to code: seed accounts first (--responses N)');
  const perAccount = Math.ceil(options.count / accounts);
  const codeIds = sql.val(children);
  const coderIds = sql.val(coders.map((c) => c.id));
  let done = 0;
  for (let from = 0; from < accounts && done < options.count; from += CODING_BATCH) {
    const result = await sql`
      insert into codings (response_id, question_id, field, translation_locale, span_start, span_end, quote, code_id, coded_by)
      select a.id, 'what_happened', 'value', null, s.start, s.start + s.length,
             substr(a.story, s.start + 1, s.length),
             (${codeIds}::uuid[])[1 + (abs(hashtext(a.id::text || ${options.seed}::text || g)) % ${children.length})],
             (${coderIds}::uuid[])[1 + g % 3]
      from (
        select id, answers->'what_happened'->>'value' as story, row_number() over (order by id) - 1 as n
        from responses where synthetic and answers ? 'what_happened'
      ) a
      cross join generate_series(1, ${perAccount}) g
      cross join lateral (
        select ((g - 1) * 11) % greatest(char_length(a.story) - 10, 1) as start
      ) p
      cross join lateral (
        select p.start, least(40, char_length(a.story) - p.start) as length
      ) s
      where a.n >= ${from} and a.n < ${from + CODING_BATCH}
        and a.n * ${perAccount} + g <= ${options.count}
        and s.length > 0
      on conflict do nothing`.execute(db);
    done += Number(result.numAffectedRows ?? 0);
    options.onProgress?.(Math.min(done, options.count), options.count);
  }
  // The rare code: one passage in each of the first 5,000 accounts.
  const rareResult = await sql`
    insert into codings (response_id, question_id, field, translation_locale, span_start, span_end, quote, code_id, coded_by)
    select id, 'what_happened', 'value', null, 0, least(20, char_length(story)), substr(story, 1, least(20, char_length(story))),
           ${rare.id}::uuid, ${coders[0]?.id}::uuid
    from (select id, answers->'what_happened'->>'value' as story from responses
          where synthetic and answers ? 'what_happened' order by id limit ${RARE_CODE_ACCOUNTS}) a
    where char_length(story) > 0
    on conflict do nothing`.execute(db);
  const rareCodings = Number(rareResult.numAffectedRows ?? 0);

  let themes = 0;
  for (let t = 0; t < 10; t++) {
    const theme = await db
      .insertInto('themes')
      .values({ survey_id: options.surveyId, name: `Synthetic theme ${t + 1} (${run})`, synthetic: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Four codes from different groups: codes t, t + 9, t + 18 and t + 27 of the 32.
    const gathered = [0, 9, 18, 27].map((step) => children[(t + step) % children.length] as string);
    await db
      .insertInto('theme_codes')
      .values(gathered.map((code) => ({ theme_id: theme.id, code_id: code })))
      .execute();
    themes++;
  }
  const rareTheme = await db
    .insertInto('themes')
    .values({ survey_id: options.surveyId, name: `Synthetic rare theme (${run})`, synthetic: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('theme_codes').values({ theme_id: rareTheme.id, code_id: rare.id }).execute();
  themes++;
  return {
    codings: done,
    rare: rareCodings,
    codes: children.length + GROUPS.length + 1,
    coders: coders.length,
    themes,
  };
}

/** Takes out what seedCodings put in (codings of synthetic accounts go with the accounts). */
export async function removeSyntheticAnalysis(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('themes').where('synthetic', '=', true).execute();
  const coders = db.selectFrom('staff_users').select('id').where('synthetic', '=', true);
  const codes = db.selectFrom('codes').select('id').where('synthetic', '=', true);
  await db
    .deleteFrom('codings')
    .where((eb) => eb.or([eb('coded_by', 'in', coders), eb('code_id', 'in', codes)]))
    .execute();
  await db.deleteFrom('theme_codes').where('code_id', 'in', codes).execute();
  await db.deleteFrom('code_decisions').where('code_id', 'in', codes).execute();
  await db.deleteFrom('codes').where('synthetic', '=', true).where('parent_id', 'is not', null).execute();
  await db.deleteFrom('codes').where('synthetic', '=', true).execute();
  await db.deleteFrom('staff_users').where('synthetic', '=', true).execute();
}
