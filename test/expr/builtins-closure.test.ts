import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateExpression } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

const env = { nums: [1, 2, 3, 4], people: [{ name: 'a', age: 30 }, { name: 'b', age: 40 }], data: ['x/main.log', 'y.txt'] };
const ev = (e: string): unknown => evaluateExpression(e, env);

const cases: [string, unknown][] = [
  ['filter(nums, {# > 2})', [3, 4]], ['filter(nums, # % 2 == 0)', [2, 4]], ['filter(data, {# endsWith "main.log"})', ['x/main.log']],
  ['map(nums, {# * 10})', [10, 20, 30, 40]], ['map(people, .name)', ['a', 'b']], ['map(nums, #index)', [0, 1, 2, 3]],
  ['all(nums, {# > 0})', true], ['all(nums, {# > 1})', false],
  ['any(nums, {# > 3})', true], ['any(nums, {# > 4})', false],
  ['none(nums, {# > 4})', true], ['none(nums, {# > 3})', false],
  ['one(nums, {# > 3})', true], ['one(nums, {# > 2})', false],
  ['count(nums, {# > 1})', 3], ['count([true, false, true])', 2],
  ['find(people, .age > 35).name', 'b'], ['find(nums, # > 9)', null], ['findIndex(nums, # == 3)', 2], ['findLast(nums, # < 3)', 2], ['findLastIndex(nums, # > 9)', -1],
  ['sum(nums)', 10], ['sum(people, .age)', 70],
  ['map(filter(nums, # > 2), {map([#], {# + 1})})', [[4], [5]]],
  ['map(1..3, {toJson({v: #})})', ['{"v":1}', '{"v":2}', '{"v":3}']],
];

for (const [expr, expected] of cases) {
  test(`${expr} returns ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(ev(expr), expected);
  });
}

test('predicates must return bools', () => {
  expectExprError(() => ev('filter(nums, {# + 1})'), 'ERR_EXPR_EVAL', 'filter: the predicate must return a bool, got number at column 1', 0);
  expectExprError(() => ev('count(nums)'), 'ERR_EXPR_EVAL', 'count: the predicate must return a bool, got number at column 1', 0);
  expectExprError(() => ev('sum(people)'), 'ERR_EXPR_EVAL', 'sum: expected numbers, got map at column 1', 0);
});

test('the collection must be an array', () => {
  expectExprError(() => ev('filter("abc", {true})'), 'ERR_EXPR_EVAL', 'filter: expected array, got string at column 1', 0);
  expectExprError(() => ev('map(nil, {#})'), 'ERR_EXPR_EVAL', 'map: expected array, got nil at column 1', 0);
});
