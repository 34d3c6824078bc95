import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callMethod } from '../../src/expr/methods.js';
import { ExprDuration } from '../../src/expr/values.js';
import { expectExprError } from './expect-expr-error.js';

const t0 = new Date('2024-01-01T00:00:00Z');
const t1 = new Date('2024-01-01T01:30:00Z');

test('duration methods convert units like Go time.Duration', () => {
  const d = new ExprDuration(5_400_000);
  assert.equal(callMethod('Seconds', d, []), 5400);
  assert.equal(callMethod('Minutes', d, []), 90);
  assert.equal(callMethod('Hours', d, []), 1.5);
  assert.equal(callMethod('Milliseconds', d, []), 5_400_000);
  assert.equal(callMethod('String', d, []), '1h30m0s');
});

test('time methods', () => {
  assert.equal(callMethod('Unix', t0, []), 1704067200);
  assert.equal(callMethod('UnixMilli', t0, []), 1704067200000);
  assert.equal(callMethod('Year', t0, []), 2024);
  assert.equal(callMethod('Format', t1, ['15:04']), '01:30');
  assert.deepEqual(callMethod('Sub', t1, [t0]), new ExprDuration(5_400_000));
  assert.equal(callMethod('Before', t0, [t1]), true);
  assert.equal(callMethod('After', t0, [t1]), false);
  assert.equal(callMethod('String', t1, []), '2024-01-01T01:30:00Z');
});

test('a method on the wrong receiver or with the wrong arguments is an evaluation error', () => {
  expectExprError(() => callMethod('Seconds', t0, []), 'ERR_EXPR_EVAL', 'type time has no method Seconds');
  expectExprError(() => callMethod('Unix', 'x', []), 'ERR_EXPR_EVAL', 'type string has no method Unix');
  expectExprError(() => callMethod('String', 5, []), 'ERR_EXPR_EVAL', 'type number has no method String');
  expectExprError(() => callMethod('Format', t0, []), 'ERR_EXPR_EVAL', 'Format takes 1 arguments, got 0');
  expectExprError(() => callMethod('Sub', t0, ['x']), 'ERR_EXPR_EVAL', 'Sub: expected time, got string');
  expectExprError(() => callMethod('toString', t0, []), 'ERR_EXPR_EVAL', 'type time has no method toString');
});
