import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateExpression } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

const ev = (e: string, env: Record<string, unknown> = {}): unknown => evaluateExpression(e, env, { now: () => new Date('2021-03-04T05:06:07Z') });

const cases: [string, unknown][] = [
  ['sprig.b64enc("hello")', 'aGVsbG8='], ['sprig.b64dec("aGVsbG8=")', 'hello'],
  ['sprig.add(34, 27, 15, 57, 46)', 179], ['sprig.add("2", 3.9)', 5], ['sprig.add1(1)', 2],
  ['sprig.sub(5, 7)', -2], ['sprig.mul(2, 3, 4)', 24], ['sprig.div(7, 2)', 3], ['sprig.div(-7, 2)', -3], ['sprig.mod(7, 3)', 1],
  ['sprig.max(34, 27, 57)', 57], ['sprig.min(34, 27, 57)', 27],
  ['sprig.upper("ab")', 'AB'], ['sprig.lower("AB")', 'ab'], ['sprig.trim("  a ")', 'a'],
  ['sprig.replace("-", "_", "a-b-c")', 'a_b_c'], ['sprig.contains("b", "abc")', true], ['sprig.contains("z", "abc")', false],
  ['sprig.hasPrefix("ab", "abc")', true], ['sprig.hasSuffix("ab", "abc")', false],
  ['sprig.default("d", "")', 'd'], ['sprig.default("d", "given")', 'given'], ['sprig.default("d", nil)', 'd'], ['sprig.default("d")', 'd'],
  ['sprig.empty([])', true], ['sprig.toString(12)', '12'],
  ['sprig.atoi("42")', 42], ['sprig.atoi("4x")', 0], ['sprig.int("7")', 7], ['sprig.int("7.0")', 7], ['sprig.int64(7.9)', 7], ['sprig.float64("1.5")', 1.5], ['sprig.float64("x")', 0],
  ['sprig.list(1, "a")', [1, 'a']], ['sprig.join(",", ["a", 1, nil])', 'a,1'], ['sprig.splitList(",", "a,b")', ['a', 'b']],
  ['sprig.quote("a", 1)', '"a" "1"'], ['sprig.squote("a")', "'a'"], ['sprig.toJson([1])', '[1]'],
  ["sprig.date('2006-01-02 15:04:05', '2024-05-06T07:08:09Z')", '2024-05-06 07:08:09'],
  ["sprig.date('Jan 2, 2006 3:04PM MST', '2024-05-06T17:08:09Z')", 'May 6, 2024 5:08PM UTC'],
  ["sprig.date('2006', 0)", '1970'], ["sprig.date('2006-01', now())", '2021-03'],
];

for (const [expr, expected] of cases) {
  test(`${expr} returns ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(ev(expr), expected);
  });
}

test('sprig division by zero is an evaluation error', () => {
  expectExprError(() => ev('sprig.div(1, 0)'), 'ERR_EXPR_EVAL', 'sprig.div: integer divide by zero at column 1', 0);
  expectExprError(() => ev('sprig.mod(1, "0")'), 'ERR_EXPR_EVAL', 'sprig.mod: integer divide by zero at column 1', 0);
});

test('sprig.b64dec of invalid input is an evaluation error', () => {
  expectExprError(() => ev('sprig.b64dec("%%%")'), 'ERR_EXPR_EVAL', 'sprig.b64dec: invalid base64 input at column 1', 0);
});

test('sprig functions that reach the host are not available', () => {
  for (const fn of ['env', 'expandenv', 'readFile', 'exec', 'getHostByName']) {
    expectExprError(() => ev(`sprig.${fn}("x")`), 'ERR_EXPR_SYNTAX', `unknown function 'sprig.${fn}' at column 7`, 6);
  }
});
