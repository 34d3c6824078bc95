import assert from 'node:assert/strict';
import { ExprError } from '../../src/expr/index.js';

/** Asserts that `fn` throws an ExprError with exactly this code, message and (when given) position. */
export function expectExprError(fn: () => unknown, code: string, message: string, position?: number): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ExprError, `expected ExprError, got ${String(err)}`);
    assert.equal(err.message, message);
    assert.equal(err.code, code);
    if (position !== undefined) assert.equal(err.position, position);
    return true;
  });
}
