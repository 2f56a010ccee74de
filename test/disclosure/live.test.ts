// Counts partners watch during a session: small counts and zero look the same, and a total
// beside a row never lets one hidden cell be worked out.
import t from 'tap';
import { discloseLive } from '../../src/disclosure/suppress.js';

t.same(discloseLive([0, 0, 0], { totalShown: true }), { cells: ['<5', '<5', '<5'], total: '<5' }, 'none yet');
t.same(discloseLive([1, 0, 0], { totalShown: true }), { cells: ['<5', '<5', '<5'], total: '<5' }, 'the first arrival');
t.same(discloseLive([3, 1], { totalShown: true }), { cells: ['<5', '<5'], total: '<5' }, 'four in all');
t.same(discloseLive([7, 2, 0], { totalShown: true }), { cells: ['7', '<5', '<5'], total: '9' }, 'two hidden cells');
t.same(
  discloseLive([7, 9, 2], { totalShown: true }),
  { cells: ['<5', '9', '<5'], total: '18' },
  'one small cell beside a total: the smallest other goes too',
);
t.same(discloseLive([12, 30]), { cells: ['12', '30'], total: '42' }, 'large counts as they are');
