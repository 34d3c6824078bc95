import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoopback, normalizeServer, resolveTarget, writeConfig } from '../../../src/cli/remote/index.js';

test('server URLs are normalized to their config key (no trailing slash) and checked', () => {
  assert.deepEqual(normalizeServer('https://k.example:2746/').key, 'https://k.example:2746');
  assert.deepEqual(normalizeServer('https://k.example/prefix//').key, 'https://k.example/prefix');
  assert.throws(() => normalizeServer('k.example'), { message: "invalid server URL 'k.example': expected http(s)://host[:port]" });
  assert.throws(() => normalizeServer('https://k.example/?a=1'), { message: "invalid server URL 'https://k.example/?a=1': no query or fragment" });
});

test('loopback hosts are 127.0.0.0/8, ::1 and localhost', () => {
  assert.deepEqual(['127.0.0.1', '127.9.9.9', '[::1]', 'localhost', '10.0.0.1', '128.0.0.1', 'example.com'].map(isLoopback), [true, true, true, true, false, false, false]);
});

test('no --server and no KEYFLOW_SERVER means embedded mode; login-family verbs fall back to the last server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyflow-target-'));
  try {
    const env = { KEYFLOW_CONFIG: join(dir, 'c.json') };
    assert.equal(resolveTarget({}, env), undefined);
    writeConfig(env.KEYFLOW_CONFIG, { version: 1, current: 'https://k.example', servers: { 'https://k.example': { issuer: 'https://k.example/oidc', clientId: 'keyflow-cli', kind: 'user', accessToken: 'a', caFile: '/ca.pem' } } });
    assert.equal(resolveTarget({}, env), undefined);
    const current = resolveTarget({}, env, { useCurrent: true });
    assert.equal(current?.key, 'https://k.example');
    // What login stored for the server applies unless a flag or the environment says otherwise.
    assert.deepEqual(current?.tls, { caFile: '/ca.pem' });
    assert.deepEqual(resolveTarget({ caFile: '/other.pem' }, env, { useCurrent: true })?.tls, { caFile: '/other.pem' });
    assert.equal(resolveTarget({}, { ...env, KEYFLOW_SERVER: 'https://k.example/' })?.key, 'https://k.example');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('plain HTTP off loopback and disabled TLS verification are warned about', () => {
  const env = { KEYFLOW_CONFIG: '/nonexistent/keyflow-config.json' };
  assert.deepEqual(resolveTarget({ server: 'http://10.1.2.3:2746' }, env)?.warnings, ['warning: http://10.1.2.3:2746 is plain HTTP: tokens and workflow data cross the network unencrypted\n']);
  assert.deepEqual(resolveTarget({ server: 'http://127.0.0.1:2746' }, env)?.warnings, []);
  const insecure = resolveTarget({ server: 'https://k.example' }, { ...env, KEYFLOW_INSECURE_SKIP_VERIFY: 'true' });
  assert.deepEqual(insecure?.tls, { insecureSkipVerify: true });
  assert.deepEqual(insecure?.warnings, ['warning: TLS certificate verification is off for https://k.example (--insecure-skip-tls-verify): anyone on the path can read and change this traffic\n']);
});
