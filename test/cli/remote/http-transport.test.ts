import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { HttpTransport } from '../../../src/cli/remote/index.js';
import { isKeyflowError } from '../../../src/errors/index.js';
import { json, startFakeServer, type FakeServer } from '../fake-server.js';

let dir: string;
let tlsServer: FakeServer;
let caFile: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyflow-tls-'));
  const pems = await generate([{ name: 'commonName', value: 'keyflow-test' }], {
    keySize: 2048, algorithm: 'sha256',
    extensions: [{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, pems.cert);
  tlsServer = await startFakeServer({ 'GET /api/v1/info': (_req, res) => json(res, 200, { ok: true }) }, { key: pems.private, cert: pems.cert });
});
after(async () => {
  await tlsServer.close();
  rmSync(dir, { recursive: true, force: true });
});

const SECRET = 'eyJhbGciOiJSUzI1NiJ9.secret-token-value';

async function get(transport: HttpTransport, url: string): Promise<number> {
  const res = await transport.send({ method: 'GET', url: new URL(url), headers: { authorization: `Bearer ${SECRET}` } });
  await res.text();
  return res.status;
}

test('a self-signed server certificate is refused by default with a hint, and the token is not in the message', async () => {
  await assert.rejects(get(new HttpTransport(), `${tlsServer.url}/api/v1/info`), (err: unknown) => {
    assert.ok(isKeyflowError(err, 'ERR_CLI_CONNECT'));
    assert.match(err.message, /^cannot verify the TLS certificate of https:\/\/127\.0\.0\.1:\d+: the server uses a self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\); pass --ca-file with the server's CA, or --insecure-skip-tls-verify for development only$/);
    assert.ok(!err.message.includes(SECRET));
    return true;
  });
});

test('--ca-file trusts the server signed by that CA', async () => {
  assert.equal(await get(new HttpTransport({ caFile }), `${tlsServer.url}/api/v1/info`), 200);
});

test('--insecure-skip-tls-verify accepts any certificate (only when asked)', async () => {
  assert.equal(await get(new HttpTransport({ insecureSkipVerify: true }), `${tlsServer.url}/api/v1/info`), 200);
});

test('a CA file that cannot be read is a usage error naming it', () => {
  assert.throws(() => new HttpTransport({ caFile: join(dir, 'missing.pem') }), (err: unknown) => {
    assert.ok(isKeyflowError(err, 'ERR_CLI_USAGE'));
    assert.equal(err.message, `cannot read --ca-file ${join(dir, 'missing.pem')}: ENOENT`);
    return true;
  });
});

test('a refused connection says so and asks whether a server runs there', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  await assert.rejects(get(new HttpTransport(), `http://127.0.0.1:${port}/x`), {
    message: `cannot connect to http://127.0.0.1:${port}: connection refused (is 'keyflow server' running there?)`,
  });
});

test('speaking HTTPS to a plain HTTP port is reported as a TLS handshake failure', async () => {
  const plain = await startFakeServer({});
  try {
    const url = plain.url.replace('http:', 'https:');
    await assert.rejects(get(new HttpTransport(), url), { code: 'ERR_CLI_CONNECT', message: `TLS handshake with ${url} failed (does the server speak plain HTTP?)` });
  } finally {
    await plain.close();
  }
});

test('fetch adapter returns a WHATWG Response with status, headers and body', async () => {
  const server = await startFakeServer({ 'POST /token': (req, res) => json(res, 201, { got: req.body, type: req.headers['content-type'] }) });
  try {
    const res = await new HttpTransport().fetch(`${server.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ a: 'b c' }) });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(await res.json(), { got: 'a=b+c', type: 'application/x-www-form-urlencoded' });
  } finally {
    await server.close();
  }
});
