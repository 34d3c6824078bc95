import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openHarness, processesWith, uniqueSleep, waitFor, type Harness } from './fixtures/task-harness.js';

const isRoot = process.getuid?.() === 0;
let h: Harness;
before(async () => { h = await openHarness({ sandbox: false }); });
after(async () => { await h.close(); });

test('without the sandbox the task starts in its own tmp directory, with TMPDIR and HOME pointing there', async () => {
  const launch = h.launch({ command: ['sh', '-c', 'pwd; echo "$TMPDIR"; echo "$HOME"; echo v > "$TMPDIR/out"'],
    outputs: { parameters: [{ name: 'out', path: '/tmp/out' }], artifacts: [] } });
  const outcome = await h.executor.run(launch);
  const tmp = join(h.dataDir, 'tasks', launch.taskId, 'tmp');
  assert.equal(outcome.result, `${tmp}\n${tmp}\n${tmp}`);
  assert.deepEqual(outcome.outputParameters, { out: 'v' });
});

test('without the sandbox the environment is still clean', async () => {
  process.env.KEYFLOW_TEST_SECRET = 'do-not-leak';
  try {
    const outcome = await h.executor.run(h.launch({ command: ['/usr/bin/env'], env: { A: '1' } }));
    const names = (outcome.result ?? '').split('\n').map((line) => line.split('=')[0]).sort();
    assert.deepEqual(names, ['A', 'HOME', 'LANG', 'PATH', 'TMPDIR']);
  } finally {
    delete process.env.KEYFLOW_TEST_SECRET;
  }
});

test('without the sandbox tasks still run as uid 65534 when Keyflow is root', { skip: !isRoot && 'needs root' }, async () => {
  const outcome = await h.executor.run(h.launch({ command: ['id', '-u'] }));
  assert.equal(outcome.result, '65534');
});

test('without the sandbox a missing command is spawn-failed', async () => {
  const outcome = await h.executor.run(h.launch({ command: ['no-such-command-kf'] }));
  assert.equal(outcome.reason, 'spawn-failed');
  assert.equal(outcome.exitCode, null);
  assert.equal(outcome.message, 'could not start "no-such-command-kf": spawn no-such-command-kf ENOENT');
});

test('without the sandbox a timeout kills the process group, background children included', async () => {
  const marker = uniqueSleep();
  const outcome = await h.executor.run(h.launch({ command: ['sh', '-c', `sleep ${marker} & sleep ${marker}`], timeoutMs: 200 }));
  assert.equal(outcome.reason, 'timeout');
  assert.ok(await waitFor(async () => (await processesWith(marker)).length === 0));
});

test('without the sandbox background children are ended when the task exits', async () => {
  const marker = uniqueSleep();
  const outcome = await h.executor.run(h.launch({ command: ['sh', '-c', `sleep ${marker} > /dev/null 2>&1 & echo left`] }));
  assert.equal(outcome.result, 'left');
  assert.ok(await waitFor(async () => (await processesWith(marker)).length === 0));
});

test('without the sandbox paths outside /tmp are refused', async () => {
  const outcome = await h.executor.run(h.launch({
    command: ['true'], outputs: { parameters: [{ name: 'p', path: '/mnt/out/p' }], artifacts: [] },
  }));
  assert.equal(outcome.reason, 'spawn-failed');
  assert.equal(outcome.message, 'output parameter "p": path /mnt/out/p is outside /tmp; without the sandbox only /tmp paths can be used');
});

test('without the sandbox a script is written into the task tmp directory', async () => {
  const launch = h.launch({ command: ['sh'], script: { source: 'echo "$0"' } });
  const outcome = await h.executor.run(launch);
  assert.equal(outcome.result, join(h.dataDir, 'tasks', launch.taskId, 'tmp', '.keyflow', 'script'));
});
