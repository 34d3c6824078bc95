/**
 * Crash semantics (kill -9 of the engine while tasks run): on restart every workflow continues from its
 * stored state, lost tasks are retried per retryStrategy or marked Error, completed tasks never run
 * again and no completion is recorded twice. Real processes: the CLI engine, bwrap, SQLite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { openStore } from '../../../src/store/index.js';
import { fromStored } from '../../../src/controller/index.js';
import type { RunState } from '../../../src/engine/index.js';

const BIN = resolve(import.meta.dirname, '../../../bin/keyflow.mjs');

const WORKFLOW = (marker: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: crashy}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: first, template: quick}
    - - {name: long-retried, template: long-retried, arguments: {parameters: [{name: marker, value: "${marker}"}]}}
      - {name: long-plain, template: long-plain, arguments: {parameters: [{name: marker, value: "${marker}"}]}}
  - name: quick
    container: {image: busybox, command: [echo, first done]}
  - name: long-retried
    inputs: {parameters: [{name: marker}]}
    retryStrategy: {limit: 2, retryPolicy: Always}
    container:
      image: busybox
      command: [sh, -c]
      args: ['if [ "{{retries}}" = "0" ]; then exec sleep {{inputs.parameters.marker}}; fi; echo recovered']
  - name: long-plain
    inputs: {parameters: [{name: marker}]}
    container: {image: busybox, command: [sleep, "{{inputs.parameters.marker}}"]}
`;

async function readRun(dataDir: string): Promise<RunState | undefined> {
  const store = await openStore({ sqlitePath: join(dataDir, 'keyflow.db') });
  try {
    const run = await store.getRun('default', 'crashy');
    return run ? fromStored(run, await store.listNodes(run.uid)).state : undefined;
  } finally {
    await store.close();
  }
}

async function waitUntil(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function sleepersAlive(marker: string): number {
  const out = spawnSync('pgrep', ['-f', `^sleep ${marker}`], { encoding: 'utf8' });
  return out.stdout.trim() === '' ? 0 : out.stdout.trim().split('\n').length;
}

test('after SIGKILL of the engine, a restart recovers: lost tasks retried or errored, finished tasks never rerun', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyflow-crash-'));
  chmodSync(dataDir, 0o711);
  const marker = String(1000 + Math.floor(Math.random() * 8000) + 0.25);
  const file = join(dataDir, 'wf.yaml');
  writeFileSync(file, WORKFLOW(marker));
  const engine = spawn(process.execPath, [BIN, 'run', file, '--data-dir', dataDir], { stdio: 'ignore' });
  await waitUntil(async () => {
    const s = await readRun(dataDir);
    const running = Object.values(s?.nodes ?? {}).filter((n) => n.type === 'Pod' && n.phase === 'Running');
    return running.length === 2 && sleepersAlive(marker) === 2;
  }, 'both long tasks to run');
  const before = await readRun(dataDir);
  const first = Object.values(before?.nodes ?? {}).find((n) => n.displayName === 'first');
  assert.equal(first?.phase, 'Succeeded');

  engine.kill('SIGKILL');
  await new Promise((r) => engine.once('exit', r));
  await waitUntil(async () => sleepersAlive(marker) === 0, 'sandboxed tasks to die with the engine', 10_000);

  const restart = spawnSync(process.execPath, [BIN, 'watch', 'crashy', '--data-dir', dataDir, '-o', 'json'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(restart.status, 1, restart.stderr);
  const after = await readRun(dataDir);
  assert.ok(after);
  assert.equal(after.phase, 'Error');
  const byName = (name: string) => Object.values(after.nodes).filter((n) => n.displayName === name);
  // The finished task is untouched: same node, same timestamps, not re-run.
  assert.equal(byName('first').length, 1);
  assert.equal(byName('first')[0]?.finishedAt, first?.finishedAt);
  // The retried task lost attempt 0 and succeeded on attempt 1.
  assert.equal(byName('long-retried(0)')[0]?.phase, 'Error');
  assert.equal(byName('long-retried(0)')[0]?.message, 'executor lost the task');
  assert.equal(byName('long-retried(1)')[0]?.phase, 'Succeeded');
  assert.equal(byName('long-retried(1)')[0]?.outputs?.result, 'recovered');
  assert.equal(byName('long-retried')[0]?.phase, 'Succeeded');
  // The task without a retry strategy is marked Error with the reason.
  assert.equal(byName('long-plain')[0]?.phase, 'Error');
  assert.equal(byName('long-plain')[0]?.message, 'executor lost the task');
  const printed = JSON.parse(restart.stdout) as { status: { phase: string } };
  assert.equal(printed.status.phase, 'Error');
});
