/**
 * The verbs in embedded mode (no --server): the engine in the CLI process over a temp data dir. Real
 * processes and SQLite; tasks run with --no-sandbox so the test does not depend on bubblewrap.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/keyflow.mjs');
let dir: string;
let dataDir: string;

function kf(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('KEYFLOW_')) env[k] = v;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...env, KEYFLOW_CONFIG: join(dir, 'config.json') } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^oidc-provider WARNING: Unsupported runtime[^\n]*\n/m, '') };
}

const engine = (): string[] => ['--data-dir', dataDir, '--no-sandbox'];
const store = (): string[] => ['--data-dir', dataDir];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyflow-embedded-verbs-'));
  chmodSync(dir, 0o711);
  dataDir = join(dir, 'data');
});
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: greet}
spec:
  entrypoint: main
  arguments: {parameters: [{name: who, value: world}]}
  templates:
  - name: main
    inputs: {parameters: [{name: who}]}
    container: {image: alpine, command: [echo, "hi {{inputs.parameters.who}}"]}
`;

test('embedded submit without --watch is refused (nothing would drive the workflow), exit 2', () => {
  const file = write('t.yaml', TEMPLATE.replace('kind: WorkflowTemplate', 'kind: Workflow').replace('name: greet', 'generateName: g-'));
  assert.deepEqual(kf('submit', file, ...engine()), {
    status: 2, stdout: '',
    stderr: "error: the embedded engine runs workflows inside this command: add --watch (or use 'keyflow run'), or submit to a server with --server / $KEYFLOW_SERVER (ERR_CLI_USAGE)\n",
  });
});

test('template create / list / get / delete over the embedded store', () => {
  const file = write('template.yaml', TEMPLATE);
  assert.equal(kf('template', 'create', '-f', file, ...store()).stdout, 'workflowtemplate/greet created\n');
  const again = kf('template', 'create', '-f', file, ...store());
  assert.equal(again.stderr, "error: workflowtemplate 'greet' in namespace 'default' already exists (use 'keyflow apply -f' to replace it) (ERR_STORE_ALREADY_EXISTS)\n");
  assert.equal(again.status, 1);
  assert.equal(kf('template', 'list', '-o', 'name', ...store()).stdout, 'greet\n');
  assert.match(kf('template', 'list', ...store()).stdout, /^NAMESPACE +NAME +AGE\ndefault +greet +\d+s\n$/);
  assert.equal(JSON.parse(kf('template', 'get', 'greet', '-o', 'json', ...store()).stdout).spec.entrypoint, 'main');
  assert.equal(kf('template', 'list', '--cluster', '-o', 'name', ...store()).stdout, '');
});

test('submit --from workflowtemplate/NAME -p --watch runs the stored template to Succeeded', () => {
  const r = kf('submit', '--from', 'workflowtemplate/greet', '-p', 'who=embedded', '--watch', '-o', 'json', ...engine());
  assert.equal(r.status, 0, r.stderr);
  const name = JSON.parse(r.stdout).metadata.name as string;
  assert.match(name, /^greet-/);
  assert.equal(kf('logs', name, '--no-prefix', ...engine()).stdout, 'hi embedded\n');
  assert.equal(kf('template', 'delete', 'greet', ...store()).stdout, 'workflowtemplate/greet deleted\n');
  assert.deepEqual(kf('template', 'delete', 'greet', ...store()), { status: 2, stdout: '', stderr: "error: workflowtemplate 'greet' in namespace 'default' not found (ERR_CLI_USAGE)\n" });
});

test('--from must name a template kind', () => {
  assert.deepEqual(kf('submit', '--from', 'pod/x', '--watch', ...engine()), { status: 2, stdout: '', stderr: "error: --from must be workflowtemplate/NAME or clusterworkflowtemplate/NAME, not 'pod/x' (ERR_CLI_USAGE)\n" });
});

test('apply skips workflows in embedded mode with the same message as before', () => {
  const wf = write('wf.yaml', TEMPLATE.replace('kind: WorkflowTemplate', 'kind: Workflow').replace('name: greet', 'generateName: g-'));
  assert.deepEqual(kf('apply', '-f', wf, ...store()), { status: 0, stdout: '', stderr: `${wf}: Workflow skipped (use 'keyflow run' for workflows)\n` });
});

test('whoami without a server says the embedded engine has no users, exit 2', () => {
  assert.deepEqual(kf('whoami'), { status: 2, stdout: '', stderr: "error: which server? keyflow whoami --server URL (or set KEYFLOW_SERVER); the embedded engine has no users (ERR_CLI_USAGE)\n" });
});

test('an invalid server URL is a usage error', () => {
  assert.deepEqual(kf('list', '--server', 'ftp://x'), { status: 2, stdout: '', stderr: "error: invalid server URL 'ftp://x': the scheme must be https or http (ERR_CLI_USAGE)\n" });
  assert.deepEqual(kf('list', '--server', 'https://user:pw@x'), { status: 2, stdout: '', stderr: 'error: invalid server URL: credentials do not belong in the URL; use keyflow login (ERR_CLI_USAGE)\n' });
});
