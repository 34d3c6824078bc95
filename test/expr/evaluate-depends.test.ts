import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependsTaskNames, evaluateDepends, parseDepends, type TaskResultName } from '../../src/expr/index.js';

/** A result oracle from a table of task -> results that hold. */
function results(table: Record<string, TaskResultName[]>): (task: string, what: TaskResultName) => boolean {
  return (task, what) => (table[task] ?? []).includes(what);
}

test('a bare task is satisfied by Succeeded, Skipped or Daemoned', () => {
  const ast = parseDepends('A');
  assert.equal(evaluateDepends(ast, results({ A: ['Succeeded'] })), true);
  assert.equal(evaluateDepends(ast, results({ A: ['Skipped'] })), true);
  assert.equal(evaluateDepends(ast, results({ A: ['Daemoned'] })), true);
  assert.equal(evaluateDepends(ast, results({ A: ['Failed'] })), false);
  assert.equal(evaluateDepends(ast, results({ A: ['Errored'] })), false);
});

test('an explicit result asks exactly that result', () => {
  const asked: string[] = [];
  const ok = evaluateDepends(parseDepends('A.Failed'), (task, what) => {
    asked.push(`${task}.${what}`);
    return what === 'Failed';
  });
  assert.equal(ok, true);
  assert.deepEqual(asked, ['A.Failed']);
});

test('&&, || and ! combine results, short-circuiting', () => {
  const table = results({ A: ['Succeeded'], B: ['Failed'], C: ['Succeeded'] });
  assert.equal(evaluateDepends(parseDepends('A && B'), table), false);
  assert.equal(evaluateDepends(parseDepends('A || B'), table), true);
  assert.equal(evaluateDepends(parseDepends('A && B.Failed'), table), true);
  assert.equal(evaluateDepends(parseDepends('!B'), table), true);
  assert.equal(evaluateDepends(parseDepends('!A'), table), false);
  assert.equal(evaluateDepends(parseDepends('A && (B.Succeeded || B.Failed) && !C.Failed'), table), true);
  let calls = 0;
  evaluateDepends(parseDepends('B.Succeeded && C'), (task, what) => { calls++; return table(task, what); });
  assert.equal(calls, 1);
});

test('dag-enhanced-depends: should-execute-3 runs, should-not-execute does not', () => {
  const table = results({ A: ['Succeeded'], B: ['Succeeded'], C: ['Failed', 'Completed'], 'should-execute-2': ['Succeeded'] });
  assert.equal(evaluateDepends(parseDepends('A && C.Completed'), table), true);
  assert.equal(evaluateDepends(parseDepends('A && C'), table), false);
  assert.equal(evaluateDepends(parseDepends('should-execute-2.Succeeded || should-not-execute'), table), true);
});

test('dependsTaskNames lists distinct tasks in order of first appearance', () => {
  assert.deepEqual(dependsTaskNames(parseDepends('B && (A.Failed || B.Skipped) && !C-1')), ['B', 'A', 'C-1']);
  assert.deepEqual(dependsTaskNames(parseDepends('producer-1 && producer-2 && producer-3')), ['producer-1', 'producer-2', 'producer-3']);
});
