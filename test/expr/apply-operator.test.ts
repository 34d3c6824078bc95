/** Each expr-lang operator with a passing and a failing case (through the public evaluator). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateExpression } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

const env = { n: 5, s: 'main.log', list: [1, 2, 3], m: { a: 1 }, t0: new Date('2024-01-01T00:00:00Z'), t1: new Date('2024-01-01T00:06:00Z') };
const ev = (e: string): unknown => evaluateExpression(e, env);

const values: [string, unknown][] = [
  ['1 + 2', 3], ['"a" + "b"', 'ab'], ['n - 1', 4], ['n * 2', 10], ['7 / 2', 3.5], ['7 % 3', 1], ['2 ** 10', 1024], ['2 ^ 3', 8],
  ['n == 5', true], ['n == 6', false], ['n != 5', false], ['"5" == 5', false], ['"5" != 5', true], ['nil == nil', true],
  ['[1, [2]] == [1, [2]]', true], ['{a: 1} == m', true], ['{a: 2} == m', false],
  ['n < 6', true], ['n < 5', false], ['n > 4', true], ['n <= 5', true], ['n >= 6', false], ['"abc" < "abd"', true],
  ['2 in list', true], ['4 in list', false], ['"a" in m', true], ['"b" in m', false], ['"b" not in m', true], ['1 in nil', false],
  ['s matches "\\\\.log$"', true], ['s matches "^x"', false], ['s not matches "^x"', true],
  ['s contains "in.l"', true], ['s contains "x"', false], ['s startsWith "main"', true], ['s startsWith "log"', false],
  ['s endsWith ".log"', true], ['s endsWith ".txt"', false],
  ['1..3', [1, 2, 3]], ['3..1', []], ['-1..1', [-1, 0, 1]],
  ['true && false', false], ['true and true', true], ['false || true', true], ['false or false', false],
  ['!true', false], ['not false', true], ['-n', -5], ['+n', 5],
  ['nil ?? 1', 1], ['0 ?? 1', 0], ['"" ?? "x"', ''],
  ['n > 1 ? "big" : "small"', 'big'], ['n > 9 ? "big" : "small"', 'small'],
  ['(t1 - t0).Seconds()', 360], ['t1 > t0', true], ['(t0 + (t1 - t0)) == t1', true],
];

for (const [expr, expected] of values) {
  test(`${expr} evaluates to ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(ev(expr), expected);
  });
}

test('&& and || short-circuit: the right side is not evaluated', () => {
  assert.equal(ev('false && nope.x.y'), false);
  assert.equal(ev('true || nope.x.y'), true);
});

test('comparing strings to numbers is a type error (== and != excepted)', () => {
  expectExprError(() => ev('"a" < 1'), 'ERR_EXPR_EVAL', 'invalid operation: string < number at column 5', 4);
  expectExprError(() => ev('n >= "5"'), 'ERR_EXPR_EVAL', 'invalid operation: number >= string at column 3', 2);
});

test('arithmetic needs numbers; + also concatenates strings but not mixed types', () => {
  expectExprError(() => ev('1 + "a"'), 'ERR_EXPR_EVAL', 'invalid operation: number + string at column 3', 2);
  expectExprError(() => ev('"a" * 2'), 'ERR_EXPR_EVAL', 'invalid operation: string * number at column 5', 4);
  expectExprError(() => ev('list - 1'), 'ERR_EXPR_EVAL', 'invalid operation: array - number at column 6', 5);
});

test('division and modulo by zero, float modulo and overflow are errors', () => {
  expectExprError(() => ev('1 / 0'), 'ERR_EXPR_EVAL', 'division by zero at column 3', 2);
  expectExprError(() => ev('1 % 0'), 'ERR_EXPR_EVAL', 'integer divide by zero at column 3', 2);
  expectExprError(() => ev('1.5 % 1'), 'ERR_EXPR_EVAL', "operator '%' needs integers at column 5", 4);
  expectExprError(() => ev('10 ** 400'), 'ERR_EXPR_EVAL', "result of '**' is not a finite number at column 4", 3);
});

test('logical operators need bools', () => {
  expectExprError(() => ev('1 && true'), 'ERR_EXPR_EVAL', 'invalid operation: && needs bool operands, got number at column 3', 2);
  expectExprError(() => ev('false || "x"'), 'ERR_EXPR_EVAL', 'invalid operation: || needs bool operands, got string at column 7', 6);
  expectExprError(() => ev('!1'), 'ERR_EXPR_EVAL', 'invalid operation: !number at column 1', 0);
  expectExprError(() => ev('not "x"'), 'ERR_EXPR_EVAL', 'invalid operation: not string at column 1', 0);
  expectExprError(() => ev('-"x"'), 'ERR_EXPR_EVAL', 'invalid operation: -string at column 1', 0);
});

test('the condition of ?: must be a bool', () => {
  expectExprError(() => ev('n ? 1 : 2'), 'ERR_EXPR_EVAL', "the condition of '? :' must be a bool, got number at column 3", 2);
});

test('in, matches and string operators check their operand types', () => {
  expectExprError(() => ev('1 in m'), 'ERR_EXPR_EVAL', 'invalid operation: number in map at column 3', 2);
  expectExprError(() => ev('1 in "abc"'), 'ERR_EXPR_EVAL', 'invalid operation: number in string at column 3', 2);
  expectExprError(() => ev('n matches "5"'), 'ERR_EXPR_EVAL', 'invalid operation: number matches string at column 3', 2);
  expectExprError(() => ev('s contains 1'), 'ERR_EXPR_EVAL', 'invalid operation: string contains number at column 3', 2);
  expectExprError(() => ev('s matches "(?=x)"'), 'ERR_EXPR_EVAL', 'invalid regular expression "(?=x)": unsupported group syntax \'(?=\' (lookaround is not supported) at column 3', 2);
});

test('ranges need integers', () => {
  expectExprError(() => ev('1..2.5'), 'ERR_EXPR_EVAL', 'invalid operation: number .. number at column 2', 1);
  expectExprError(() => ev('"a"..2'), 'ERR_EXPR_EVAL', 'invalid operation: string .. number at column 4', 3);
});
