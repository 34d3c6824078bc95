import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openStore, type Store } from '../../src/store/index.js';
import { createMemoryKeyring, createSecretStore, openKeyring, rotateSecretKey, type Keyring } from '../../src/secrets/index.js';
import { deriveKeyId } from '../../src/secrets/parse-key-material.js';

const root = mkdtempSync(join(tmpdir(), 'kf-secret-rotate-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

async function fresh(keyring?: (dataDir: string) => Keyring): Promise<{ store: Store; dataDir: string; keyring: Keyring }> {
  const dataDir = join(root, `data-${++n}`);
  const ring = keyring ? keyring(dataDir) : openKeyring({ dataDir, env: {} });
  const store = await openStore({ sqlitePath: ':memory:' });
  await store.migrate();
  return { store, dataDir, keyring: ring };
}

/** The key id of every stored value, by `kind ns/name key`. */
async function keyIdsOnDisk(store: Store): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const kind of ['Secret', 'UserSecret']) {
    for (const r of await store.listResources({ kind })) {
      for (const [key, env] of Object.entries(r.manifest.data as Record<string, string>)) out[`${kind} ${r.namespace}/${r.name} ${key}`] = env.split(':')[1] ?? '';
    }
  }
  return out;
}

const OWNER = { issuer: 'https://idp.example', subject: 'alice' };

describe('rotateAll', () => {
  test('re-encrypts every value under the primary key; old values kept decrypting in between', async (t) => {
    const { store, keyring } = await fresh();
    t.after(() => store.close());
    const secrets = createSecretStore({ store, keyring });
    await secrets.put('a', 'one', { x: 'value-one-x', y: 'value-one-y' });
    await secrets.put('b', 'two', { z: 'value-two-z' });
    await secrets.put('a', 'mine', { t: 'value-mine-t' }, { owner: OWNER });
    const oldId = keyring.primaryKeyId();
    const added = await keyring.rotate();
    // Before re-encryption: old ciphertexts still decrypt, new writes use the new key.
    assert.deepEqual(await secrets.get('a', 'one'), { x: 'value-one-x', y: 'value-one-y' });
    await secrets.put('b', 'fresh', { f: 'value-fresh-f' });
    assert.deepEqual((await secrets.describe('b', 'fresh'))?.keyIds, [added.id]);
    const report = await secrets.rotateAll();
    assert.deepEqual(report, { primaryKeyId: added.id, scanned: 4, rewritten: 3, values: 4, failures: [], keyUsage: { [added.id]: 5 } });
    assert.deepEqual(new Set(Object.values(await keyIdsOnDisk(store))), new Set([added.id]));
    // A second pass has nothing to do.
    assert.equal((await secrets.rotateAll()).rewritten, 0);
    // Retiring the old key afterwards: every secret still reads.
    await keyring.retire(oldId);
    assert.deepEqual(await secrets.get('a', 'one'), { x: 'value-one-x', y: 'value-one-y' });
    assert.deepEqual(await secrets.get('b', 'two'), { z: 'value-two-z' });
    assert.deepEqual(await secrets.get('a', 'mine', { owner: OWNER }), { t: 'value-mine-t' });
  });

  test('a value under an unknown key is reported, left alone, and the pass goes on', async (t) => {
    const { store, keyring } = await fresh(() => createMemoryKeyring());
    t.after(() => store.close());
    const lost = createMemoryKeyring();
    await createSecretStore({ store, keyring: lost }).put('a', 'orphan', { k: 'value-orphan' });
    const secrets = createSecretStore({ store, keyring });
    await secrets.put('a', 'fine', { k: 'value-fine' });
    await keyring.rotate();
    const report = await secrets.rotateAll();
    assert.equal(report.rewritten, 1);
    assert.deepEqual(report.failures, [{
      kind: 'Secret', namespace: 'a', name: 'orphan', code: 'ERR_SECRET_KEY_UNKNOWN',
      message: `the value is encrypted under key ${lost.primaryKeyId()}, which is not in the keyring (in-memory keyring); restore that key (as a previous key) to read it`,
    }]);
    assert.deepEqual(report.keyUsage, { [keyring.primaryKeyId()]: 1, [lost.primaryKeyId()]: 1 });
  });
});

describe('rotateSecretKey', () => {
  test('key file: adds a primary key, re-encrypts everything, and keeps the old key unless asked to retire', async (t) => {
    const { store, keyring, dataDir } = await fresh();
    t.after(() => store.close());
    const secrets = createSecretStore({ store, keyring });
    await secrets.put('a', 'one', { x: 'value-x' });
    await secrets.put('a', 'mine', { y: 'value-y' }, { owner: OWNER });
    const oldId = keyring.primaryKeyId();
    const report = await rotateSecretKey({ keyring, secrets });
    assert.equal(report.source, 'file');
    assert.notEqual(report.addedKeyId, oldId);
    assert.equal(report.primaryKeyId, report.addedKeyId);
    assert.equal(report.reencrypted.values, 2);
    assert.deepEqual(report.retiredKeyIds, []);
    assert.deepEqual(report.keptKeyIds, [{ id: oldId, reason: 'unused; not retired because retire was not asked' }]);
    // A separate process (the server) reads the new file and the re-encrypted values.
    const server = createSecretStore({ store, keyring: openKeyring({ dataDir, env: {} }) });
    assert.deepEqual(await server.get('a', 'one'), { x: 'value-x' });
    const second = await rotateSecretKey({ keyring, secrets, addKey: false, retire: true });
    assert.equal(second.addedKeyId, undefined);
    assert.deepEqual(second.retiredKeyIds, [oldId]);
    assert.deepEqual(openKeyring({ dataDir, env: {} }).keys().map((k) => k.id), [report.primaryKeyId]);
    assert.deepEqual(await server.get('a', 'mine', { owner: OWNER }), { y: 'value-y' });
  });

  test('rotate and retire in one call leaves only the new key, and every value readable', async (t) => {
    const { store, keyring } = await fresh();
    t.after(() => store.close());
    const secrets = createSecretStore({ store, keyring });
    for (let i = 0; i < 20; i += 1) await secrets.put('bulk', `s${i}`, { v: `bulk-value-${i}` });
    const report = await rotateSecretKey({ keyring, secrets, retire: true });
    assert.equal(report.retiredKeyIds.length, 1);
    assert.deepEqual(keyring.keys().map((k) => k.id), [report.primaryKeyId]);
    for (let i = 0; i < 20; i += 1) assert.deepEqual(await secrets.get('bulk', `s${i}`), { v: `bulk-value-${i}` });
  });

  test('a previous key still used by a value that cannot be re-encrypted is kept', async (t) => {
    const { store, keyring } = await fresh(() => createMemoryKeyring());
    t.after(() => store.close());
    const secrets = createSecretStore({ store, keyring });
    await secrets.put('a', 'good', { k: 'value-good' });
    await secrets.put('a', 'broken', { k: 'value-broken' });
    const broken = await store.getResource('Secret', 'a', 'broken');
    const good = await store.getResource('Secret', 'a', 'good');
    // A value moved from another secret: under the old key, but it does not authenticate here.
    await store.putResource({ kind: 'Secret', namespace: 'a', name: 'broken', manifest: { ...broken?.manifest, data: good?.manifest.data } });
    const oldId = keyring.primaryKeyId();
    const report = await rotateSecretKey({ keyring, secrets, retire: true });
    assert.deepEqual(report.reencrypted.failures.map((f) => [f.name, f.code]), [['broken', 'ERR_SECRET_DECRYPT']]);
    assert.deepEqual(report.keptKeyIds, [{ id: oldId, reason: '1 stored value(s) are still under it (see the failures)' }]);
    assert.ok(keyring.hasKey(oldId));
  });

  test('environment keys: the operator swaps the keys, rotateSecretKey re-encrypts and says what to remove', async (t) => {
    const [oldKey, newKey] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const { store } = await fresh(() => createMemoryKeyring());
    t.after(() => store.close());
    const before = openKeyring({ env: { KEYFLOW_SECRET_KEY: oldKey } });
    await createSecretStore({ store, keyring: before }).put('a', 'db', { pw: 'env-rotated-value' });
    const keyring = openKeyring({ env: { KEYFLOW_SECRET_KEY: newKey, KEYFLOW_SECRET_KEY_PREVIOUS: oldKey } });
    const secrets = createSecretStore({ store, keyring });
    const report = await rotateSecretKey({ keyring, secrets, retire: true });
    assert.equal(report.addedKeyId, undefined);
    assert.equal(report.reencrypted.values, 1);
    assert.deepEqual(report.keptKeyIds, [{ id: deriveKeyId(Buffer.from(oldKey, 'base64')), reason: 'unused; remove it from KEYFLOW_SECRET_KEY_PREVIOUS' }]);
    const after = createSecretStore({ store, keyring: openKeyring({ env: { KEYFLOW_SECRET_KEY: newKey } }) });
    assert.deepEqual(await after.get('a', 'db'), { pw: 'env-rotated-value' });
    await assert.rejects(rotateSecretKey({ keyring, secrets, addKey: true }), { code: 'ERR_SECRET_ROTATION' });
  });
});
