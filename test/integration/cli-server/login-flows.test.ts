/**
 * The login flows the password test in cli-server.test.ts does not cover, against a real server and
 * built-in IdP started in this process (so the test can create a service-account client): OAuth
 * client_credentials through the `keyflow` binary (and renewal with the stored secret), and the browser
 * flow's loopback listener with this test acting as the browser.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore, type Store } from '../../../src/store/index.js';
import { createLocalExecutor } from '../../../src/executors/index.js';
import { Controller } from '../../../src/controller/index.js';
import { startServer, type RunningServer } from '../../../src/server/index.js';
import {
  ApiClient, builtinIssuer, CLI_CLIENT_ID, CookieJar, discover, HttpTransport, loginWithBrowser, loginWithDevice, parseForms,
} from '../../../src/cli/remote/index.js';

const BIN = resolve(import.meta.dirname, '../../../bin/keyflow.mjs');
const ADMIN_PASSWORD = 'browser-flow-password';

let dir: string;
let store: Store;
let controller: Controller;
let server: RunningServer;
let configFile: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyflow-login-flows-'));
  // The executor refuses a data dir its unprivileged task user could not traverse.
  chmodSync(dir, 0o711);
  configFile = join(dir, 'config.json');
  store = await openStore({ sqlitePath: join(dir, 'keyflow.db') });
  const executor = await createLocalExecutor({ dataDir: dir, sandbox: false });
  controller = new Controller({ store, executor, dataDir: dir });
  await controller.start();
  process.env.KEYFLOW_ADMIN_PASSWORD = ADMIN_PASSWORD;
  server = await startServer({ controller, store, executor, dataDir: dir, host: '127.0.0.1', port: 0, tls: {}, logger: false });
});

after(async () => {
  await server?.close();
  await controller?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI without blocking this process, whose event loop serves the server it talks to. */
function kf(args: string[], input = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('KEYFLOW_')) env[k] = v;
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, KEYFLOW_CONFIG: configFile, KEYFLOW_SERVER: server.url } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdin.end(input);
  return new Promise((resolveRun) => child.once('close', (status) => resolveRun({
    status, stdout, stderr: stderr.replace(/^oidc-provider WARNING: Unsupported runtime[^\n]*\n/m, ''),
  })));
}

test('login --client-id --client-secret-stdin gets a service-account token; it is renewed with the stored secret', async () => {
  const { clientId, clientSecret } = await server.idp!.createServiceAccountClient({ clientId: 'ci-bot', namespace: 'default', name: 'ci' });
  const r = await kf(['login', '--client-id', clientId, '--client-secret-stdin'], `${clientSecret}\n`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^Logged in to ${server.url.replace(/[.]/g, '\\.')} as .+ \\(serviceaccount\\)\n$`));
  const who = JSON.parse((await kf(['whoami', '-o', 'json'])).stdout);
  assert.equal(who.kind, 'serviceaccount');
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  const entry = config.servers[server.url];
  assert.equal(entry.kind, 'serviceaccount');
  assert.equal(entry.refreshToken, undefined);
  entry.expiresAt = new Date(Date.now() - 1000).toISOString();
  writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
  assert.equal((await kf(['list', '-o', 'name'])).status, 0);
  assert.notEqual(JSON.parse(readFileSync(configFile, 'utf8')).servers[server.url].accessToken, entry.accessToken);
});

test('a wrong client secret is refused with the OAuth error, exit 1', async () => {
  const r = await kf(['login', '--client-id', 'ci-bot', '--client-secret-stdin'], 'not-the-secret');
  assert.equal(r.stderr, 'error: the identity provider refused the client credentials: invalid_client (client authentication failed) (ERR_CLI_LOGIN)\n');
  assert.equal(r.status, 1);
});

test('contradictory login flags are usage errors (exit 2)', async () => {
  assert.deepEqual(await kf(['login', '--client-id', 'x']), { status: 2, stdout: '', stderr: 'error: --client-id and --client-secret-stdin go together (ERR_CLI_USAGE)\n' });
  assert.deepEqual(await kf(['login', '--device', '--username', 'a', '--password-stdin']), { status: 2, stdout: '', stderr: 'error: choose one way to log in: --device, --client-id, or --username (ERR_CLI_USAGE)\n' });
  assert.deepEqual(await kf(['login']), { status: 2, stdout: '', stderr: 'error: no terminal to open a browser login from: use --device, --username U --password-stdin, or --client-id ID --client-secret-stdin (ERR_CLI_USAGE)\n' });
});

/**
 * What a person with a browser does with the URL the CLI prints: follow redirects, fill in the user code
 * (device flow) or the login form, confirm, until the loopback callback or the IdP's last page.
 */
async function actAsBrowser(start: string, userCode?: string): Promise<void> {
  const transport = new HttpTransport();
  const jar = new CookieJar();
  let url = new URL(start);
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const cookie = jar.header(url);
    const res = await transport.send({
      method: body ? 'POST' : 'GET', url,
      headers: { ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body } : {}),
    });
    jar.store(url, res.headers['set-cookie']);
    const text = await res.text();
    if (url.pathname === '/callback') return;
    if (res.headers.location) {
      url = new URL(res.headers.location, url);
      body = undefined;
      continue;
    }
    if (text.includes('Device signed in')) return;
    const form = parseForms(text).find((f) => f.method === 'post');
    assert.ok(form, `no form at ${url.pathname} (HTTP ${res.status}): ${text.slice(0, 300)}`);
    const filled: Record<string, string> = { ...form.fields };
    if (form.inputs.includes('password')) Object.assign(filled, { username: 'admin', password: ADMIN_PASSWORD });
    if (userCode && 'user_code' in filled && !filled.user_code) filled.user_code = userCode;
    if (form.inputs.includes('confirm') && !filled.confirm) filled.confirm = 'yes';
    url = new URL(form.action || url.href, url);
    body = new URLSearchParams(filled).toString();
  }
  assert.fail('the browser login did not come back to the loopback callback');
}

test('browser login: the code comes back to a loopback listener on 127.0.0.1 and is exchanged with PKCE', async () => {
  const transport = new HttpTransport();
  const config = await discover({ issuer: builtinIssuer(new URL(server.url)), clientId: CLI_CLIENT_ID, transport });
  let printed = '';
  const browser = new Promise<void>((resolveBrowser, reject) => {
    const poll = setInterval(() => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/oidc\/auth\?\S+)/.exec(printed);
      if (!m?.[1]) return;
      clearInterval(poll);
      const auth = new URL(m[1]);
      assert.match(auth.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
      actAsBrowser(m[1]).then(resolveBrowser, reject);
    }, 20);
  });
  const tokens = await loginWithBrowser(config, (text) => { printed += text; }, 60_000);
  await browser;
  assert.ok(tokens.refreshToken);
  const me = await new ApiClient({ server: new URL(server.url), transport, token: async () => tokens.accessToken }).userinfo();
  assert.equal(me.username, 'admin');
  assert.equal(me.kind, 'user');
});

test('device login: the CLI prints the code, the user confirms it elsewhere, the CLI polls until tokens come', async () => {
  const transport = new HttpTransport();
  const config = await discover({ issuer: builtinIssuer(new URL(server.url)), clientId: CLI_CLIENT_ID, transport });
  let printed = '';
  const browser = new Promise<void>((resolveBrowser, reject) => {
    const poll = setInterval(() => {
      const m = /open (http:\/\/\S+) and enter the code\n\n {2}(\S+)/.exec(printed);
      if (!m?.[1] || !m[2]) return;
      clearInterval(poll);
      actAsBrowser(m[1], m[2]).then(resolveBrowser, reject);
    }, 20);
  });
  const tokens = await loginWithDevice(config, (text) => { printed += text; });
  await browser;
  const me = await new ApiClient({ server: new URL(server.url), transport, token: async () => tokens.accessToken }).userinfo();
  assert.equal(me.username, 'admin');
});
