import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateExpression, parseExpression } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

const env = {
  inputs: { parameters: { foo: '5', 'my-param': 'x' } },
  steps: { 'flip-coin': { outputs: { result: 'heads' } } },
  list: [10, 20, 30],
  empty: null,
  word: 'héllo',
};
const ev = (e: string): unknown => evaluateExpression(e, env);

test('accepts text or a parsed AST', () => {
  const ast = parseExpression('asInt(inputs.parameters.foo) + 1');
  assert.equal(evaluateExpression(ast, env), 6);
  assert.equal(evaluateExpression(ast, { inputs: { parameters: { foo: '9' } } }), 10);
});

test('member access by dot and by bracketed string key', () => {
  assert.equal(ev("steps['flip-coin'].outputs.result"), 'heads');
  assert.equal(ev('inputs["my-param"]'), null);
  assert.equal(ev("inputs.parameters['my-param']"), 'x');
});

test('a missing root name or map key is nil', () => {
  assert.equal(ev('nope'), null);
  assert.equal(ev('inputs.parameters.nope'), null);
});

test('member access on nil is an error unless optional', () => {
  expectExprError(() => ev('nope.x'), 'ERR_EXPR_EVAL', "cannot read member 'x' of nil at column 5", 4);
  expectExprError(() => ev('inputs.nope.x.y'), 'ERR_EXPR_EVAL', "cannot read member 'x' of nil at column 12", 11);
  assert.equal(ev('nope?.x'), null);
  assert.equal(ev('nope?.x.y.z'), null);
  assert.equal(ev('empty?.[0]'), null);
});

test('?? is lenient on its left member chain', () => {
  assert.equal(ev('nope.x.y ?? "fallback"'), 'fallback');
  assert.equal(ev('inputs.parameters.foo ?? "fallback"'), '5');
});

test('array and string indexes, negative from the end; slices clamp', () => {
  assert.equal(ev('list[0]'), 10);
  assert.equal(ev('list[-1]'), 30);
  assert.equal(ev('word[1]'), 'é');
  assert.deepEqual(ev('list[1:]'), [20, 30]);
  assert.deepEqual(ev('list[:-1]'), [10, 20]);
  assert.deepEqual(ev('list[5:9]'), []);
  assert.equal(ev('word[1:3]'), 'él');
});

test('index errors say why', () => {
  expectExprError(() => ev('list[3]'), 'ERR_EXPR_EVAL', 'index 3 out of range (length 3) at column 5', 4);
  expectExprError(() => ev('list[0.5]'), 'ERR_EXPR_EVAL', 'index must be an integer at column 5', 4);
  expectExprError(() => ev('list.x'), 'ERR_EXPR_EVAL', "cannot read member 'x' of array at column 5", 4);
  expectExprError(() => ev('inputs[1]'), 'ERR_EXPR_EVAL', 'cannot index map with number at column 7', 6);
  expectExprError(() => ev('list[true]'), 'ERR_EXPR_EVAL', 'cannot index with bool at column 5', 4);
  expectExprError(() => ev('5[0:1]'), 'ERR_EXPR_EVAL', 'cannot slice number at column 2', 1);
});

test('array and map literals build fresh values', () => {
  assert.deepEqual(ev('[1, list[0], {k: "v"}]'), [1, 10, { k: 'v' }]);
  assert.deepEqual(ev('{"a-b": 1, c: [2]}'), { 'a-b': 1, c: [2] });
});

test('undefined in the environment reads as nil', () => {
  assert.equal(evaluateExpression('x', { x: undefined }), null);
  assert.equal(evaluateExpression('x == nil', { x: undefined }), true);
});

test('method calls only on the right receiver', () => {
  expectExprError(() => ev('word.Seconds()'), 'ERR_EXPR_EVAL', 'type string has no method Seconds at column 5', 4);
});

test('a bad environment is a TypeError (API misuse), not an ExprError', () => {
  assert.throws(() => evaluateExpression('1', null as unknown as Record<string, unknown>), TypeError);
  assert.throws(() => parseExpression(5 as unknown as string), TypeError);
});
