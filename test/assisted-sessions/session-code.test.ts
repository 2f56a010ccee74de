// Session join codes are typed back the way people copy them: any case, dashes or spaces, and
// the invisible characters and other scripts' digits a phone keyboard or a copy adds.
import t from 'tap';
import { formatSessionCode, newSessionCode, normalizeSessionCode } from '../../src/assisted-sessions/session-code.js';

t.test('a join code reads back however it was copied', async (t) => {
  t.equal(normalizeSessionCode('ABC-DEF'), 'ABCDEF');
  t.equal(normalizeSessionCode('abc def'), 'ABCDEF', 'lower case, a space');
  t.equal(normalizeSessionCode('ＡＢＣ－ＤＥＦ'), 'ABCDEF', 'full-width');
  t.equal(normalizeSessionCode('\u200FABC\u200F-DEF\u200F'), 'ABCDEF', 'right-to-left marks from an Arabic message');
  t.equal(normalizeSessionCode('\u2066ABC-DEF\u2069'), 'ABCDEF', 'a bidi isolate around it');
  t.equal(normalizeSessionCode('AB\u200BC-D\u00ADEF'), 'ABCDEF', 'zero-width space, soft hyphen');
  t.equal(normalizeSessionCode('AB٢-٣٤Z'), 'AB234Z', 'Arabic-Indic digits');
  t.equal(normalizeSessionCode('ABC-DE'), undefined, 'too short');
  t.equal(normalizeSessionCode('ABC-DE0'), undefined, '0 is not in the alphabet');
  t.equal(normalizeSessionCode(42), undefined);
  for (let i = 0; i < 20; i += 1) {
    const code = newSessionCode();
    t.equal(normalizeSessionCode(`\u200F${formatSessionCode(code).toLowerCase()}`), code, code);
  }
});
