// The codebook as data (issue 13, item 1, and item 3's version check): codes in a tree with
// sibling names kept apart, changes that carry the version their editor saw, moves that cannot
// make a loop, retiring and restoring, merging (the children follow the surviving code and the
// merged one stays, pointing at it), and a decision logged for each change with who made it.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { decisionsOf } from '../../src/review/code-decisions.js';
import {
  changeCode,
  codesOf,
  createCode,
  findCode,
  mergeCode,
  moveCode,
  retireCode,
} from '../../src/review/codebook.js';
import { build } from '../helper.js';
import { createStaffUser } from '../support/staff.js';

const app: FastifyInstance = await build(t);
const entry = await app.surveys.get('your-experience');
if (!entry) throw new Error('no demo survey');
const surveyId = entry.stored.surveyId;
const ana = await createStaffUser(app, { email: 'ana@example.org', roles: ['analyst'], displayName: 'Ana' });

const saved = async (result: Promise<Awaited<ReturnType<typeof createCode>>>) => {
  const r = await result;
  if (r.kind !== 'saved') throw new Error(`not saved: ${r.kind}`);
  return r;
};
const code = (name: string, parentId: string | null = null, colour: string | null = null) =>
  saved(createCode(app.db, { surveyId, parentId, name, description: '', colour, by: ana.id }));

t.test('a tree of codes; siblings cannot share a name, cousins can', async (t) => {
  const access = await code('Access to care', null, '#1D70B8');
  const interpreters = await code('Interpreters', access.id);
  await code('Waiting', access.id);
  t.same(
    await createCode(app.db, {
      surveyId,
      parentId: access.id,
      name: 'interpreters',
      description: '',
      colour: null,
      by: ana.id,
    }),
    { kind: 'name_taken' },
    'case aside',
  );
  const trust = await code('Trust');
  const cousin = await code('Interpreters', trust.id);
  t.not(cousin.id, interpreters.id, 'the same name under another parent');
  t.same(
    await createCode(app.db, {
      surveyId,
      parentId: '00000000-0000-4000-8000-000000000000',
      name: 'Orphan',
      description: '',
      colour: null,
      by: ana.id,
    }),
    { kind: 'bad_parent' },
  );
  const names = (await codesOf(app.db, surveyId)).map((c) => c.name);
  t.same(names, ['Access to care', 'Interpreters', 'Interpreters', 'Trust', 'Waiting']);
});

t.test('a change carries the version its editor saw; the second of two is told what changed', async (t) => {
  const c = await code('Reception staff');
  const first = await changeCode(app.db, {
    id: c.id,
    version: c.version,
    name: 'Reception staff',
    description: 'How people were spoken to at the front desk.',
    colour: null,
    by: ana.id,
  });
  t.same(first, { kind: 'saved', id: c.id, version: c.version + 1 });
  const second = await changeCode(app.db, {
    id: c.id,
    version: c.version,
    name: 'Front desk',
    description: '',
    colour: null,
    by: ana.id,
  });
  t.equal(second.kind, 'stale');
  if (second.kind === 'stale') {
    t.equal(second.current.description, 'How people were spoken to at the front desk.', 'the other edit, to show');
    t.equal(second.current.version, c.version + 1);
  }
  t.equal((await findCode(app.db, c.id))?.name, 'Reception staff', 'the stale edit changed nothing');
});

t.test('moves: never under itself or its own descendants', async (t) => {
  const parent = await code('Discrimination');
  const child = await code('Racism', parent.id);
  const grandchild = await code('In A&E', child.id);
  const parentNow = (await findCode(app.db, parent.id))?.version as number;
  t.same(await moveCode(app.db, { id: parent.id, version: parentNow, parentId: grandchild.id, by: ana.id }), {
    kind: 'bad_parent',
  });
  t.same(await moveCode(app.db, { id: parent.id, version: parentNow, parentId: parent.id, by: ana.id }), {
    kind: 'bad_parent',
  });
  const moved = await moveCode(app.db, { id: grandchild.id, version: grandchild.version, parentId: null, by: ana.id });
  t.equal(moved.kind, 'saved');
  t.equal((await findCode(app.db, grandchild.id))?.parentId, null, 'to the top level');
});

t.test('retire and restore; merge: children follow, the merged code stays and points on', async (t) => {
  const c = await code('Letters');
  const retired = await retireCode(app.db, { id: c.id, version: c.version, retired: true, by: ana.id });
  t.equal(retired.kind, 'saved');
  t.equal((await findCode(app.db, c.id))?.retired, true);
  const restored = await retireCode(app.db, {
    id: c.id,
    version: (retired as { version: number }).version,
    retired: false,
    by: ana.id,
  });
  t.equal(restored.kind, 'saved');

  const keep = await code('Appointments');
  const go = await code('Booking');
  const under = await code('Online booking', go.id);
  const merged = await mergeCode(app.db, { from: go.id, fromVersion: go.version, into: keep.id, by: ana.id });
  t.equal(merged.kind, 'saved');
  const gone = await findCode(app.db, go.id);
  t.equal(gone?.mergedInto, keep.id);
  t.equal(gone?.retired, true);
  t.equal((await findCode(app.db, under.id))?.parentId, keep.id, 'the merged code’s children move to the survivor');
  t.same(
    await mergeCode(app.db, {
      from: keep.id,
      fromVersion: (await findCode(app.db, keep.id))?.version as number,
      into: under.id,
      by: ana.id,
    }),
    { kind: 'bad_parent' },
    'not into its own child',
  );
  const again = await code('Booking');
  t.ok(again.id, 'a merged code’s name is free again');

  const log = await decisionsOf(app.db, surveyId, 500);
  const merge = log.find((d) => d.codeId === go.id && d.action === 'merged');
  t.match(merge, { decidedBy: 'Ana', details: { into: keep.id, name: 'Booking', intoName: 'Appointments' } });
  t.ok(
    log.some((d) => d.codeId === c.id && d.action === 'retired') &&
      log.some((d) => d.codeId === c.id && d.action === 'restored'),
    'every change is a decision',
  );
});
