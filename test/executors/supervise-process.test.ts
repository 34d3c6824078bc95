import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openHarness, processesWith, uniqueSleep, waitFor, type Harness } from './fixtures/task-harness.js';

let h: Harness;
before(async () => { h = await openHarness(); });
after(async () => { await h.close(); });

test('timeout stops the whole task, background grandchildren included', async () => {
  const marker = uniqueSleep();
  const outcome = await h.executor.run(h.launch({
    command: ['sh', '-c', `sleep ${marker} & sh -c 'sleep ${marker}' & sleep ${marker}`], timeoutMs: 200,
  }));
  assert.equal(outcome.reason, 'timeout');
  assert.equal(outcome.message, 'exceeded its time limit of 200 ms and was stopped');
  assert.ok(await waitFor(async () => (await processesWith(marker)).length === 0), 'no process of the task survives');
});

/** Starts a task, waits until it wrote /tmp/ready (its traps are set), then aborts it. */
async function abortWhenReady(command: string[]) {
  const controller = new AbortController();
  const launch = h.launch({ command });
  const running = h.executor.run(launch, controller.signal);
  const ready = join(h.dataDir, 'tasks', launch.taskId, 'tmp', 'ready');
  assert.ok(await waitFor(() => stat(ready).then(() => true, () => false), 200), 'task became ready');
  controller.abort();
  return running;
}

test('a stopped task gets SIGTERM first and may exit cleanly within the grace period', async () => {
  const outcome = await abortWhenReady(['sh', '-c', 'trap "echo got TERM; exit 7" TERM; touch /tmp/ready; sleep 1000 & wait']);
  assert.equal(outcome.reason, 'killed');
  assert.equal(outcome.exitCode, 7);
  assert.equal(outcome.result, 'got TERM');
});

test('a stopped task that ignores SIGTERM is killed after the grace period', async () => {
  const marker = uniqueSleep();
  const outcome = await abortWhenReady(['sh', '-c', `trap "" TERM; touch /tmp/ready; sleep ${marker} & wait; wait`]);
  assert.equal(outcome.reason, 'killed');
  assert.equal(outcome.exitCode, null);
  assert.equal(outcome.signal, 'SIGKILL');
  assert.ok(await waitFor(async () => (await processesWith(marker)).length === 0));
});

test('aborting the signal stops the task with reason killed', async () => {
  const marker = uniqueSleep();
  const controller = new AbortController();
  const launch = h.launch({ command: ['sh', '-c', `echo up > /tmp/up; sleep ${marker}`] });
  const running = h.executor.run(launch, controller.signal);
  const up = join(h.dataDir, 'tasks', launch.taskId, 'tmp', 'up');
  assert.ok(await waitFor(() => stat(up).then(() => true, () => false)));
  controller.abort();
  const outcome = await running;
  assert.equal(outcome.reason, 'killed');
  assert.equal(outcome.message, 'aborted');
  assert.ok(await waitFor(async () => (await processesWith(marker)).length === 0));
});

test('an already aborted signal never starts the task', async () => {
  const controller = new AbortController();
  controller.abort();
  const outcome = await h.executor.run(h.launch({ command: ['sh', '-c', 'echo should-not-run'] }), controller.signal);
  assert.equal(outcome.reason, 'killed');
  assert.equal(outcome.exitCode, null);
  assert.equal(outcome.result, '');
});

test('a task printing 50 MB keeps only logLimitBytes on disk and a bounded result in memory', async () => {
  const limit = 1024 * 1024;
  const launch = h.launch({ command: ['head', '-c', String(50 * 1024 * 1024), '/dev/zero'], logLimitBytes: limit });
  const outcome = await h.executor.run(launch);
  assert.equal(outcome.exitCode, 0);
  assert.equal(outcome.result?.length, 256 * 1024);
  const log = await readFile(h.executor.logPath(launch.taskId));
  const marker = `\n[keyflow] log truncated at ${limit} bytes; further output was discarded\n`;
  assert.equal(log.length, limit + marker.length);
  assert.equal(log.subarray(limit).toString(), marker);
});

test('when Keyflow dies, its sandboxed task dies with it and recover() reports nothing', async () => {
  const marker = uniqueSleep();
  const taskId = `orphan-${process.pid}/node-1`;
  const fixture = new URL('./fixtures/run-one-task.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, h.dataDir, taskId, marker, 'sandbox'], { stdio: 'ignore' });
  try {
    const ready = join(h.dataDir, 'tasks', taskId, 'tmp', 'ready');
    assert.ok(await waitFor(() => stat(ready).then(() => true, () => false), 200), 'task started');
    assert.notDeepEqual(await processesWith(marker), []);
  } finally {
    child.kill('SIGKILL');
  }
  assert.ok(await waitFor(async () => (await processesWith(marker)).length === 0), 'task processes ended with Keyflow');
  assert.equal(await h.executor.recover(taskId), undefined);
});
