// Session join codes are typed back the way people copy them: any case, dashes or spaces, and
// the invisible characters and other scripts' digits a phone keyboard or a copy adds.
import t from 'tap';
import { formatJoinCode, newJoinCode, normalizeJoinCode } from '../../src/assisted-sessions/session-code.js';

t.test('a join code reads back however it was copied', async (t) => {
  t.equal(normalizeJoinCode('ABC-DEF'), 'ABCDEF');
  t.equal(normalizeJoinCode('abc def'), 'ABCDEF', 'lower case, a space');
  t.equal(normalizeJoinCode('ＡＢＣ－ＤＥＦ'), 'ABCDEF', 'full-width');
  t.equal(normalizeJoinCode('\u200FABC\u200F-DEF\u200F'), 'ABCDEF', 'right-to-left marks from an Arabic message');
  t.equal(normalizeJoinCode('\u2066ABC-DEF\u2069'), 'ABCDEF', 'a bidi isolate around it');
  t.equal(normalizeJoinCode('AB\u200BC-D\u00ADEF'), 'ABCDEF', 'zero-width space, soft hyphen');
  t.equal(normalizeJoinCode('AB٢-٣٤Z'), 'AB234Z', 'Arabic-Indic digits');
  t.equal(normalizeJoinCode('ABC-DE'), undefined, 'too short');
  t.equal(normalizeJoinCode('ABC-DE0'), undefined, '0 is not in the alphabet');
  t.equal(normalizeJoinCode(42), undefined);
  for (let i = 0; i < 20; i += 1) {
    const code = newJoinCode();
    t.equal(normalizeJoinCode(`\u200F${formatJoinCode(code).toLowerCase()}`), code, code);
  }
});
