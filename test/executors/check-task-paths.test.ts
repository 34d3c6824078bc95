import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTaskPaths } from '../../src/executors/check-task-paths.js';
import type { TaskLaunch } from '../../src/executors/index.js';

const launch = (over: Partial<TaskLaunch>): TaskLaunch => ({
  taskId: 'r/n', command: ['true'], env: {}, files: [], inputArtifacts: [], outputs: { parameters: [], artifacts: [] },
  artifactDir: '/a', network: false, ...over,
});
const param = (path: string) => launch({ outputs: { parameters: [{ name: 'p', path }], artifacts: [] } });

test('collects the parents of paths outside /tmp', () => {
  const paths = checkTaskPaths(launch({
    files: [{ path: '/tmp/a', content: '' }, { path: '/mnt/in/f', content: '' }],
    outputs: { parameters: [{ name: 'p', path: '/result.txt' }], artifacts: [{ name: 'a', path: '/out/dir' }] },
  }), true);
  assert.ok(typeof paths !== 'string');
  assert.deepEqual(paths.outsideDirs, ['/mnt/in', '/', '/out']);
});

test('refuses relative, unnormalised and kernel paths', () => {
  assert.equal(checkTaskPaths(param('tmp/x'), true), 'output parameter "p": path "tmp/x" must be absolute');
  assert.equal(checkTaskPaths(param('/tmp//x'), true), 'output parameter "p": path "/tmp//x" must be normalised (no "..", "." or "//") and not /');
  assert.equal(checkTaskPaths(param('/tmp/x/'), true), 'output parameter "p": path "/tmp/x/" must be normalised (no "..", "." or "//") and not /');
  assert.equal(checkTaskPaths(param('/'), true), 'output parameter "p": path "/" must be normalised (no "..", "." or "//") and not /');
  assert.equal(checkTaskPaths(param('/proc/self/environ'), true), 'output parameter "p": path "/proc/self/environ" lies in a kernel file system (/proc, /dev, /sys)');
});

test('refuses replacing /tmp itself with a file or input artifact', () => {
  assert.equal(checkTaskPaths(launch({ files: [{ path: '/tmp', content: '' }] }), true), 'file /tmp: path "/tmp" cannot replace /tmp itself');
});

test('refuses artifact names that are not plain file names', () => {
  const bad = launch({ outputs: { parameters: [], artifacts: [{ name: '../x', path: '/tmp/x' }] } });
  assert.equal(checkTaskPaths(bad, true), 'artifact name "../x" must be 1-128 letters, digits, \'.\', \'_\' or \'-\'');
});

test('without the sandbox only /tmp paths are accepted', () => {
  assert.equal(checkTaskPaths(param('/mnt/x'), false), 'output parameter "p": path /mnt/x is outside /tmp; without the sandbox only /tmp paths can be used');
  assert.ok(typeof checkTaskPaths(param('/tmp/x'), false) !== 'string');
});
