import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerConfig } from '../../src/server/index.js';

const dir = mkdtempSync(join(tmpdir(), 'keyflow-config-'));
function file(text: string, name = 'keyflow.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('without a path there are no settings', () => {
  assert.deepEqual(loadServerConfig(), {});
});

test('every documented field is read; relative paths resolve against the file', () => {
  const path = file(`
port: 8443
host: 0.0.0.0
url: https://keyflow.example.com
dataDir: data
database: postgres://keyflow@db/keyflow
sandbox: false
tls: {cert: tls/server.crt, key: /etc/keyflow/server.key, selfSigned: false}
auth:
  builtinIdp: true
  issuers:
    - issuer: https://idp.example.com
      audience: keyflow
      usernameClaim: email
      groupsClaim: groups
      claimPrefix: "corp:"
      algorithms: [RS256]
`);
  assert.deepEqual(loadServerConfig(path), {
    port: 8443, host: '0.0.0.0', url: 'https://keyflow.example.com', dataDir: join(dir, 'data'), database: 'postgres://keyflow@db/keyflow', sandbox: false,
    tls: { cert: join(dir, 'tls/server.crt'), key: '/etc/keyflow/server.key', selfSigned: false },
    auth: { builtinIdp: true, issuers: [{ issuer: 'https://idp.example.com', audience: 'keyflow', usernameClaim: 'email', groupsClaim: 'groups', claimPrefix: 'corp:', algorithms: ['RS256'] }] },
  });
});

test('an empty file is an empty configuration', () => {
  assert.deepEqual(loadServerConfig(file('', 'empty.yaml')), {});
});

test('mistakes are refused naming the file and the field', () => {
  const cases: [string, string][] = [
    ['prot: 80\n', "(top level): unknown field 'prot'"],
    ['port: "80"\n', 'port: Expected number, received string'],
    ['port: 70000\n', 'port: Number must be less than or equal to 65535'],
    ['tls: {cert: a.pem, selfsigned: true}\n', "tls: unknown field 'selfsigned'"],
    ['auth:\n  issuers:\n    - issuer: idp.example.com\n', 'auth.issuers[0].issuer: issuer must be an http:// or https:// URL; auth.issuers[0].audience: Required'],
    ['auth: {issuers: [{issuer: "https://x", audience: k, scopes: [a]}]}\n', "auth.issuers[0]: unknown field 'scopes'"],
    ['- a\n- b\n', '(top level): Expected object, received array'],
  ];
  for (const [text, why] of cases) {
    const path = file(text, 'bad.yaml');
    assert.throws(() => loadServerConfig(path), { code: 'ERR_SERVER_CONFIG', message: `${path}: ${why}` }, text);
  }
});

test('unreadable, non-YAML and oversized files are refused', () => {
  const missing = join(dir, 'missing.yaml');
  assert.throws(() => loadServerConfig(missing), { code: 'ERR_SERVER_CONFIG', message: `${missing}: cannot read the config file (ENOENT)` });
  const broken = file('port: [1\n', 'broken.yaml');
  assert.throws(() => loadServerConfig(broken), (err: Error & { code?: string }) => err.code === 'ERR_SERVER_CONFIG' && err.message.startsWith(`${broken}:2:1: not valid YAML: `));
  const huge = file(`# ${'x'.repeat(1024 * 1024)}\n`, 'huge.yaml');
  assert.throws(() => loadServerConfig(huge), { code: 'ERR_SERVER_CONFIG', message: `${huge}: the config file is 1048579 bytes, more than the limit of 1048576` });
  const bomb = file('a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n', 'bomb.yaml');
  assert.throws(() => loadServerConfig(bomb), { code: 'ERR_SERVER_CONFIG' });
});
