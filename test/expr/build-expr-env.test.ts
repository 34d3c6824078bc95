import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildExprEnv } from '../../src/expr/index.js';

test('dotted variable names become nested maps', () => {
  assert.deepEqual(buildExprEnv({ 'inputs.parameters.foo': '1', 'inputs.parameters.week-temps': '2', 'workflow.name': 'w', item: 'i' }), {
    inputs: { parameters: { foo: '1', 'week-temps': '2' } },
    workflow: { name: 'w' },
    item: 'i',
  });
});

test('a key that prefixes a longer key is dropped, as Argo does', () => {
  assert.deepEqual(buildExprEnv({ 'a': 'x', 'a.b': 'y', 'a-b': 'z' }), { a: { b: 'y' }, 'a-b': 'z' });
});

test('the input is never modified, even when a value is a map', () => {
  const inner = { keep: 1 };
  const vars = { a: inner, 'a.b': 2 };
  buildExprEnv(vars);
  assert.deepEqual(inner, { keep: 1 });
});

test('keys with prototype names or empty segments are skipped', () => {
  const env = buildExprEnv({ '__proto__.polluted': 'x', 'constructor.prototype.y': 'x', 'a..b': 'x', ok: 'y' });
  assert.deepEqual(env, { ok: 'y' });
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});
