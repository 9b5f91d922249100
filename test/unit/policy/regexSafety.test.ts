import * as assert from 'node:assert/strict';
import { MAX_PATTERN_LENGTH, checkUserRegex, nestedQuantifier } from '../../../src/core/policy/regexSafety';

describe('policy: user regular expressions', () => {
  it('accepts ordinary patterns with allowed flags', () => {
    const r = checkUserRegex('\\bkillSwitch\\s*\\(', 'iu');
    assert.equal(r.error, undefined);
    assert.equal(r.error === undefined && r.warning, undefined);
    assert.ok(r.error === undefined && r.regex.test('KILLSWITCH ('));
  });

  it('rejects what would misbehave', () => {
    assert.deepEqual(checkUserRegex('', ''), { error: 'empty pattern' });
    assert.deepEqual(checkUserRegex('a'.repeat(MAX_PATTERN_LENGTH + 1)), { error: `pattern is longer than ${MAX_PATTERN_LENGTH} characters` });
    assert.deepEqual(checkUserRegex('a', 'g'), { error: "flag 'g' is not allowed (use any of 'imsu')" });
    assert.deepEqual(checkUserRegex('a', 'ii'), { error: "flag 'i' is repeated" });
    assert.deepEqual(checkUserRegex('[z-a]'), { error: 'invalid regular expression: Range out of order in character class' });
    assert.deepEqual(checkUserRegex('a|'), { error: 'pattern matches empty text, so it would flag every line' });
    assert.deepEqual(checkUserRegex('x?'), { error: 'pattern matches empty text, so it would flag every line' });
  });

  describe('nested quantifier heuristic', () => {
    const flagged: [string, string][] = [
      ['(a+)+', '(a+)+'],
      ['x(?:\\s*y)*z', '(?:\\s*y)*'],
      ['((ab)+c)*', '((ab)+c)*'],
      ['(\\w+\\s?){2,}', '(\\w+\\s?){2,}'],
      ['(a*){1,5}', '(a*){1,5}'],
    ];
    for (const [source, group] of flagged) it(`warns about ${source}`, () => assert.equal(nestedQuantifier(source), group));

    const fine = ['(a+)?', '(ab)+', '[(a+)]+', '\\(a+\\)+', '(a+){3}', '(a+){2,2}', 'a+b*', '(?:foo|bar)+\\s+'];
    for (const source of fine) it(`does not warn about ${source}`, () => assert.equal(nestedQuantifier(source), undefined));

    it('turns into a warning, not an error', () => {
      const r = checkUserRegex('(a+)+b');
      assert.ok(r.error === undefined);
      assert.match(r.warning ?? '', /repeats a group/);
    });
  });
});
