import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { createLocalExecutor, ExecutorError } from '../../src/executors/index.js';
import { openHarness, type Harness } from './fixtures/task-harness.js';

const isRoot = process.getuid?.() === 0;
let h: Harness;
before(async () => { h = await openHarness(); });
after(async () => { await h.close(); });

test('a task cannot write to the host, to another task, or outside its own directories', async () => {
  const victim = h.launch({ command: ['sh', '-c', 'echo mine > /tmp/own'] });
  await h.executor.run(victim);
  const victimTmp = join(h.dataDir, 'tasks', victim.taskId, 'tmp');
  const targets = ['/etc/x', '/work/x', '/x', '../other-task', '/usr/bin/x', '/var/tmp/x', `${victimTmp}/own`, `${victimTmp}/new`,
    join(h.dataDir, 'tasks', 'x')];
  const script = 'for p in "$@"; do if (echo pwned > "$p") 2>/dev/null; then echo "WROTE $p"; fi; done; echo checked';
  const outcome = await h.executor.run(h.launch({ command: ['sh', '-c', script, 'sh', ...targets] }));
  assert.equal(outcome.result, 'checked');
  for (const path of ['/etc/x', '/work/x', '/x', '/other-task', '/usr/bin/x', '/var/tmp/x', join(h.dataDir, 'tasks', 'x')]) {
    await assert.rejects(stat(path), { code: 'ENOENT' }, path);
  }
  assert.equal(await readFile(join(victimTmp, 'own'), 'utf8'), 'mine\n');
  assert.deepEqual(await readdir(victimTmp), ['own']);
});

test("Keyflow's data directory is hidden from tasks", async () => {
  const outcome = await h.executor.run(h.launch({ command: ['sh', '-c', `ls -A ${h.dataDir} | wc -l`] }));
  assert.equal(outcome.result, '0');
});

test('tasks run as the unprivileged uid 65534 when Keyflow is root', { skip: !isRoot && 'needs root' }, async () => {
  const outcome = await h.executor.run(h.launch({ command: ['id', '-u'] }));
  assert.equal(outcome.result, '65534');
});

test('network is off when launch.network is false and on when true', async () => {
  const server: Server = createServer((socket) => socket.end('hi'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const probe = `import socket\ns = socket.create_connection(("127.0.0.1", ${port}), timeout=5)\nprint(s.recv(2).decode())\n`;
    const offline = await h.executor.run(h.launch({ command: ['python3'], script: { source: probe }, network: false }));
    assert.equal(offline.exitCode, 1);
    assert.match(await readFile(h.executor.logPath(offline.taskId), 'utf8'), /OSError|ConnectionRefused|Network is unreachable/);
    const online = await h.executor.run(h.launch({ command: ['python3'], script: { source: probe }, network: true }));
    assert.equal(online.exitCode, 0);
    assert.equal(online.result, 'hi');
  } finally {
    server.close();
  }
});

test('paths outside /tmp get a private writable directory (parent bound, new top-level dirs, files at /)', async () => {
  const outcome = await h.executor.run(h.launch({
    command: ['sh', '-c', 'cat /mnt/in/msg; echo a > /mnt/out/a.txt; echo b > /result.txt; mkdir -p /go/out; echo c > /go/out/c; pwd'],
    workingDir: '/workspace-kf',
    files: [{ path: '/mnt/in/msg', content: 'hello from a file' }],
    outputs: {
      parameters: [{ name: 'a', path: '/mnt/out/a.txt' }, { name: 'b', path: '/result.txt' }, { name: 'c', path: '/go/out/c' }],
      artifacts: [],
    },
  }));
  assert.equal(outcome.reason, undefined, outcome.message);
  assert.equal(outcome.result, 'hello from a file/workspace-kf');
  assert.deepEqual(outcome.outputParameters, { a: 'a', b: 'b', c: 'c' });
  for (const path of ['/mnt/out', '/mnt/in', '/result.txt', '/go', '/workspace-kf']) await assert.rejects(stat(path), { code: 'ENOENT' }, path);
});

test('an output parameter that links outside the task is refused, not read by Keyflow', async () => {
  const outcome = await h.executor.run(h.launch({
    command: ['sh', '-c', 'ln -s /etc/hostname /tmp/leak; ln -s /tmp/real /tmp/ok; echo fine > /tmp/real'],
    outputs: { parameters: [{ name: 'leak', path: '/tmp/leak' }, { name: 'ok', path: '/tmp/ok' }], artifacts: [] },
  }));
  assert.equal(outcome.reason, 'output-error');
  assert.equal(outcome.message, 'output parameter "leak": /tmp/leak resolves to /etc/hostname, outside the task\'s writable directories');
  assert.deepEqual(outcome.outputParameters, { ok: 'fine' });
});

test('a task cannot create user namespaces inside the sandbox', async () => {
  const outcome = await h.executor.run(h.launch({ command: ['unshare', '-U', 'true'] }));
  assert.notEqual(outcome.exitCode, 0);
});

test('refuses to run tasks as root unless allowRoot', { skip: !isRoot && 'needs root' }, async () => {
  for (const runAsUser of ['root', { uid: 0, gid: 0 }] as const) {
    await assert.rejects(createLocalExecutor({ dataDir: h.dataDir, sandbox: true, runAsUser }), (err: unknown) => {
      assert.ok(err instanceof ExecutorError);
      assert.equal(err.code, 'ERR_EXECUTOR_ROOT_REFUSED');
      assert.equal(err.message, 'tasks would run as root: configure an unprivileged runAsUser (default: uid 65534) or set allowRoot');
      return true;
    });
  }
  const outcome = await h.executor.run(h.launch({ command: ['true'], runAs: { uid: 0, gid: 0 } }));
  assert.equal(outcome.reason, 'spawn-failed');
  assert.equal(outcome.message, 'refusing to run the task as root (allowRoot is off)');
});

test('a missing bwrap is reported with the fix', async () => {
  await assert.rejects(createLocalExecutor({ dataDir: h.dataDir, sandbox: true, bwrapPath: '/nonexistent/bwrap' }), (err: unknown) => {
    assert.ok(err instanceof ExecutorError);
    assert.equal(err.code, 'ERR_EXECUTOR_SANDBOX_UNAVAILABLE');
    assert.equal(err.message, 'bubblewrap (bwrap) is not installed at /nonexistent/bwrap: install it (Debian/Ubuntu: apt-get install bubblewrap) ' +
      'or start Keyflow with --no-sandbox (weaker isolation, see docs/executor.md)');
    return true;
  });
});

test('a data directory the task user cannot traverse is refused at startup', { skip: !isRoot && 'needs root' }, async () => {
  const root = await mkdtemp('/var/tmp/keyflow-exec-private-');
  try {
    await chmod(root, 0o700);
    await mkdir(join(root, 'data'));
    await assert.rejects(createLocalExecutor({ dataDir: join(root, 'data'), sandbox: true }), (err: unknown) => {
      assert.ok(err instanceof ExecutorError);
      assert.equal(err.code, 'ERR_EXECUTOR_DATA_DIR');
      assert.equal(err.message, `task user uid 65534 cannot traverse ${root} (mode 700); allow it (e.g. chmod o+x ${root}) or choose another data directory`);
      return true;
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
