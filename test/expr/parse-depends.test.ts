import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDepends } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

test('a bare task name has no result', () => {
  assert.deepEqual(parseDepends('A'), { kind: 'task', task: 'A', pos: 0 });
});

test('task.Result names one of the Argo task results', () => {
  for (const result of ['Succeeded', 'Failed', 'Errored', 'Skipped', 'Omitted', 'Completed', 'Daemoned', 'AnySucceeded', 'AllFailed']) {
    assert.deepEqual(parseDepends(`task-1.${result}`), { kind: 'task', task: 'task-1', result, pos: 0 });
  }
});

test('task names may contain dashes, digits and underscores', () => {
  assert.deepEqual(parseDepends('should-execute-2.Succeeded || should-not-execute'), {
    kind: 'or', pos: 27,
    left: { kind: 'task', task: 'should-execute-2', result: 'Succeeded', pos: 0 },
    right: { kind: 'task', task: 'should-not-execute', pos: 30 },
  });
  assert.deepEqual(parseDepends('2nd_step'), { kind: 'task', task: '2nd_step', pos: 0 });
});

test('&& binds tighter than ||, ! binds tightest, parentheses group', () => {
  assert.deepEqual(parseDepends('A || B && !C'), {
    kind: 'or', pos: 2,
    left: { kind: 'task', task: 'A', pos: 0 },
    right: { kind: 'and', pos: 7, left: { kind: 'task', task: 'B', pos: 5 }, right: { kind: 'not', pos: 10, operand: { kind: 'task', task: 'C', pos: 11 } } },
  });
  const grouped = parseDepends('A && (C.Succeeded || C.Failed)');
  assert.equal(grouped.kind, 'and');
  assert.equal(grouped.kind === 'and' && grouped.right.kind, 'or');
});

test('an unknown result suffix is a syntax error naming it', () => {
  expectExprError(
    () => parseDepends('A.Foo'),
    'ERR_EXPR_SYNTAX',
    "unknown task result 'Foo' for task 'A' (expected one of Succeeded, Failed, Errored, Skipped, Omitted, Completed, Daemoned, AnySucceeded, AllFailed) at column 3",
    2,
  );
  expectExprError(() => parseDepends('A.succeeded'), 'ERR_EXPR_SYNTAX', "unknown task result 'succeeded' for task 'A' (expected one of Succeeded, Failed, Errored, Skipped, Omitted, Completed, Daemoned, AnySucceeded, AllFailed) at column 3", 2);
});

test('malformed depends are syntax errors with columns', () => {
  expectExprError(() => parseDepends(''), 'ERR_EXPR_SYNTAX', 'empty depends expression at column 1', 0);
  expectExprError(() => parseDepends('A &&'), 'ERR_EXPR_SYNTAX', 'unexpected end of expression in depends at column 5', 4);
  expectExprError(() => parseDepends('A B'), 'ERR_EXPR_SYNTAX', "unexpected token 'B' in depends at column 3", 2);
  expectExprError(() => parseDepends('(A || B'), 'ERR_EXPR_SYNTAX', 'unexpected end of expression in depends at column 8', 7);
  expectExprError(() => parseDepends('A.'), 'ERR_EXPR_SYNTAX', 'unexpected end of expression in depends at column 3', 2);
  expectExprError(() => parseDepends('A.Succeeded.B'), 'ERR_EXPR_SYNTAX', "unexpected token '.' in depends at column 12", 11);
  expectExprError(() => parseDepends('A & B'), 'ERR_EXPR_SYNTAX', "unexpected character '&' in depends at column 3", 2);
  expectExprError(() => parseDepends('A and B'), 'ERR_EXPR_SYNTAX', "unexpected token 'and' in depends at column 3", 2);
});
