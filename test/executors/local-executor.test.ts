import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createLocalExecutor, ExecutorError } from '../../src/executors/index.js';
import { openHarness, type Harness } from './fixtures/task-harness.js';

let h: Harness;
before(async () => { h = await openHarness(); });
after(async () => { await h.close(); });

test('runs a command and reports its exit code', async () => {
  const outcome = await h.executor.run(h.launch({ command: ['sh', '-c', 'echo hello; exit 3'] }));
  assert.equal(outcome.exitCode, 3);
  assert.equal(outcome.reason, undefined);
  assert.equal(outcome.result, 'hello');
  assert.deepEqual(outcome.outputParameters, {});
});

test('result is stdout with one trailing newline trimmed, as Argo does', async () => {
  const outcome = await h.executor.run(h.launch({ command: ['printf', 'a\\nb\\n\\n'] }));
  assert.equal(outcome.exitCode, 0);
  assert.equal(outcome.result, 'a\nb\n');
});

test('result keeps only the last resultLimitBytes of stdout', async () => {
  const outcome = await h.executor.run(h.launch({ command: ['printf', '0123456789\\n'], resultLimitBytes: 4 }));
  assert.equal(outcome.result, '6789');
});

test('stdout and stderr both go to main.log; only stdout becomes the result', async () => {
  const launch = h.launch({ command: ['sh', '-c', 'echo out; echo err >&2'] });
  const outcome = await h.executor.run(launch);
  assert.equal(outcome.result, 'out');
  const log = await readFile(h.executor.logPath(launch.taskId), 'utf8');
  assert.match(log, /^out\n/m);
  assert.match(log, /^err\n/m);
});

test('the environment is only launch.env plus PATH, HOME and LANG; Keyflow secrets are not inherited', async () => {
  process.env.KEYFLOW_TEST_SECRET = 'do-not-leak';
  try {
    const outcome = await h.executor.run(h.launch({ command: ['/usr/bin/env'], env: { GREETING: 'hi there' } }));
    const vars = Object.fromEntries((outcome.result ?? '').split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
    assert.equal(vars.GREETING, 'hi there');
    assert.equal(vars.HOME, '/tmp');
    assert.equal(vars.LANG, 'C.UTF-8');
    assert.equal(vars.PATH, '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    assert.equal(vars.KEYFLOW_TEST_SECRET, undefined);
    // bwrap's --chdir exports PWD; nothing else may appear.
    assert.deepEqual(Object.keys(vars).filter((k) => !['GREETING', 'HOME', 'LANG', 'PATH', 'PWD'].includes(k)), []);
  } finally {
    delete process.env.KEYFLOW_TEST_SECRET;
  }
});

test('an output parameter is read from its /tmp path with one trailing newline trimmed', async () => {
  const outcome = await h.executor.run(h.launch({
    command: ['sh', '-c', 'printf "42\\n" > /tmp/answer'],
    outputs: { parameters: [{ name: 'answer', path: '/tmp/answer' }, { name: 'absent', path: '/tmp/none' }], artifacts: [] },
  }));
  assert.equal(outcome.reason, undefined);
  assert.deepEqual(outcome.outputParameters, { answer: '42' });
});

test('two tasks running at once each have their own /tmp', async () => {
  const write = (value: string) => h.launch({
    command: ['sh', '-c', `echo ${value} > /tmp/x; sleep 0.3; cat /tmp/x`],
    outputs: { parameters: [{ name: 'x', path: '/tmp/x' }], artifacts: [] },
  });
  const [a, b] = await Promise.all([h.executor.run(write('A')), h.executor.run(write('B'))]);
  assert.equal(a.result, 'A');
  assert.equal(b.result, 'B');
  assert.deepEqual([a.outputParameters.x, b.outputParameters.x], ['A', 'B']);
});

test('script source is written to a file whose path is appended to command (python3)', async () => {
  const outcome = await h.executor.run(h.launch({
    command: ['python3'], script: { source: 'import sys\nprint("py", sys.argv[0])\n' },
  }));
  assert.equal(outcome.exitCode, 0);
  assert.equal(outcome.result, 'py /tmp/.keyflow/script');
});

test('script source runs under sh with the script path as $0', async () => {
  const outcome = await h.executor.run(h.launch({ command: ['sh'], script: { source: 'echo "$0"; exit 4\n' } }));
  assert.equal(outcome.exitCode, 4);
  assert.equal(outcome.result, '/tmp/.keyflow/script');
});

test('parameter values reach argv literally: no shell ever sees them', async () => {
  const hostile = ['$(rm -rf /)', '`id`', `"double" 'single' ; && | > /tmp/x`, '\\n*'];
  const outcome = await h.executor.run(h.launch({ command: ['printf', '%s|', ...hostile] }));
  assert.equal(outcome.exitCode, 0);
  assert.equal(outcome.result, `${hostile.join('|')}|`);
});

test('a command that does not exist is a spawn-failed outcome, not an exception', async () => {
  const outcome = await h.executor.run(h.launch({ command: ['no-such-command-kf'] }));
  assert.equal(outcome.exitCode, null);
  assert.equal(outcome.reason, 'spawn-failed');
  assert.equal(outcome.message, 'could not start the task: bwrap: execvp no-such-command-kf: No such file or directory');
});

test('files are written before start with their modes', async () => {
  const outcome = await h.executor.run(h.launch({
    command: ['sh', '-c', 'stat -c %a /tmp/in/run.sh; /tmp/in/run.sh; cat /tmp/data.txt'],
    files: [
      { path: '/tmp/in/run.sh', content: '#!/bin/sh\necho ran\n', mode: 0o750 },
      { path: '/tmp/data.txt', content: Buffer.from('bytes') },
    ],
  }));
  assert.equal(outcome.exitCode, 0);
  assert.equal(outcome.result, '750\nran\nbytes');
});

test('recover returns the persisted outcome, also from a new executor instance', async () => {
  const launch = h.launch({ command: ['echo', 'done'] });
  const outcome = await h.executor.run(launch);
  assert.deepEqual(await h.executor.recover(launch.taskId), outcome);
  const again = await createLocalExecutor({ dataDir: h.dataDir, sandbox: true });
  assert.deepEqual(await again.recover(launch.taskId), outcome);
  assert.equal(await again.recover(`${launch.taskId}-never-ran`), undefined);
});

test('outcome.json is written atomically and no partial file is left behind', async () => {
  const launch = h.launch({ command: ['true'] });
  await h.executor.run(launch);
  const dir = join(h.dataDir, 'tasks', launch.taskId);
  await stat(join(dir, 'outcome.json'));
  await assert.rejects(stat(join(dir, 'outcome.json.tmp')), { code: 'ENOENT' });
});

test('a task id that could escape the data directory is refused', async () => {
  for (const taskId of ['../x/y', 'run/../../etc', '/abs/path', 'a/b/c', 'run', 'run/.hidden']) {
    await assert.rejects(h.executor.run(h.launch({ taskId, command: ['true'] })), (err: unknown) => {
      assert.ok(err instanceof ExecutorError);
      assert.equal(err.code, 'ERR_EXECUTOR_INVALID_TASK_ID');
      assert.equal(err.message, `task id ${JSON.stringify(taskId)} is not of the form <runUid>/<nodeId> (letters, digits, '.', '_', '-'; each part 1-128 characters starting with a letter or digit)`);
      return true;
    });
    assert.throws(() => h.executor.logPath(taskId), { code: 'ERR_EXECUTOR_INVALID_TASK_ID' });
    await assert.rejects(h.executor.cleanup(taskId), { code: 'ERR_EXECUTOR_INVALID_TASK_ID' });
  }
});

test('cleanup removes the task directory', async () => {
  const launch = h.launch({ command: ['sh', '-c', 'echo x > /tmp/file'] });
  await h.executor.run(launch);
  await h.executor.cleanup(launch.taskId);
  await assert.rejects(stat(join(h.dataDir, 'tasks', launch.taskId)), { code: 'ENOENT' });
  assert.equal(await h.executor.recover(launch.taskId), undefined);
});

test('a launch with a bad path fails as spawn-failed naming the field', async () => {
  const outcome = await h.executor.run(h.launch({
    command: ['true'], outputs: { parameters: [{ name: 'p', path: '/tmp/../etc/passwd' }], artifacts: [] },
  }));
  assert.equal(outcome.reason, 'spawn-failed');
  assert.equal(outcome.message, 'output parameter "p": path "/tmp/../etc/passwd" must be normalised (no "..", "." or "//") and not /');
});
