import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateWhen } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

const cases: [string, boolean][] = [
  ['heads == heads', true], ['tails == heads', false],
  ['hello-world == hello-world', true], ['hello-world == hello-there', false],
  ['Succeeded != Failed', true], ['Failed != Failed', false],
  ['5 < 10', true], ['10 < 9', false],
  ['5 > 3', true], ['3 > 5', false],
  ['5 <= 5', true], ['6 <= 5', false],
  ['5 >= 5', true], ['4 >= 5', false],
  ['abc < abd', true], ['b < a', false],
  ['heads =~ hea', true], ['tails =~ hea', false],
  ['heads =~ "^h.*s$"', true], ["heads =~ '^t'", false],
  ['heads !~ tai', true], ['tails !~ tai', false],
  ['true && true', true], ['true && false', false],
  ['false || true', true], ['false || false', false],
  ['!false', true], ['!true', false],
  ['1 + 2 == 3', true], ['1 + 2 == 4', false],
  ['a + b == ab', true], ['1 + a == 1a', true],
  ['5 - 3 == 2', true], ['2 * 3 == 6', true], ['7 / 2 == 3.5', true], ['7 % 3 == 1', true], ['-2 < 0', true],
  ['b in (a, b)', true], ['c in (a, b)', false], ['2 in (1, 2)', true],
  ['5 == "5"', false], ['true == true', true], ['true == "true"', false],
  ['(a == a || a == b) && !(b == c)', true],
  ['YES == YES', true],
];

for (const [expr, expected] of cases) {
  test(`when ${JSON.stringify(expr)} is ${expected}`, () => {
    assert.equal(evaluateWhen(expr), expected);
  });
}

test('&& and || short-circuit: the right side is not evaluated', () => {
  assert.equal(evaluateWhen('false && 1 < a'), false);
  assert.equal(evaluateWhen('true || 1 < a'), true);
});

test('the result must be a bool', () => {
  expectExprError(() => evaluateWhen('heads'), 'ERR_EXPR_EVAL', 'when expression must evaluate to a bool, got string', 0);
  expectExprError(() => evaluateWhen('1 + 1'), 'ERR_EXPR_EVAL', 'when expression must evaluate to a bool, got number', 0);
});

test('type errors name the operator, the types and the column', () => {
  expectExprError(() => evaluateWhen('5 < abc'), 'ERR_EXPR_EVAL', "operator '<' cannot compare number with string at column 3", 2);
  expectExprError(() => evaluateWhen('true < false'), 'ERR_EXPR_EVAL', "operator '<' cannot compare bool with bool at column 6", 5);
  expectExprError(() => evaluateWhen('a && true'), 'ERR_EXPR_EVAL', "operator '&&' needs bool operands, got string at column 3", 2);
  expectExprError(() => evaluateWhen('false || 1'), 'ERR_EXPR_EVAL', "operator '||' needs bool operands, got number at column 7", 6);
  expectExprError(() => evaluateWhen('a - b == c'), 'ERR_EXPR_EVAL', "operator '-' needs numbers, got string and string at column 3", 2);
  expectExprError(() => evaluateWhen('!a'), 'ERR_EXPR_EVAL', "operator '!' cannot be applied to a string at column 1", 0);
  expectExprError(() => evaluateWhen('1 =~ 1'), 'ERR_EXPR_EVAL', "operator '=~' needs string operands, got number and number at column 3", 2);
  expectExprError(() => evaluateWhen('1 / 0 == 1'), 'ERR_EXPR_EVAL', 'division by zero at column 3', 2);
});

test('an invalid regex is an evaluation error at the operator', () => {
  expectExprError(() => evaluateWhen("a =~ '(a'"), 'ERR_EXPR_EVAL', 'invalid regular expression "(a": missing closing \')\' at column 3', 2);
});

test('a blank when is true', () => {
  assert.equal(evaluateWhen(''), true);
});
