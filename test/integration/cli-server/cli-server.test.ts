/**
 * The CLI against a real `keyflow server` (child process, temp data dir, built-in IdP): log in with a
 * password driven over HTTP, submit and watch, list, logs, templates, suspend/resume, retry, terminate,
 * remote lint, token refresh with rotation, whoami, logout and the 401 that follows. Every step runs the
 * real `keyflow` binary, as a user in a second terminal would.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../../bin/keyflow.mjs');
const ADMIN_PASSWORD = 'correct horse battery staple';

let dir: string;
let server: ChildProcess;
let url: string;
let configFile: string;

interface Result { status: number | null; stdout: string; stderr: string }

/** Runs the CLI against the server with its own config file; env never leaks the caller's KEYFLOW_*. */
function kf(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Result {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('KEYFLOW_')) env[k] = v;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8', timeout: 120_000, input: opts.input ?? '',
    env: { ...env, KEYFLOW_CONFIG: configFile, KEYFLOW_SERVER: url, ...opts.env },
  });
  // Until src/cli/commands/server.ts loads the server domain lazily, every CLI run imports oidc-provider,
  // which warns about Node 20 on stderr; that line is not the CLI's output under test.
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^oidc-provider WARNING: Unsupported runtime[^\n]*\n/m, '') };
}

/** Starts `keyflow server` on a free port and resolves with the URL it prints. */
function startServer(dataDir: string, extra: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'server', '--port', '0', '--data-dir', dataDir, '--no-sandbox', ...extra], {
    env: { ...process.env, KEYFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (https?:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl({ child, url: m[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}\n${err}`)));
  });
}

async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const HELLO = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: hello-}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: say, template: echo}
  - name: echo
    container: {image: alpine, command: [echo, hello keyflow]}
`;

const GATED = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: gated-}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: approve, template: gate}
    - - {name: after, template: done}
  - name: gate
    suspend: {}
  - name: done
    container: {image: alpine, command: [echo, approved]}
`;

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

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyflow-cli-server-'));
  chmodSync(dir, 0o755);
  configFile = join(dir, 'home', 'config.json');
  mkdirSync(join(dir, 'data'));
  ({ child: server, url } = await startServer(join(dir, 'data')));
});

after(async () => {
  await stopServer(server);
  rmSync(dir, { recursive: true, force: true });
});

test('login --username --password-stdin drives the code + PKCE flow and stores tokens in a 0600 file', () => {
  const r = kf(['login', '--username', 'admin', '--password-stdin'], { input: `${ADMIN_PASSWORD}\n` });
  assert.equal(r.stdout, `Logged in to ${url} as admin (user)\n`);
  assert.equal(r.status, 0);
  assert.equal(statSync(configFile).mode & 0o777, 0o600);
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  assert.equal(config.current, url);
  assert.equal(config.servers[url].issuer, `${url}/oidc`);
  assert.equal(config.servers[url].kind, 'user');
  assert.ok(config.servers[url].refreshToken);
});

test('a wrong password is refused with the IdP message, exit 1, and nothing stored for it', () => {
  const other = join(dir, 'other-config.json');
  const r = kf(['login', '--username', 'admin', '--password-stdin'], { input: 'wrong', env: { KEYFLOW_CONFIG: other } });
  assert.equal(r.stderr, "error: the identity provider did not accept the username and password for 'admin': Invalid username or password. (ERR_CLI_LOGIN)\n");
  assert.equal(r.status, 1);
  assert.throws(() => statSync(other));
});

test('whoami prints the Principal the server made of the token', () => {
  const r = kf(['whoami']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, new RegExp(`^Username: +admin\nIssuer: +${url.replace(/[.]/g, '\\.')}/oidc\nSubject: +admin\nGroups: +.*\nKind: +user\nServer: +`));
  const json = JSON.parse(kf(['whoami', '-o', 'json']).stdout);
  assert.deepEqual(Object.keys(json), ['username', 'issuer', 'subject', 'groups', 'kind']);
});

test('submit --watch follows the workflow to Succeeded; list, get and logs show it', () => {
  const r = kf(['submit', '--watch', write('hello.yaml', HELLO), '-o', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const wf = JSON.parse(r.stdout);
  assert.equal(wf.status.phase, 'Succeeded');
  assert.match(r.stderr, /✔ say +echo/);
  const name = wf.metadata.name as string;
  assert.equal(kf(['list', '-o', 'name']).stdout, `${name}\n`);
  assert.match(kf(['list']).stdout, new RegExp(`^NAMESPACE +NAME +STATUS +AGE +DURATION\ndefault +${name} +Succeeded `));
  assert.match(kf(['get', name]).stdout, new RegExp(`^Name: +${name}\nNamespace: +default\nStatus: +Succeeded\n`));
  const logs = kf(['logs', name]);
  assert.equal(logs.stdout, 'say: hello keyflow\n');
  assert.equal(logs.status, 0);
  assert.equal(kf(['logs', name, '--no-prefix', '--task', 'say']).stdout, 'hello keyflow\n');
});

test('a workflow that does not exist: get exits 2 like the embedded CLI, other verbs show the server error', () => {
  assert.deepEqual(kf(['get', 'nope']), { status: 2, stdout: '', stderr: "error: workflow 'nope' not found in namespace 'default' (ERR_CLI_USAGE)\n" });
  const r = kf(['terminate', 'nope']);
  assert.equal(r.stderr, "error: server said 404 NotFound: workflow 'nope' not found in namespace 'default' (ERR_CLI_REMOTE)\n");
  assert.equal(r.status, 1);
});

test('submit without --watch returns at once; resume --node releases the suspend step and watch ends Succeeded', () => {
  const sub = kf(['submit', write('gated.yaml', GATED), '-o', 'name']);
  assert.equal(sub.status, 0, sub.stderr);
  const name = sub.stdout.trim();
  assert.equal(kf(['resume', name, '--node', 'approve']).stdout, `workflow ${name} resumed\n`);
  const w = kf(['watch', name]);
  assert.equal(w.status, 0, w.stderr);
  assert.match(w.stdout, /✔ after +done/);
});

test('terminate ends a running workflow as Failed; watch then exits 1; delete removes it', () => {
  const name = kf(['submit', write('gated2.yaml', GATED), '-o', 'name']).stdout.trim();
  assert.equal(kf(['terminate', name]).stdout, `workflow ${name} terminated\n`);
  const w = kf(['watch', name, '-o', 'json']);
  assert.equal(w.status, 1);
  assert.equal(JSON.parse(w.stdout).status.phase, 'Failed');
  assert.equal(kf(['delete', name]).stdout, `workflow ${name} deleted\n`);
  assert.equal(kf(['get', name]).status, 2);
});

test('retry re-runs the failed task and watches it to Succeeded', () => {
  const marker = join(dir, 'shared');
  mkdirSync(marker, { mode: 0o777 });
  chmodSync(marker, 0o777);
  const flaky = HELLO.replace('generateName: hello-', 'generateName: flaky-')
    .replace('command: [echo, hello keyflow]', `command: [sh, -c, 'if [ -e ${marker}/once ]; then echo second; else touch ${marker}/once; exit 3; fi']`);
  const first = kf(['run', write('flaky.yaml', flaky), '-o', 'json']);
  assert.equal(first.status, 1);
  const name = JSON.parse(first.stdout).metadata.name as string;
  const again = kf(['retry', name]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(kf(['logs', name]).stdout, /say: second\n/);
});

test('templates: apply (create then replace), list, get, submit --from with a parameter, delete', () => {
  const file = write('template.yaml', TEMPLATE);
  assert.equal(kf(['apply', '-f', file]).stdout, 'workflowtemplate/greet applied\n');
  assert.equal(kf(['apply', '-f', file]).stdout, 'workflowtemplate/greet applied\n');
  assert.equal(kf(['template', 'list', '-o', 'name']).stdout, 'greet\n');
  assert.match(kf(['template', 'get', 'greet']).stdout, /^apiVersion: argoproj.io\/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n {2}name: greet\n/);
  const created = kf(['template', 'create', '-f', file]);
  assert.equal(created.status, 1);
  assert.equal(created.stderr, 'error: server said 409 AlreadyExists: WorkflowTemplate default/greet already exists (ERR_CLI_REMOTE)\n');
  const run = kf(['submit', '--from', 'workflowtemplate/greet', '-p', 'who=cli', '--watch', '-o', 'json']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(kf(['logs', JSON.parse(run.stdout).metadata.name]).stdout, /hi cli\n$/);
  assert.equal(kf(['template', 'delete', 'greet']).stdout, 'workflowtemplate/greet deleted\n');
  assert.deepEqual(kf(['template', 'get', 'greet']), { status: 2, stdout: '', stderr: "error: workflowtemplate 'greet' in namespace 'default' not found (ERR_CLI_USAGE)\n" });
});

test('apply -f answers kinds the server cannot store yet with a clear error (exit 1) and applies the rest', () => {
  const file = write('mixed.yaml', `${TEMPLATE}---\napiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata: {name: nightly}\nspec:\n  schedule: "0 0 * * *"\n  workflowSpec: {workflowTemplateRef: {name: greet}}\n`);
  const r = kf(['apply', '-f', file]);
  assert.equal(r.stdout, 'workflowtemplate/greet applied\n');
  assert.equal(r.stderr, `${file}: cronworkflow/nightly: CronWorkflow is not supported by this server yet\n`);
  assert.equal(r.status, 1);
});

test('lint against the server: exit 0 when valid, 1 with the server message when not', () => {
  const ok = kf(['lint', write('ok.yaml', HELLO)]);
  assert.equal(ok.stdout, `1 file, 0 errors (checked by ${url})\n`);
  assert.equal(ok.status, 0);
  const bad = kf(['lint', write('bad.yaml', HELLO.replace('entrypoint: main', 'entrypoint: mian'))]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /bad\.yaml: workflow\/hello-\*: error: .*entrypoint "mian" is not a template/);
});

test('an access token about to expire is renewed with the refresh token, which rotates', () => {
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  const before = config.servers[url];
  config.servers[url].expiresAt = new Date(Date.now() + 5_000).toISOString();
  writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
  assert.equal(kf(['list', '-o', 'name']).status, 0);
  const afterRefresh = JSON.parse(readFileSync(configFile, 'utf8')).servers[url];
  assert.notEqual(afterRefresh.accessToken, before.accessToken);
  assert.notEqual(afterRefresh.refreshToken, before.refreshToken);
  assert.ok(Date.parse(afterRefresh.expiresAt) > Date.now() + 60_000);
  assert.equal(statSync(configFile).mode & 0o777, 0o600);
});

test('a config file others can read is refused before any request', () => {
  chmodSync(configFile, 0o644);
  try {
    const r = kf(['list']);
    assert.equal(r.stderr, `error: the config file ${configFile} holds tokens but is readable by group or others (mode 0644); run 'chmod 600 ${configFile}' (ERR_CLI_CONFIG)\n`);
    assert.equal(r.status, 1);
  } finally {
    chmodSync(configFile, 0o600);
  }
});

test('engine-only flags are refused with a server, exit 2', () => {
  const r = kf(['list', '--data-dir', dir]);
  assert.equal(r.stderr, `error: --data-dir configure the embedded engine and cannot be used with a server (${url}) (ERR_CLI_USAGE)\n`);
  assert.equal(r.status, 2);
});

test('logout forgets (and revokes) the session; the next call is a 401 that says to log in', () => {
  const refreshToken = JSON.parse(readFileSync(configFile, 'utf8')).servers[url].refreshToken as string;
  const out = kf(['logout']);
  assert.equal(out.stdout, `Logged out of ${url}\n`);
  assert.equal(out.status, 0);
  assert.deepEqual(JSON.parse(readFileSync(configFile, 'utf8')).servers, {});
  assert.ok(refreshToken);
  const r = kf(['list']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`^error: not logged in to ${url.replace(/[.]/g, '\\.')}, or the session expired \\(server said 401 Unauthenticated: .*\\); run 'keyflow login --server ${url.replace(/[.]/g, '\\.')}' \\(ERR_CLI_UNAUTHENTICATED\\)\n$`));
  assert.equal(kf(['logout']).stdout, `Not logged in to ${url}\n`);
});

test('over HTTPS with a self-signed certificate: refused without the CA, accepted with --ca-file', async () => {
  mkdirSync(join(dir, 'tls-data'));
  const tls = await startServer(join(dir, 'tls-data'), ['--tls-self-signed']);
  try {
    const env = { KEYFLOW_SERVER: tls.url, KEYFLOW_CONFIG: join(dir, 'tls-config.json') };
    const refused = kf(['login', '--username', 'admin', '--password-stdin'], { input: ADMIN_PASSWORD, env });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^error: cannot verify the TLS certificate of https:\/\/127\.0\.0\.1:\d+: .*; pass --ca-file with the server's CA, or --insecure-skip-tls-verify for development only \(ERR_CLI_CONNECT\)\n$/);
    const ca = join(dir, 'tls-data', 'tls', 'self-signed.crt');
    const ok = kf(['login', '--username', 'admin', '--password-stdin', '--ca-file', ca], { input: ADMIN_PASSWORD, env });
    assert.equal(ok.stdout, `Logged in to ${tls.url} as admin (user)\n`);
    // The CA file is remembered per server, so later verbs need no flag.
    assert.equal(kf(['whoami', '-o', 'json'], { env }).status, 0);
  } finally {
    await stopServer(tls.child);
  }
});
