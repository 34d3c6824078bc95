/**
 * `keyflow server` as a user runs it: a real process, started with a config file and flags, printing its
 * URL and the admin login, serving the API, and stopping cleanly on SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitUntil } from './fixture.js';

const BIN = resolve(import.meta.dirname, '../../bin/keyflow.mjs');

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyflow-verb-'));
  chmodSync(dir, 0o711);
  return dir;
}

test('keyflow server starts with defaults, prints the URL, the warnings and how to log in, and stops on SIGTERM', async () => {
  const dir = tempDir();
  const config = join(dir, 'keyflow.yaml');
  writeFileSync(config, 'port: 0\nsandbox: false\n');
  const env = { ...process.env, KEYFLOW_ADMIN_PASSWORD: '' };
  const child = spawn(process.execPath, [BIN, 'server', '--config', config, '--data-dir', join(dir, 'data')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    await waitUntil(() => stdout.includes('Stop with Ctrl-C'), 'the server to start', 60_000);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    assert.ok(url, stdout);
    assert.match(stdout, new RegExp(`Issuer: +${url}/oidc`));
    assert.match(stdout, new RegExp(`keyflow login --server ${url}\\n`));
    assert.match(stdout, /first start: user 'admin', one-time password: [A-Za-z0-9_-]{24}\n/);
    assert.match(stderr, /warning: --no-sandbox: tasks run as plain processes/);
    assert.match(stderr, /warning: plain HTTP on a loopback address/);
    assert.equal(await (await fetch(`${url}/healthz`)).text(), 'ok');
    assert.equal((await fetch(`${url}/api/v1/workflows/default`)).status, 401);
    const discovery = await (await fetch(`${url}/oidc/.well-known/openid-configuration`)).json() as { issuer: string };
    assert.equal(discovery.issuer, `${url}/oidc`);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(stderr, /SIGTERM: shutting down\n/);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('keyflow server refuses a bad config file and plain HTTP off loopback with exit code 2', () => {
  const dir = tempDir();
  try {
    const config = join(dir, 'keyflow.yaml');
    writeFileSync(config, 'port: 0\nsandbx: false\n');
    const bad = spawnSync(process.execPath, [BIN, 'server', '--config', config, '--data-dir', dir], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, new RegExp(`^error: ${config}: \\(top level\\): unknown field 'sandbx' \\(ERR_SERVER_CONFIG\\)$`, 'm'));
    const open = spawnSync(process.execPath, [BIN, 'server', '--host', '0.0.0.0', '--port', '0', '--no-sandbox', '--data-dir', dir], { encoding: 'utf8' });
    assert.equal(open.status, 2);
    assert.match(open.stderr, /error: refusing plain HTTP on 0\.0\.0\.0: give --tls-cert\/--tls-key or --tls-self-signed, or --insecure-plain-http behind a TLS proxy \(ERR_SERVER_INSECURE\)\n/);
    const port = spawnSync(process.execPath, [BIN, 'server', '--port', 'http'], { encoding: 'utf8' });
    assert.equal(port.status, 2);
    assert.match(port.stderr, /--port must be a number from 0 to 65535, not 'http'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
