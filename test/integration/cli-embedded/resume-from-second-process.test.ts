/**
 * The embedded CLI across processes: `keyflow run` drives a workflow that suspends; `keyflow resume`
 * from a second process changes it through the store, and the first process picks the change up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const BIN = resolve(import.meta.dirname, '../../../bin/keyflow.mjs');

test('keyflow resume in a second process resumes the workflow keyflow run is driving', { timeout: 90_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyflow-resume-'));
  chmodSync(dataDir, 0o711);
  const file = join(dataDir, 'wf.yaml');
  writeFileSync(file, `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: gated}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: before, template: say}
    - - {name: approve, template: wait}
    - - {name: after, template: say}
  - name: wait
    suspend: {}
  - name: say
    container: {image: busybox, command: [echo, hi]}
`);
  const runner = spawn(process.execPath, [BIN, 'run', file, '--data-dir', dataDir, '-o', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  runner.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<number | null>((r) => runner.once('exit', r));
  // Resume as soon as the workflow is waiting at the gate (a resume before that is refused: nothing to resume).
  let resumed = spawnSync(process.execPath, [BIN, 'resume', 'gated', '--data-dir', dataDir], { encoding: 'utf8' });
  const end = Date.now() + 60_000;
  while (resumed.status !== 0 && Date.now() < end) {
    assert.match(resumed.stderr, /not found|no suspended node/);
    await new Promise((r) => setTimeout(r, 300));
    resumed = spawnSync(process.execPath, [BIN, 'resume', 'gated', '--data-dir', dataDir], { encoding: 'utf8' });
  }
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(resumed.stdout, 'workflow gated resumed\n');
  assert.equal(await exited, 0);
  const final = JSON.parse(out) as { status: { phase: string; nodes: Record<string, { displayName: string; phase: string }> } };
  assert.equal(final.status.phase, 'Succeeded');
  const phases = Object.fromEntries(Object.values(final.status.nodes).map((n) => [n.displayName, n.phase]));
  assert.equal(phases.approve, 'Succeeded');
  assert.equal(phases.after, 'Succeeded');
});
