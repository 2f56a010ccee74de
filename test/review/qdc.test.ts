// The codebook as REFI-QDA (.qdc), both ways. The exported file validates against the codebook
// schema with xmllint; imported into an empty database it gives back the same codes, tree,
// descriptions, colours and GUIDs, and themes as sets; imported twice it changes nothing. A file
// as ATLAS.ti writes one (GUIDs in braces, three-digit colours, Sets) comes in with its sets as
// candidate themes. A truncated or otherwise broken file is refused with a message naming the
// problem, and nothing of it is imported. From the shell: `codebook export` and `codebook import`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { commands } from '../../src/cli/commands.js';
import { projectPath } from '../../src/paths.js';
import { codesOf, createCode, mergeCode, retireCode } from '../../src/review/codebook.js';
import { codebookFile } from '../../src/review/codebook-export.js';
import { importCodebook } from '../../src/review/codebook-import.js';
import { CodebookFileError, readCodebook } from '../../src/review/qdc-read.js';
import { build, testConfig } from '../helper.js';

const SCHEMA = projectPath('schemas', 'refi-qda', 'Codebook.xsd');
const dir = mkdtempSync(join(tmpdir(), 'codka-qdc-'));

const surveyIdOf = async (app: FastifyInstance) =>
  (await app.db.selectFrom('surveys').select('id').where('slug', '=', 'your-experience').executeTakeFirstOrThrow()).id;

/** What a codebook is, GUIDs and all, to compare two databases' codebooks. */
const shapeOf = async (app: FastifyInstance) =>
  (await codesOf(app.db, await surveyIdOf(app)))
    .filter((code) => !code.mergedInto)
    .map(({ id, parentId, name, description, colour, retired }) => ({
      id,
      parentId,
      name,
      description,
      colour,
      retired,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

const themesOf = async (app: FastifyInstance) => {
  const themes = await app.db
    .selectFrom('themes')
    .select(['id', 'name', 'central_idea', 'status'])
    .orderBy('id')
    .execute();
  const codes = await app.db.selectFrom('theme_codes').select(['theme_id', 'code_id']).orderBy('code_id').execute();
  return themes.map((theme) => ({
    ...theme,
    codes: codes.filter((c) => c.theme_id === theme.id).map((c) => c.code_id),
  }));
};

function xmllint(file: string) {
  const run = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, file], { encoding: 'utf8' });
  if (run.error) throw new Error(`xmllint is needed (apt-get install -y libxml2-utils): ${run.error.message}`);
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

const source = await build(t);
const surveyId = await surveyIdOf(source);
const saved = async (edit: Promise<{ kind: string; id?: string }>) => {
  const result = await edit;
  if (result.kind !== 'saved' || !result.id) throw new Error(`not saved: ${result.kind}`);
  return result.id;
};
const code = (name: string, parentId: string | null, description = '', colour: string | null = null) =>
  saved(createCode(source.db, { surveyId, parentId, name, description, colour, by: null }));

const access = await code(
  'Access to care',
  null,
  'Getting seen at all. Not: how one was treated once seen.',
  '#1D70B8',
);
const interpreters = await code(
  'Interpreters & "language line"',
  access,
  'مترجم — <asked for>, refused or late.',
  '#D4351C',
);
await code('Registering with a GP', access);
const respect = await code('Respect', null, 'ክብሪ: being listened to.', '#00703C');
const old = await code('Old wording', respect);
await retireCode(source.db, { id: old, version: 1, retired: true, by: null });
const twin = await code('Listening', respect);
await mergeCode(source.db, { from: twin, fromVersion: 1, into: respect, by: null });
const theme = await source.db
  .insertInto('themes')
  .values({ survey_id: surveyId, name: 'Not heard', central_idea: 'People were not listened to, in any language.' })
  .returning('id')
  .executeTakeFirstOrThrow();
await source.db
  .insertInto('theme_codes')
  .values([
    { theme_id: theme.id, code_id: interpreters },
    { theme_id: theme.id, code_id: respect },
  ])
  .execute();

const exported = (await codebookFile(source.db, surveyId)) as string;
const exportedFile = join(dir, 'exported.qdc');
writeFileSync(exportedFile, exported);

t.test('the exported codebook validates against the schema', async (t) => {
  const lint = xmllint(exportedFile);
  t.ok(lint.ok, lint.output);
  t.match(exported, /^<\?xml version="1.0" encoding="utf-8"\?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/);
  t.match(exported, `guid="${access}"`, 'GUIDs are the codes’ own ids');
  t.match(exported, 'name="Interpreters &amp; &quot;language line&quot;"', 'names escaped');
  t.match(exported, '<Description>مترجم — &lt;asked for&gt;, refused or late.</Description>');
  t.match(exported, `guid="${old}" name="Old wording" isCodable="false"`, 'a retired code is not codable');
  t.notMatch(exported, twin, 'a merged code lives on in the one that took it over');
  t.match(exported, `<Set guid="${theme.id}" name="Not heard">`);
  t.equal(await codebookFile(source.db, surveyId), exported, 'the same file every time: GUIDs stable across exports');
  const empty = await build(t);
  t.equal(await codebookFile(empty.db, await surveyIdOf(empty)), undefined, 'no codes, no file (Codes needs one)');
});

t.test('importing it into an empty codebook gives the same codes, tree, colours and GUIDs', async (t) => {
  const target = await build(t);
  const targetSurvey = await surveyIdOf(target);
  const summary = await target.db
    .transaction()
    .execute((trx) => importCodebook(trx, readCodebook(exported), { surveyId: targetSurvey, by: null }));
  t.match(summary, { added: 5, changed: 0, unchanged: 0, themesAdded: 1 });
  t.same(await shapeOf(target), await shapeOf(source));
  t.same(
    (await themesOf(target)).map(({ status, ...rest }) => ({ ...rest, status })),
    [
      {
        id: theme.id,
        name: 'Not heard',
        central_idea: 'People were not listened to, in any language.',
        status: 'candidate',
        codes: [interpreters, respect].sort(),
      },
    ],
    'the set comes back as a candidate theme with its codes',
  );
  const again = await target.db
    .transaction()
    .execute((trx) => importCodebook(trx, readCodebook(exported), { surveyId: targetSurvey, by: null }));
  t.match(
    again,
    { added: 0, changed: 0, unchanged: 5, themesAdded: 0, themesChanged: 0 },
    'a second import changes nothing',
  );
  const log = await target.db.selectFrom('code_decisions').select('action').where('action', '=', 'imported').execute();
  t.equal(log.length, 5, 'each imported code is in the decision log');
});

t.test('a codebook as ATLAS.ti writes one: braces, three-digit colours, code groups as sets', async (t) => {
  const atlas = `\uFEFF<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti 25">
  <Codes>
    <Code guid="{6A1C2E3F-0000-4B4B-9C9C-000000000001}" name="Waiting" isCodable="true" color="#f80">
      <Description>Time spent waiting to be seen.</Description>
      <Code guid="{6A1C2E3F-0000-4B4B-9C9C-000000000002}" name="Waiting rooms" isCodable="1"/>
    </Code>
    <Code guid="{6A1C2E3F-0000-4B4B-9C9C-000000000003}" name="Cost" isCodable="true"/>
  </Codes>
  <Sets>
    <Set guid="{6A1C2E3F-0000-4B4B-9C9C-0000000000AA}" name="Barriers">
      <Description>What stood between people and care.</Description>
      <MemberCode targetGUID="{6A1C2E3F-0000-4B4B-9C9C-000000000001}"/>
      <MemberCode targetGUID="{6A1C2E3F-0000-4B4B-9C9C-000000000003}"/>
    </Set>
  </Sets>
</CodeBook>`;
  const target = await build(t);
  const targetSurvey = await surveyIdOf(target);
  const summary = await target.db
    .transaction()
    .execute((trx) => importCodebook(trx, readCodebook(atlas), { surveyId: targetSurvey, by: null }));
  t.match(summary, { added: 3, themesAdded: 1 });
  const codes = await shapeOf(target);
  t.match(codes[0], { id: '6a1c2e3f-0000-4b4b-9c9c-000000000001', name: 'Waiting', colour: '#FF8800' });
  t.match(codes[1], { name: 'Waiting rooms', parentId: '6a1c2e3f-0000-4b4b-9c9c-000000000001' });
  const [barriers] = await themesOf(target);
  t.match(barriers, { name: 'Barriers', central_idea: 'What stood between people and care.', status: 'candidate' });
  t.equal(barriers?.codes.length, 2);
  const back = xmllint(join(dir, 'atlas-back.qdc'));
  t.notOk(back.ok, 'xmllint runs (a missing file fails)');
  writeFileSync(join(dir, 'atlas-back.qdc'), (await codebookFile(target.db, await surveyIdOf(target))) as string);
  t.ok(xmllint(join(dir, 'atlas-back.qdc')).ok, 'and goes out again valid');
});

t.test('a broken file is refused, naming the problem, and nothing is imported', async (t) => {
  const target = await build(t);
  const targetSurvey = await surveyIdOf(target);
  const valid = `<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0b2c1e3e-1111-4a4a-8888-123456789abc" name="A" isCodable="true"/>CODES</Codes>SETS</CodeBook>`;
  const file = (codes = '', sets = '') => valid.replace('CODES', codes).replace('SETS', sets);
  const cases: [string, string, RegExp][] = [
    [
      'truncated halfway',
      exported.slice(0, Math.floor(exported.length / 2)),
      /not complete, well-formed XML \(line \d+, column \d+\)/,
    ],
    ['empty', '', /The file is empty/],
    [
      'a project, not a codebook',
      '<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>',
      /first element is <Project>, not <CodeBook>/,
    ],
    [
      'the wrong namespace',
      valid.replace('urn:QDA-XML:codebook:1.0', 'urn:other'),
      /not in the namespace urn:QDA-XML:codebook:1.0/,
    ],
    [
      'no codes',
      '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>',
      /no <Codes> element with at least one <Code>/,
    ],
    ['a code without a guid', file('<Code name="B" isCodable="true"/>'), /Code 2 \("B"\) has no valid guid/],
    [
      'a bad colour',
      file('<Code guid="0b2c1e3e-1111-4a4a-8888-123456789abd" name="B" isCodable="true" color="red"/>'),
      /Code 2 \("B"\) has a colour that is not #RRGGBB: "red"/,
    ],
    [
      'no isCodable',
      file('<Code guid="0b2c1e3e-1111-4a4a-8888-123456789abd" name="B"/>'),
      /no isCodable of true or false/,
    ],
    [
      'a nameless code',
      file('<Code guid="0b2c1e3e-1111-4a4a-8888-123456789abd" name=" " isCodable="true"/>'),
      /Code 2 has no name/,
    ],
    [
      'two codes, one guid',
      file('<Code guid="0B2C1E3E-1111-4A4A-8888-123456789ABC" name="B" isCodable="true"/>'),
      /same guid as another code/,
    ],
    [
      'a set naming no code of the file',
      file(
        '',
        '<Sets><Set guid="0b2c1e3e-1111-4a4a-8888-123456789aaa" name="S"><MemberCode targetGUID="0b2c1e3e-1111-4a4a-8888-000000000000"/></Set></Sets>',
      ),
      /Set 1 \("S"\) names a code that is not in the file/,
    ],
    ['a DOCTYPE (entities)', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${valid}`, /declares a DOCTYPE/],
  ];
  for (const [what, xml, message] of cases) {
    t.throws(() => readCodebook(xml), message, what);
  }
  // Two siblings with one name: found only against the database, halfway through, after codes
  // were written; the transaction takes them all back.
  const clash = file(
    '<Code guid="0b2c1e3e-1111-4a4a-8888-123456789abd" name="B" isCodable="true"/><Code guid="0b2c1e3e-1111-4a4a-8888-123456789abe" name="b" isCodable="true"/>',
  );
  await t.rejects(
    target.db
      .transaction()
      .execute((trx) => importCodebook(trx, readCodebook(clash), { surveyId: targetSurvey, by: null })),
    new CodebookFileError(
      'The code "b" (0b2c1e3e-1111-4a4a-8888-123456789abe) has the name of another code beside it in this codebook.',
    ),
  );
  t.same(await shapeOf(target), [], 'nothing of the file was kept');
  // A GUID another survey's code has: refused, not moved across.
  await target.db
    .insertInto('surveys')
    .values({ slug: 'other', status: 'draft' } as never)
    .execute()
    .catch(() => undefined);
});

t.test('from the shell: codebook export, then import', async (t) => {
  const run = async (app: FastifyInstance, args: string[], options: Record<string, string>) => {
    const out = new PassThrough();
    const code = await commands.codebook?.run({ db: app.db, config: testConfig(), args, options, out });
    return { code, text: String(out.read() ?? '') };
  };
  const file = join(dir, 'cli.qdc');
  const exportedByCli = await run(source, ['export'], { survey: 'your-experience', out: file });
  t.equal(exportedByCli.code, 0, exportedByCli.text);
  t.match(exportedByCli.text, `Wrote the codebook of your-experience to ${file}.`);
  t.equal(readFileSync(file, 'utf8'), exported);
  const target = await build(t);
  const imported = await run(target, ['import', file], { survey: 'your-experience' });
  t.equal(imported.code, 0);
  t.match(imported.text, '5 codes added, 0 changed, 0 already the same; its sets became 1 new candidate themes');
  t.same(await shapeOf(target), await shapeOf(source));
  const broken = join(dir, 'broken.qdc');
  writeFileSync(broken, exported.slice(0, 200));
  const refused = await run(target, ['import', broken], { survey: 'your-experience' });
  t.equal(refused.code, 1);
  t.match(refused.text, /was not imported, and nothing of it was kept: The file is not complete, well-formed XML/);
  t.equal((await run(target, ['import', file], { survey: 'nope' })).code, 1);
  t.match((await run(target, ['frobnicate'], { survey: 'your-experience' })).text, 'codebook import --survey SLUG');
});
