// The count of accounts behind each theme, kept by triggers (migration 2026_12_04_06), is always
// what counting from scratch gives: through any sequence of codings added and removed, codes
// gathered by a theme and let go, codes merged (their codings moving), and accounts withdrawn.
// Counts are of accounts, not passages: two passages of one account are one.
import fc from 'fast-check';
import { sql } from 'kysely';
import t from 'tap';
import { withdrawAccount } from '../../src/accounts/withdraw.js';
import { addCodings } from '../../src/coding/codings.js';
import { mergeCode } from '../../src/review/codebook.js';
import { build } from '../helper.js';
import { demoSurveyId } from '../support/codebook.js';
import { announceSeed } from '../support/fast-check-seed.js';
import { fileAccount } from '../support/file-account.js';
import { createStaffUser } from '../support/staff.js';

announceSeed(import.meta.url);

const app = await build(t);
const coders = [
  (await createStaffUser(app, { email: 'a@example.org', roles: ['analyst'] })).id,
  (await createStaffUser(app, { email: 'b@example.org', roles: ['analyst'] })).id,
];
const survey = await demoSurveyId(app);
const STORY = 'Waxaan sugay. Ma jirin turjubaan. Dhakhtarku ma dhagaysan.';

type Op =
  | { kind: 'code'; account: number; code: number; coder: number; start: number }
  | { kind: 'uncode'; pick: number }
  | { kind: 'gather'; theme: number; code: number }
  | { kind: 'letGo'; theme: number; code: number }
  | { kind: 'merge'; from: number; into: number }
  | { kind: 'withdraw'; account: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('code' as const),
      account: fc.nat(4),
      code: fc.nat(3),
      coder: fc.nat(1),
      start: fc.nat(20),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('uncode' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('gather' as const), theme: fc.nat(1), code: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('letGo' as const), theme: fc.nat(1), code: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), from: fc.nat(3), into: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), account: fc.nat(4) }) },
);

async function fresh() {
  await sql`truncate codings, theme_codes, theme_support, theme_decisions, themes, code_decisions, codes cascade`.execute(
    app.db,
  );
  const accounts: string[] = [];
  for (let i = 0; i < 5; i++) accounts.push(await fileAccount(app, { locale: 'so', story: STORY, day: '2026-11-01' }));
  const codes: string[] = [];
  for (let i = 0; i < 4; i++) {
    codes.push(
      (
        await app.db
          .insertInto('codes')
          .values({ survey_id: survey, parent_id: null, name: `Code ${i}` })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  const themes: string[] = [];
  for (let i = 0; i < 2; i++) {
    themes.push(
      (
        await app.db
          .insertInto('themes')
          .values({ survey_id: survey, name: `Theme ${i}` })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  return { accounts, codes, themes };
}

async function apply(ids: Awaited<ReturnType<typeof fresh>>, step: Op) {
  const { accounts, codes, themes } = ids;
  if (step.kind === 'code') {
    const code = await app.db
      .selectFrom('codes')
      .select('merged_into')
      .where('id', '=', codes[step.code] as string)
      .executeTakeFirstOrThrow();
    const withdrawn = await app.db
      .selectFrom('responses')
      .select('answers')
      .where('id', '=', accounts[step.account] as string)
      .executeTakeFirstOrThrow();
    if (code.merged_into || withdrawn.answers === null) return;
    await addCodings(app.db, {
      where: {
        responseId: accounts[step.account] as string,
        questionId: 'what_happened',
        field: 'value',
        translationLocale: null,
      },
      text: STORY,
      spans: [{ start: step.start, end: step.start + 5 }],
      codeIds: [codes[step.code] as string],
      coder: coders[step.coder] as string,
    });
  } else if (step.kind === 'uncode') {
    const all = await app.db.selectFrom('codings').select('id').orderBy('id').execute();
    const chosen = all[step.pick % Math.max(all.length, 1)];
    if (chosen) await app.db.deleteFrom('codings').where('id', '=', chosen.id).execute();
  } else if (step.kind === 'gather') {
    const code = await app.db
      .selectFrom('codes')
      .select('merged_into')
      .where('id', '=', codes[step.code] as string)
      .executeTakeFirstOrThrow();
    if (code.merged_into) return;
    await app.db
      .insertInto('theme_codes')
      .values({ theme_id: themes[step.theme] as string, code_id: codes[step.code] as string })
      .onConflict((oc) => oc.doNothing())
      .execute();
  } else if (step.kind === 'letGo') {
    await app.db
      .deleteFrom('theme_codes')
      .where('theme_id', '=', themes[step.theme] as string)
      .where('code_id', '=', codes[step.code] as string)
      .execute();
  } else if (step.kind === 'merge') {
    if (step.from === step.into) return;
    const from = await app.db
      .selectFrom('codes')
      .select(['version', 'merged_into'])
      .where('id', '=', codes[step.from] as string)
      .executeTakeFirstOrThrow();
    if (from.merged_into) return;
    await app.db.transaction().execute((trx) =>
      mergeCode(trx, {
        from: codes[step.from] as string,
        fromVersion: from.version,
        into: codes[step.into] as string,
        by: null,
      }),
    );
  } else {
    await app.db.transaction().execute((trx) => withdrawAccount(trx, accounts[step.account] as string));
  }
}

/** Each theme's accounts counted from scratch, beside the kept count. */
async function counts() {
  const { rows } = await sql<{ id: string; kept: number; counted: number; support: number }>`
    select t.id, t.account_count as kept,
      (select count(distinct c.response_id)::int from theme_codes tc join codings c on c.code_id = tc.code_id where tc.theme_id = t.id) as counted,
      (select count(*)::int from theme_support s where s.theme_id = t.id) as support
    from themes t order by t.id`.execute(app.db);
  const { rows: passages } = await sql<{ wrong: number }>`
    select count(*)::int as wrong from theme_support s
    where s.passages <> (select count(*) from codings c join theme_codes tc on tc.code_id = c.code_id
                         where tc.theme_id = s.theme_id and c.response_id = s.response_id)`.execute(app.db);
  return { rows, wrongPassages: passages[0]?.wrong ?? -1 };
}

t.test('the kept count is the counted one after every step', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (steps) => {
      const ids = await fresh();
      for (const step of steps) {
        await apply(ids, step);
        const { rows, wrongPassages } = await counts();
        if (wrongPassages !== 0) return false;
        if (rows.some((row) => row.kept !== row.counted || row.support !== row.counted)) return false;
      }
      return true;
    }),
    { numRuns: 15 },
  );
  t.pass('checked');
});

t.test('two passages of one account are one account; withdrawal lowers the count', async (t) => {
  const { accounts, codes, themes } = await fresh();
  await app.db
    .insertInto('theme_codes')
    .values({ theme_id: themes[0] as string, code_id: codes[0] as string })
    .execute();
  for (const start of [0, 14]) {
    await addCodings(app.db, {
      where: {
        responseId: accounts[0] as string,
        questionId: 'what_happened',
        field: 'value',
        translationLocale: null,
      },
      text: STORY,
      spans: [{ start, end: start + 5 }],
      codeIds: [codes[0] as string],
      coder: coders[0] as string,
    });
  }
  const count = async () =>
    (
      await app.db
        .selectFrom('themes')
        .select('account_count')
        .where('id', '=', themes[0] as string)
        .executeTakeFirstOrThrow()
    ).account_count;
  t.equal(await count(), 1);
  await app.db.transaction().execute((trx) => withdrawAccount(trx, accounts[0] as string));
  t.equal(await count(), 0);
});
