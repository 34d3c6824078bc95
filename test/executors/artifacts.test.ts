import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { create } from 'tar';
import { openHarness, type Harness } from './fixtures/task-harness.js';

let h: Harness;
let scratch: string;
before(async () => {
  h = await openHarness();
  scratch = await mkdtemp('/var/tmp/keyflow-exec-archives-');
});
after(async () => {
  await h.close();
  await rm(scratch, { recursive: true, force: true });
});

test('a directory and a file artifact round-trip: tgz out of one task, unpacked into another', async () => {
  const producer = await h.executor.run(h.launch({
    command: ['sh', '-c', 'mkdir -p /tmp/data/sub && echo one > /tmp/data/a && echo two > /tmp/data/sub/b && ln -s a /tmp/data/link && chmod 750 /tmp/data/sub && echo solo > /tmp/f.txt'],
    outputs: { parameters: [], artifacts: [{ name: 'data', path: '/tmp/data' }, { name: 'single', path: '/tmp/f.txt' }] },
  }));
  assert.equal(producer.reason, undefined, producer.message);
  assert.deepEqual(producer.outputArtifacts, { data: join(h.artifactDir, 'data.tgz'), single: join(h.artifactDir, 'single.tgz') });
  const consumer = await h.executor.run(h.launch({
    command: ['sh', '-c', 'cat /mnt/in/data/a /mnt/in/data/sub/b /tmp/g.txt; readlink /mnt/in/data/link; stat -c %a /mnt/in/data/sub; echo more > /mnt/in/data/a'],
    inputArtifacts: [
      { name: 'data', path: '/mnt/in/data', archivePath: producer.outputArtifacts.data! },
      { name: 'single', path: '/tmp/g.txt', archivePath: producer.outputArtifacts.single! },
    ],
  }));
  assert.equal(consumer.exitCode, 0);
  assert.equal(consumer.result, 'one\ntwo\nsolo\na\n750');
});

test('archive none stores the artifact raw and it is copied back as is', async () => {
  const producer = await h.executor.run(h.launch({
    command: ['sh', '-c', 'echo raw > /tmp/r.txt'],
    outputs: { parameters: [], artifacts: [{ name: 'raw', path: '/tmp/r.txt', archive: 'none' }] },
  }));
  assert.equal(producer.outputArtifacts.raw, join(h.artifactDir, 'raw'));
  const consumer = await h.executor.run(h.launch({
    command: ['cat', '/tmp/copy.txt'], inputArtifacts: [{ name: 'raw', path: '/tmp/copy.txt', archivePath: producer.outputArtifacts.raw! }],
  }));
  assert.equal(consumer.result, 'raw');
});

test('a missing artifact fails the task with output-error unless it is optional', async () => {
  const outcome = await h.executor.run(h.launch({
    command: ['true'],
    outputs: { parameters: [], artifacts: [{ name: 'gone', path: '/tmp/gone' }, { name: 'maybe', path: '/tmp/maybe', optional: true }] },
  }));
  assert.equal(outcome.exitCode, 0);
  assert.equal(outcome.reason, 'output-error');
  assert.equal(outcome.message, 'output artifact "gone": /tmp/gone does not exist');
  assert.deepEqual(outcome.outputArtifacts, {});
});

test('an output parameter over 1 MiB is refused with output-error, never loaded', async () => {
  const outcome = await h.executor.run(h.launch({
    command: ['sh', '-c', 'head -c 2097152 /dev/zero > /tmp/big; echo small > /tmp/small'],
    outputs: { parameters: [{ name: 'big', path: '/tmp/big' }, { name: 'small', path: '/tmp/small' }], artifacts: [] },
  }));
  assert.equal(outcome.reason, 'output-error');
  assert.equal(outcome.message, 'output parameter "big": /tmp/big is 2097152 bytes, larger than the 1048576-byte limit for output parameters (use an output artifact)');
  assert.deepEqual(outcome.outputParameters, { small: 'small' });
});

test('an archive entry with ".." is refused and nothing lands outside the target', async () => {
  const src = join(scratch, 'dotdot', 'inner');
  await mkdir(src, { recursive: true });
  await writeFile(join(scratch, 'dotdot', 'escape.txt'), 'escaped');
  const archive = join(scratch, 'dotdot.tgz');
  await create({ gzip: true, file: archive, cwd: src, preservePaths: true }, ['../escape.txt']);
  const launch = h.launch({ command: ['true'], inputArtifacts: [{ name: 'evil', path: '/tmp/in/evil', archivePath: archive }] });
  const outcome = await h.executor.run(launch);
  assert.equal(outcome.reason, 'spawn-failed');
  assert.equal(outcome.message, `input artifact "evil": archive ${archive} refused: entry "../escape.txt" contains ".."`);
  const tmp = join(h.dataDir, 'tasks', launch.taskId, 'tmp');
  for (const path of [join(tmp, 'escape.txt'), join(tmp, 'in', 'escape.txt'), join(tmp, 'in', 'evil')]) {
    await assert.rejects(stat(path), { code: 'ENOENT' }, path);
  }
});

test('archive entries with absolute paths or links pointing out are refused', async () => {
  const dir = join(scratch, 'links', 'data');
  await mkdir(dir, { recursive: true });
  await symlink('../../../../etc', join(dir, 'up'));
  const archive = join(scratch, 'links.tgz');
  await create({ gzip: true, file: archive, cwd: join(scratch, 'links') }, ['data']);
  const outcome = await h.executor.run(h.launch({ command: ['true'], inputArtifacts: [{ name: 'l', path: '/tmp/l', archivePath: archive }] }));
  assert.equal(outcome.reason, 'spawn-failed');
  assert.equal(outcome.message, `input artifact "l": archive ${archive} refused: entry "data/up" links to "../../../../etc", outside the artifact`);

  const absolute = join(scratch, 'absolute.tgz');
  await writeFile(join(scratch, 'abs.txt'), 'x');
  await create({ gzip: true, file: absolute, preservePaths: true }, [join(scratch, 'abs.txt')]);
  const second = await h.executor.run(h.launch({ command: ['true'], inputArtifacts: [{ name: 'a', path: '/tmp/a', archivePath: absolute }] }));
  assert.equal(second.message, `input artifact "a": archive ${absolute} refused: entry "${join(scratch, 'abs.txt')}" has an absolute path`);
});

test('an output artifact that links outside the task is refused', async () => {
  const outcome = await h.executor.run(h.launch({
    command: ['ln', '-s', '/etc', '/tmp/etc-link'],
    outputs: { parameters: [], artifacts: [{ name: 'etc', path: '/tmp/etc-link' }] },
  }));
  assert.equal(outcome.reason, 'output-error');
  assert.equal(outcome.message, 'output artifact "etc": /tmp/etc-link resolves to /etc, outside the task\'s writable directories');
});

test('the executor never writes through a link an input artifact placed', async () => {
  const producer = await h.executor.run(h.launch({
    command: ['sh', '-c', 'mkdir /tmp/d && ln -s /etc /tmp/d/link'],
    outputs: { parameters: [], artifacts: [{ name: 'd', path: '/tmp/d', archive: 'none' }] },
  }));
  assert.equal(producer.reason, undefined, producer.message);
  const outcome = await h.executor.run(h.launch({
    command: ['true'],
    inputArtifacts: [{ name: 'd', path: '/tmp/d', archivePath: producer.outputArtifacts.d! }],
    files: [{ path: '/tmp/d/link/keyflow-evil', content: 'x' }],
  }));
  assert.equal(outcome.reason, 'spawn-failed');
  assert.equal(outcome.message, 'file /tmp/d/link/keyflow-evil: /tmp/d/link/keyflow-evil goes through a symbolic link placed by an input artifact');
  await assert.rejects(stat('/etc/keyflow-evil'), { code: 'ENOENT' });
});
