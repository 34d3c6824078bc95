import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locateTaskDir } from '../../src/executors/locate-task-dir.js';

test('a valid task id maps below the tasks directory', () => {
  assert.equal(locateTaskDir('/d/tasks', '0b1e-uid/hello-dag.step_1-42'), '/d/tasks/0b1e-uid/hello-dag.step_1-42');
});

test('ids that are not exactly <runUid>/<nodeId> from the allow-list are refused', () => {
  for (const id of ['', 'a', 'a/', '/a/b', 'a/b/c', '../b', 'a/..', '.a/b', 'a/b c', 'a/b\n', 'a\\b/c', `a/${'x'.repeat(129)}`]) {
    assert.throws(() => locateTaskDir('/d/tasks', id), { code: 'ERR_EXECUTOR_INVALID_TASK_ID' }, JSON.stringify(id));
  }
});
