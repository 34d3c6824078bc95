/**
 * `startServer` end to end with the real identity domain: self-signed HTTPS, the built-in IdP under /oidc,
 * a service account's client_credentials token used against the API, and the transport rules (no plain
 * HTTP off loopback unless asked).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller } from '../../src/controller/index.js';
import { createLocalExecutor, type Executor } from '../../src/executors/index.js';
import { isLoopback, startServer, type RunningServer, type StartServerOptions } from '../../src/server/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { echoWorkflow } from './fixture.js';

let dataDir: string;
let store: Store;
let executor: Executor;
let controller: Controller;
let running: RunningServer;
let ca: string;

const base = (): Pick<StartServerOptions, 'controller' | 'store' | 'executor' | 'dataDir' | 'logger'> => ({ controller, store, executor, dataDir, logger: false });

/** HTTPS with the server's self-signed certificate as the only trusted CA. */
function https(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca, headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

before(async () => {
  // The first-start password is generated here, not taken from the environment of whoever runs the tests.
  delete process.env.KEYFLOW_ADMIN_PASSWORD;
  dataDir = mkdtempSync(join(tmpdir(), 'keyflow-start-'));
  chmodSync(dataDir, 0o711);
  store = await openStore({ sqlitePath: join(dataDir, 'keyflow.db') });
  executor = await createLocalExecutor({ dataDir, sandbox: false });
  controller = new Controller({ store, executor, dataDir });
  await controller.start();
  running = await startServer({ ...base(), host: '127.0.0.1', port: 0, tls: { selfSigned: true } });
  ca = readFileSync(join(dataDir, 'tls', 'self-signed.crt'), 'utf8');
});

after(async () => {
  await running.close();
  await controller.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('with --tls-self-signed the server speaks HTTPS with a kept certificate for loopback, and says so', async () => {
  assert.match(running.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(running.issuer, `${running.url}/oidc`);
  const x509 = new X509Certificate(ca);
  assert.equal(running.tlsFingerprint, x509.fingerprint256);
  assert.equal(x509.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(statSync(join(dataDir, 'tls', 'self-signed.key')).mode & 0o777, 0o600);
  assert.deepEqual(running.warnings, [
    'self-signed TLS certificate: clients must pin its fingerprint or skip verification (development only)',
    "built-in identity provider: users and keys live in this server's database; configure auth.issuers for a corporate IdP",
  ]);
  assert.deepEqual(await https('GET', `${running.url}/healthz`), { status: 200, body: 'ok' });
});

test('first start creates admin with a one-time password', () => {
  assert.equal(running.admin?.username, 'admin');
  assert.match(running.admin?.password ?? '', /^[A-Za-z0-9_-]{24}$/);
});

test('a service account logs in with client_credentials at /oidc/token and calls the API with that token', async () => {
  const sa = await running.idp!.createServiceAccountClient({ clientId: 'ci-bot', namespace: 'default', name: 'ci' });
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: sa.clientId, client_secret: sa.clientSecret }).toString();
  const token = await https('POST', `${running.url}/oidc/token`, form, { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(token.status, 200, token.body);
  const accessToken = (JSON.parse(token.body) as { access_token: string }).access_token;
  const auth = { authorization: `Bearer ${accessToken}` };
  const me = await https('GET', `${running.url}/api/v1/userinfo`, undefined, auth);
  assert.deepEqual([me.status, JSON.parse(me.body)], [200, { issuer: running.issuer, subject: 'ci-bot', username: 'ci-bot', groups: [], kind: 'serviceaccount' }]);
  const created = await https('POST', `${running.url}/api/v1/workflows/default`, JSON.stringify({ workflow: echoWorkflow('from-ci') }), { ...auth, 'content-type': 'application/json' });
  assert.equal(created.status, 200, created.body);
  const run = await store.getRun('default', 'from-ci');
  assert.equal((await controller.waitFor(run!.uid)).phase, 'Succeeded');
  const anonymous = await https('GET', `${running.url}/api/v1/workflows/default`);
  assert.equal(anonymous.status, 401);
});

test('a restart on the same data reuses the certificate and creates no second admin', async () => {
  const again = await startServer({ ...base(), host: '127.0.0.1', port: 0, tls: { selfSigned: true } });
  try {
    assert.equal(again.tlsFingerprint, running.tlsFingerprint);
    assert.equal(again.admin, undefined);
  } finally {
    await again.close();
  }
});

test('plain HTTP is refused on a non-loopback address unless --insecure-plain-http', async () => {
  await assert.rejects(startServer({ ...base(), host: '0.0.0.0', port: 0, tls: {} }), {
    code: 'ERR_SERVER_INSECURE', message: 'refusing plain HTTP on 0.0.0.0: give --tls-cert/--tls-key or --tls-self-signed, or --insecure-plain-http behind a TLS proxy',
  });
  const insecure = await startServer({ ...base(), host: '0.0.0.0', port: 0, tls: {}, insecurePlainHttp: true, url: 'http://keyflow.internal:2746' });
  try {
    assert.equal(insecure.url, 'http://keyflow.internal:2746');
    assert.equal(insecure.issuer, 'http://keyflow.internal:2746/oidc');
    assert.equal(insecure.warnings[0], 'plain HTTP on 0.0.0.0 (--insecure-plain-http): tokens and passwords cross the network unencrypted unless a TLS proxy sits in front');
  } finally {
    await insecure.close();
  }
});

test('inconsistent TLS settings and a server without any issuer are refused before listening', async () => {
  const cert = join(dataDir, 'tls', 'self-signed.crt');
  const notPem = join(dataDir, 'not.pem');
  writeFileSync(notPem, 'hello');
  const cases: [Partial<StartServerOptions>, string, string][] = [
    [{ tls: { cert } }, 'ERR_SERVER_TLS', 'give both --tls-cert and --tls-key (tls.cert and tls.key), or neither'],
    [{ tls: { cert, key: cert, selfSigned: true } }, 'ERR_SERVER_TLS', 'choose either a certificate (--tls-cert/--tls-key) or --tls-self-signed, not both'],
    [{ tls: { cert: join(dataDir, 'nope.crt'), key: cert } }, 'ERR_SERVER_TLS', `cannot read the TLS certificate ${join(dataDir, 'nope.crt')} (ENOENT)`],
    [{ tls: { cert: notPem, key: notPem } }, 'ERR_SERVER_TLS', `the TLS certificate ${notPem} is not a PEM X.509 certificate`],
    [{ tls: {}, builtinIdp: false }, 'ERR_SERVER_CONFIG', 'no token issuer: keep the built-in IdP (auth.builtinIdp) or configure auth.issuers'],
    [{ tls: {}, url: 'https://keyflow.example.com/api' }, 'ERR_SERVER_CONFIG', "--url must be an http(s) origin without path, query or credentials (e.g. https://keyflow.example.com), not 'https://keyflow.example.com/api'"],
  ];
  for (const [opts, code, message] of cases) {
    await assert.rejects(startServer({ ...base(), host: '127.0.0.1', port: 0, tls: {}, ...opts }), { code, message }, message);
  }
});

test('loopback means 127.0.0.0/8, ::1 and localhost', () => {
  assert.deepEqual(['127.0.0.1', '127.1.2.3', '::1', 'localhost', '0.0.0.0', '::', '10.0.0.1', 'example.com'].map(isLoopback), [true, true, true, true, false, false, false, false]);
});
