// Krippendorff's alpha (nominal) against the worked examples in
// shared/reference/qualitative-analysis.md: 0.743 for data A (4 coders × 12 units) and 0.691358
// for data B (3 coders × 15 units), both with missing values; and the edge cases a page meets.
import t from 'tap';
import { nominalAlpha } from '../../src/agreement/krippendorff.js';

const rows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) =>
      line
        .trim()
        .split(/\s+/)
        .map((cell) => (cell === '.' ? null : Number(cell))),
    );

t.test('data A: 4 coders, 12 units, nominal alpha 0.743', async (t) => {
  const a = nominalAlpha(
    rows(`
      1 2 3 3 2 1 4 1 2 . . .
      1 2 3 3 2 2 4 1 2 5 . 3
      . 3 3 3 2 3 4 2 2 5 1 .
      1 2 3 3 2 4 4 1 2 5 1 .`),
  );
  t.equal(Number(a.alpha?.toFixed(4)), 0.7434);
  t.equal(a.pairableUnits, 11, 'unit 12 has one value and is not pairable');
  t.equal(a.pairableValues, 40);
});

t.test('data B: 3 coders, 15 units, nominal alpha 0.691358', async (t) => {
  const b = nominalAlpha(
    rows(`
      . . . . . 3 4 1 2 1 1 3 3 . 3
      1 . 2 1 3 3 4 3 . . . . . . .
      . . 2 1 3 4 4 . 2 1 1 3 3 . 4`),
  );
  t.equal(Number(b.alpha?.toFixed(6)), 0.691358);
});

t.test('edge cases', async (t) => {
  t.equal(
    nominalAlpha([
      [1, 0, 1, 0],
      [1, 0, 1, 0],
    ]).alpha,
    1,
    'perfect agreement',
  );
  t.equal(
    nominalAlpha([
      [1, 1, 1],
      [1, 1, 1],
    ]).alpha,
    undefined,
    'one value throughout: not defined',
  );
  t.same(
    nominalAlpha([
      [1, null],
      [null, 0],
    ]),
    { alpha: undefined, pairableUnits: 0, pairableValues: 0 },
    'nothing pairable',
  );
  t.ok(
    (nominalAlpha([
      [1, 0, 1, 0],
      [0, 1, 0, 1],
    ]).alpha as number) < 0,
    'systematic disagreement is below zero',
  );
  t.equal(
    nominalAlpha([
      ['coded', 'not'],
      ['coded', 'not'],
    ]).alpha,
    1,
    'any labels',
  );
});
