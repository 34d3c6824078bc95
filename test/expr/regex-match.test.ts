import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stepBudget, testRegex as run } from '../../src/expr/regex-match.js';

const testRegex = (pattern: string, input: string): boolean => run(pattern, input, stepBudget());
import { expectExprError } from './expect-expr-error.js';

const matching: [string, string, boolean][] = [
  ['hea', 'heads', true], ['^hea$', 'heads', false], ['^h.*s$', 'heads', true],
  ['a|b', 'xbx', true], ['(ab)+c', 'ababc', true], ['(?:ab){2}$', 'abab', true], ['^(ab){3}$', 'abab', false],
  ['colou?r', 'color', true], ['x{2,}', 'xx', true], ['^x{2,3}$', 'xxxx', false], ['a{,2}', 'a{,2}', true],
  ['[a-c]+', 'zzb', true], ['[^a-z]', 'abc', false], ['[-a]', '-', true], ['[]a]', ']', true], ['[a\\]]', ']', true],
  ['\\d+-\\d+', 'id 12-34', true], ['\\D', '123', false], ['\\w+', '!!', false], ['\\s', 'a b', true], ['\\S', '   ', false],
  ['[[:alpha:]]+[[:digit:]]', 'ab1', true], ['[[:^digit:]]', '123', false],
  ['\\bcat\\b', 'a cat!', true], ['\\bcat\\b', 'concat', false], ['\\Bcat', 'concat', true],
  ['^b', 'a\nb', false], ['(?m)^b$', 'a\nb', true], ['a.b', 'a\nb', false], ['(?s)a.b', 'a\nb', true],
  ['(?i)HeLLo', 'say hello', true], ['(?i:x)y', 'Xy', true], ['(?i:x)y', 'XY', false],
  ['\\x41\\x{42}', 'AB', true], ['\\.', 'a', false], ['\\Ac\\z', 'c', true],
  ['(?P<name>a+)b', 'aab', true], ['(?<n>x)', 'x', true], ['a*?b', 'aab', true],
  ['é+', 'café', true], ['^.$', '😀', true], ['', 'anything', true],
];

for (const [pattern, input, expected] of matching) {
  test(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(input)}`, () => {
    assert.equal(testRegex(pattern, input), expected);
  });
}

test('RE2-incompatible syntax is refused (as Go refuses it)', () => {
  expectExprError(() => testRegex('(?=a)', 'a'), 'ERR_EXPR_EVAL', 'invalid regular expression "(?=a)": unsupported group syntax \'(?=\' (lookaround is not supported)');
  expectExprError(() => testRegex('(a)\\1', 'aa'), 'ERR_EXPR_EVAL', 'invalid regular expression "(a)\\\\1": backreferences and octal escapes (\\1) are not supported');
  expectExprError(() => testRegex('\\p{L}', 'a'), 'ERR_EXPR_EVAL', 'invalid regular expression "\\\\p{L}": unsupported escape sequence \\p');
});

test('malformed patterns are refused with a reason', () => {
  expectExprError(() => testRegex('(a', 'a'), 'ERR_EXPR_EVAL', 'invalid regular expression "(a": missing closing \')\'');
  expectExprError(() => testRegex('a)', 'a'), 'ERR_EXPR_EVAL', 'invalid regular expression "a)": unexpected \')\'');
  expectExprError(() => testRegex('[a', 'a'), 'ERR_EXPR_EVAL', 'invalid regular expression "[a": missing closing \']\'');
  expectExprError(() => testRegex('[z-a]', 'a'), 'ERR_EXPR_EVAL', 'invalid regular expression "[z-a]": invalid character class range');
  expectExprError(() => testRegex('*a', 'a'), 'ERR_EXPR_EVAL', 'invalid regular expression "*a": missing argument to repetition operator \'*\'');
  expectExprError(() => testRegex('a**', 'a'), 'ERR_EXPR_EVAL', 'invalid regular expression "a**": invalid nested repetition operator');
  expectExprError(() => testRegex('a{1001}', 'a'), 'ERR_EXPR_EVAL', 'invalid regular expression "a{1001}": invalid repeat count {1001}');
  expectExprError(() => testRegex('a\\', 'a'), 'ERR_EXPR_EVAL', 'invalid regular expression "a\\\\": trailing backslash');
});

test('patterns known to make backtracking engines explode finish on long input', () => {
  const input = `${'a'.repeat(20_000)}!`;
  for (const evil of ['^(a+)+$', '^(a|aa)*$', '(a*)*b', '^(a|a?)+$', '(.*){10}x']) {
    assert.equal(testRegex(evil, input), false, evil);
  }
});

test('matcher work is charged to the step budget, so a big pattern on a big input is refused', () => {
  expectExprError(
    () => testRegex('(a?){1000}a{1000}', 'ab'.repeat(32_000)),
    'ERR_EXPR_LIMIT',
    'expression evaluation exceeded 100000 steps',
  );
});
