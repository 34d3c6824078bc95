import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openKeyring } from '../../src/secrets/index.js';
import { deriveKeyId } from '../../src/secrets/parse-key-material.js';
import { withKeyFileLock } from '../../src/secrets/lock-key-file.js';

const root = mkdtempSync(join(tmpdir(), 'kf-secrets-keyring-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `data-${++n}`);
const AAD = 'aad';

describe('openKeyring: KEYFLOW_SECRET_KEY', () => {
  test('uses the environment key as primary and does not touch the data dir', () => {
    const key = randomBytes(32);
    const dataDir = freshDir();
    const ring = openKeyring({ dataDir, env: { KEYFLOW_SECRET_KEY: key.toString('base64') } });
    assert.equal(ring.source, 'env');
    assert.equal(ring.primaryKeyId(), deriveKeyId(key));
    assert.equal(existsSync(dataDir), false);
    // The same key given in hex is the same key (same id, decrypts).
    const again = openKeyring({ env: { KEYFLOW_SECRET_KEY: key.toString('hex') } });
    assert.equal(again.decrypt(ring.encrypt('v', AAD), AAD).toString(), 'v');
  });

  test('previous keys decrypt but never encrypt', () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const before = openKeyring({ env: { KEYFLOW_SECRET_KEY: oldKey.toString('base64') } }).encrypt('v', AAD);
    const ring = openKeyring({ env: { KEYFLOW_SECRET_KEY: newKey.toString('base64'), KEYFLOW_SECRET_KEY_PREVIOUS: ` ${randomBytes(32).toString('hex')}, ${oldKey.toString('base64')} ` } });
    assert.equal(ring.decrypt(before, AAD).toString(), 'v');
    assert.equal(ring.encrypt('v', AAD).split(':')[1], deriveKeyId(newKey));
    assert.deepEqual(ring.keys().map((k) => k.primary), [true, false, false]);
  });

  test('refuses a malformed key, naming the variable and never quoting it', () => {
    assert.throws(() => openKeyring({ env: { KEYFLOW_SECRET_KEY: 'my-password' } }), {
      code: 'ERR_SECRET_KEY_CONFIG',
      message: 'KEYFLOW_SECRET_KEY must be 32 random bytes written as 64 hex characters or 44 base64 characters (e.g. the output of `openssl rand -base64 32`); got 11 characters that are neither',
    });
    assert.throws(() => openKeyring({ env: { KEYFLOW_SECRET_KEY: randomBytes(32).toString('hex'), KEYFLOW_SECRET_KEY_PREVIOUS: 'abc' } }), {
      code: 'ERR_SECRET_KEY_CONFIG',
      message: 'KEYFLOW_SECRET_KEY_PREVIOUS (key 1) must be 32 random bytes written as 64 hex characters or 44 base64 characters (e.g. the output of `openssl rand -base64 32`); got 3 characters that are neither',
    });
  });

  test('refuses previous keys without a primary key', () => {
    assert.throws(() => openKeyring({ dataDir: freshDir(), env: { KEYFLOW_SECRET_KEY_PREVIOUS: randomBytes(32).toString('hex') } }), {
      code: 'ERR_SECRET_KEY_CONFIG',
      message: 'KEYFLOW_SECRET_KEY_PREVIOUS is set but KEYFLOW_SECRET_KEY is not: previous keys only decrypt, a primary key is needed',
    });
  });

  test('cannot rotate or retire keys that come from the environment', async () => {
    const ring = openKeyring({ env: { KEYFLOW_SECRET_KEY: randomBytes(32).toString('hex'), KEYFLOW_SECRET_KEY_PREVIOUS: randomBytes(32).toString('hex') } });
    const message = (what: string) => `cannot ${what} keys given by the environment: set the new key as KEYFLOW_SECRET_KEY and the old one in KEYFLOW_SECRET_KEY_PREVIOUS on every replica, re-encrypt, then drop KEYFLOW_SECRET_KEY_PREVIOUS (docs/secrets.md)`;
    await assert.rejects(ring.rotate(), { code: 'ERR_SECRET_ROTATION', message: message('add') });
    const previous = ring.keys().find((k) => !k.primary)?.id ?? '';
    await assert.rejects(ring.retire(previous), { code: 'ERR_SECRET_ROTATION', message: message('retire') });
  });

  test('without an env key or a data dir there is no key', () => {
    assert.throws(() => openKeyring({ env: {} }), { code: 'ERR_SECRET_KEY_CONFIG', message: 'no secret key: set KEYFLOW_SECRET_KEY or give a data directory for the key file' });
  });
});

describe('openKeyring: the key file', () => {
  test('generates <dataDir>/secret.key with mode 0600 on first use and reuses it afterwards', () => {
    const dataDir = freshDir();
    const ring = openKeyring({ dataDir, env: {} });
    const path = join(dataDir, 'secret.key');
    assert.equal(ring.source, 'file');
    assert.equal(ring.path, path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(doc.kind, 'KeyflowSecretKeys');
    assert.equal(doc.primary, ring.primaryKeyId());
    const envelope = ring.encrypt('v', AAD);
    assert.equal(openKeyring({ dataDir, env: {} }).decrypt(envelope, AAD).toString(), 'v');
  });

  test('a key file made while the umask is 0 is still 0600', () => {
    const dataDir = freshDir();
    const script = `process.umask(0); const { openKeyring } = await import(${JSON.stringify(new URL('../../src/secrets/index.ts', import.meta.url).href)}); openKeyring({ dataDir: ${JSON.stringify(dataDir)}, env: {} });`;
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'pipe' });
    assert.equal(statSync(join(dataDir, 'secret.key')).mode & 0o777, 0o600);
  });

  test('refuses a key file readable or writable by group or others', () => {
    const dataDir = freshDir();
    openKeyring({ dataDir, env: {} });
    const path = join(dataDir, 'secret.key');
    for (const mode of [0o644, 0o640, 0o604, 0o620, 0o602]) {
      chmodSync(path, mode);
      const shown = mode.toString(8).padStart(4, '0');
      assert.throws(() => openKeyring({ dataDir, env: {} }), {
        code: 'ERR_SECRET_KEY_PERMISSIONS',
        message: `the key file ${path} has mode ${shown}: group or others may access it, so Keyflow refuses to use it. Run \`chmod 600 ${path}\`, and rotate the key if someone else may have read it`,
      });
    }
    chmodSync(path, 0o400);
    assert.doesNotThrow(() => openKeyring({ dataDir, env: {} }));
  });

  test('refuses a key file owned by another user', { skip: process.getuid?.() !== 0 && 'needs root to chown' }, () => {
    const dataDir = freshDir();
    openKeyring({ dataDir, env: {} });
    const path = join(dataDir, 'secret.key');
    chownSync(path, 65534, 65534);
    assert.throws(() => openKeyring({ dataDir, env: {} }), {
      code: 'ERR_SECRET_KEY_PERMISSIONS',
      message: `the key file ${path} belongs to uid 65534, not to this user (uid ${process.getuid?.()}) or root; Keyflow refuses a key file another user controls`,
    });
  });

  test('checks the file a symlink points to, and refuses a directory', () => {
    const dataDir = freshDir();
    mkdirSync(dataDir);
    const target = join(root, `target-${n}.key`);
    openKeyring({ dataDir: root, env: {} }); // makes root/secret.key
    writeFileSync(target, readFileSync(join(root, 'secret.key')), { mode: 0o644 });
    chmodSync(target, 0o644);
    symlinkSync(target, join(dataDir, 'secret.key'));
    assert.throws(() => openKeyring({ dataDir, env: {} }), { code: 'ERR_SECRET_KEY_PERMISSIONS' });
    const dirCase = freshDir();
    mkdirSync(join(dirCase, 'secret.key'), { recursive: true });
    assert.throws(() => openKeyring({ dataDir: dirCase, env: {} }), { code: 'ERR_SECRET_KEY_PERMISSIONS', message: `the key file ${join(dirCase, 'secret.key')} is not a regular file` });
  });

  test('refuses a malformed or hand-edited key file, naming the field', () => {
    const dataDir = freshDir();
    openKeyring({ dataDir, env: {} });
    const path = join(dataDir, 'secret.key');
    const good = JSON.parse(readFileSync(path, 'utf8'));
    const cases: [unknown, string][] = [
      ['not json', 'it is not JSON'],
      [{ ...good, kind: 'Other' }, 'kind must be KeyflowSecretKeys'],
      [{ ...good, version: 2 }, 'version 2 is not supported (expected 1)'],
      [{ ...good, keys: [] }, 'keys must be a non-empty list'],
      [{ ...good, primary: '0123456789abcdef' }, 'primary must be the id of one of its keys'],
      [{ ...good, keys: [{ ...good.keys[0], id: '0123456789abcdef' }] }, 'keys[0].id does not match its key (was the file edited by hand?)'],
      [{ ...good, keys: [good.keys[0], good.keys[0]] }, `keys[1]: key ${good.primary} appears twice`],
    ];
    for (const [content, why] of cases) {
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content), { mode: 0o600 });
      assert.throws(() => openKeyring({ dataDir, env: {} }), { code: 'ERR_SECRET_KEY_CONFIG', message: `the key file ${path} is invalid: ${why}` });
    }
  });

  test('rotation is persisted, and another process picks the new key up without a restart', async () => {
    const dataDir = freshDir();
    const server = openKeyring({ dataDir, env: {} });
    const cli = openKeyring({ dataDir, env: {} });
    const before = server.encrypt('old', AAD);
    const added = await cli.rotate();
    assert.equal(statSync(join(dataDir, 'secret.key')).mode & 0o777, 0o600);
    // The server encrypts new values under the new primary and decrypts both generations.
    const after = server.encrypt('new', AAD);
    assert.equal(after.split(':')[1], added.id);
    assert.equal(server.decrypt(before, AAD).toString(), 'old');
    assert.equal(openKeyring({ dataDir, env: {} }).decrypt(after, AAD).toString(), 'new');
    await cli.retire(before.split(':')[1] ?? '');
    assert.throws(() => server.decrypt(before, AAD), { code: 'ERR_SECRET_KEY_UNKNOWN' });
    assert.equal(server.keys().length, 1);
  });

  test('concurrent rotations in two keyrings keep every key (the file is changed under a lock)', async () => {
    const dataDir = freshDir();
    const a = openKeyring({ dataDir, env: {} });
    const b = openKeyring({ dataDir, env: {} });
    const [ka, kb] = await Promise.all([a.rotate(), b.rotate()]);
    const ids = openKeyring({ dataDir, env: {} }).keys().map((k) => k.id);
    assert.equal(ids.length, 3);
    assert.ok(ids.includes(ka.id) && ids.includes(kb.id));
  });

  test('a lock left by a process that no longer exists is removed; a live one times out clearly', async () => {
    const dataDir = freshDir();
    const ring = openKeyring({ dataDir, env: {} });
    const path = join(dataDir, 'secret.key');
    writeFileSync(`${path}.lock`, '999999999');
    await ring.rotate();
    assert.equal(existsSync(`${path}.lock`), false);
    writeFileSync(`${path}.lock`, String(process.pid));
    await assert.rejects(withKeyFileLock(path, () => 1, 100), {
      code: 'ERR_SECRET_ROTATION',
      message: `another process is changing the key file (lock ${path}.lock); retry when it is done, or remove the lock if no Keyflow process is rotating keys`,
    });
    rmSync(`${path}.lock`);
  });
});
