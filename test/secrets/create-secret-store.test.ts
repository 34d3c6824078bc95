import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore, type Store } from '../../src/store/index.js';
import { createMemoryKeyring, createSecretStore, type SecretStore } from '../../src/secrets/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kf-secret-store-'));
const dbPath = join(dir, 'keyflow.db');
let store: Store;
let secrets: SecretStore;
const keyring = createMemoryKeyring();
before(async () => {
  store = await openStore({ sqlitePath: dbPath });
  await store.migrate();
  secrets = createSecretStore({ store, keyring });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ALICE = { issuer: 'https://idp.example', subject: 'alice' };
const BOB = { issuer: 'https://idp.example', subject: 'bob' };
const MALLORY_ELSEWHERE = { issuer: 'https://other-idp.example', subject: 'alice' };

describe('secret store: namespace secrets', () => {
  test('put encrypts, get (for injection) returns the plaintext, describe returns no value', async () => {
    const info = await secrets.put('team-a', 'db', { password: 'pw-Zq81-roundtrip', user: 'app' }, { labels: { tier: 'prod' } });
    assert.deepEqual({ ...info, uid: '', createdAt: '', updatedAt: '' }, {
      kind: 'Secret', namespace: 'team-a', name: 'db', keys: ['password', 'user'], labels: { tier: 'prod' }, annotations: {},
      keyIds: [keyring.primaryKeyId()], uid: '', resourceVersion: 1, createdAt: '', updatedAt: '',
    });
    assert.deepEqual(await secrets.get('team-a', 'db'), { password: 'pw-Zq81-roundtrip', user: 'app' });
    assert.deepEqual(await secrets.get('team-a', 'db', { keys: ['password', 'absent'] }), { password: 'pw-Zq81-roundtrip' });
    const described = await secrets.describe('team-a', 'db');
    assert.deepEqual(described?.keys, ['password', 'user']);
    assert.ok(!JSON.stringify(described).includes('pw-Zq81-roundtrip'));
  });

  test('the stored manifest is a keyflow.dev/v1 Secret whose data holds only kf1 envelopes', async () => {
    await secrets.put('team-a', 'api', { token: 'tok-9f8e7d6c5b4a' });
    const resource = await store.getResource('Secret', 'team-a', 'api');
    const m = resource?.manifest as { apiVersion: string; kind: string; metadata: unknown; type: string; data: Record<string, string> };
    assert.equal(m.apiVersion, 'keyflow.dev/v1');
    assert.equal(m.kind, 'Secret');
    assert.deepEqual(m.metadata, { namespace: 'team-a', name: 'api', labels: {}, annotations: {} });
    assert.equal(m.type, 'Opaque');
    assert.match(m.data.token ?? '', /^kf1:[0-9a-f]{16}:/);
    assert.ok(!JSON.stringify(m).includes('tok-9f8e7d6c5b4a'));
  });

  test('missing secrets: get and describe are undefined, delete is false', async () => {
    assert.equal(await secrets.get('team-a', 'nope'), undefined);
    assert.equal(await secrets.describe('team-a', 'nope'), undefined);
    assert.equal(await secrets.delete('team-a', 'nope'), false);
  });

  test('list gives names and keys, sorted, never values, and never per-user secrets', async () => {
    await secrets.put('list-ns', 'zeta', { z: 'value-zeta-111' });
    await secrets.put('list-ns', 'alpha', { a: 'value-alpha-222', b: 'value-alpha-333' });
    await secrets.put('list-ns', 'mine', { t: 'value-mine-444' }, { owner: ALICE });
    const list = await secrets.list('list-ns');
    assert.deepEqual(list.map((s) => [s.name, s.keys]), [['alpha', ['a', 'b']], ['zeta', ['z']]]);
    const text = JSON.stringify(list);
    for (const v of ['value-zeta-111', 'value-alpha-222', 'value-alpha-333', 'value-mine-444', 'kf1:']) assert.ok(!text.includes(v), v);
  });

  test('put replaces a secret (new keys, next version) and honours expectedVersion', async () => {
    const first = await secrets.put('team-a', 'rotating', { a: 'first-value-1' });
    const second = await secrets.put('team-a', 'rotating', { b: 'second-value-2' }, { expectedVersion: first.resourceVersion });
    assert.equal(second.resourceVersion, first.resourceVersion + 1);
    assert.equal(second.uid, first.uid);
    assert.deepEqual(await secrets.get('team-a', 'rotating'), { b: 'second-value-2' });
    await assert.rejects(secrets.put('team-a', 'rotating', { c: 'x' }, { expectedVersion: first.resourceVersion }), { code: 'ERR_STORE_CONFLICT' });
  });

  test('delete removes the secret', async () => {
    await secrets.put('team-a', 'temp', { a: 'temporary-value' });
    assert.equal(await secrets.delete('team-a', 'temp'), true);
    assert.equal(await secrets.get('team-a', 'temp'), undefined);
  });

  test('a data key named __proto__ stays an ordinary key', async () => {
    const data = JSON.parse('{"__proto__":"proto-value-1","x":"x-value-22"}') as Record<string, string>;
    await secrets.put('team-a', 'proto', data);
    const back = await secrets.get('team-a', 'proto');
    assert.deepEqual(Object.keys(back ?? {}), ['__proto__', 'x']);
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(back, '__proto__')?.value, 'proto-value-1');
  });

  test('bad input is a clear typed error and stores nothing', async () => {
    await assert.rejects(secrets.put('Team A', 'db', { a: 'b' }), { code: 'ERR_SECRET_INVALID', message: "namespace 'Team A' is not valid: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit" });
    await assert.rejects(secrets.put('team-a', 'DB', { a: 'b' }), { code: 'ERR_SECRET_INVALID' });
    await assert.rejects(secrets.put('team-a', 'bad', { 'a b': 'value-not-shown' }), { code: 'ERR_SECRET_INVALID', message: "secret team-a/bad: data key 'a b' is not valid: it may contain only letters, digits, '-', '_' and '.'" });
    await assert.rejects(secrets.put('team-a', 'big', { a: 'x'.repeat(64 * 1024 + 1) }), { code: 'ERR_SECRET_TOO_LARGE', message: "secret team-a/big: the value of 'a' is 65537 bytes; a value may be at most 65536" });
    await assert.rejects(secrets.put('team-a', 'bad', { a: 'b' }, { owner: { issuer: '', subject: 'x' } }), { code: 'ERR_SECRET_INVALID' });
    await assert.rejects(secrets.get('team-a', 'db', { keys: ['../etc'] }), { code: 'ERR_SECRET_INVALID', message: 'secret team-a/db: requested data key is not valid' });
    await assert.rejects(secrets.put('team-a', 'bad', { a: 'b' }, null as never), TypeError);
    assert.equal(await secrets.describe('team-a', 'bad'), undefined);
    assert.equal(await secrets.describe('team-a', 'big'), undefined);
    assert.throws(() => createSecretStore({ store, keyring, limits: { maxKeys: 0 } }), { name: 'TypeError', message: 'createSecretStore: limits.maxKeys must be a positive integer' });
  });

  test('limits can be lowered per store', async () => {
    const strict = createSecretStore({ store, keyring, limits: { maxValueBytes: 8 } });
    await assert.rejects(strict.put('team-a', 'small', { a: '123456789' }), { code: 'ERR_SECRET_TOO_LARGE', message: "secret team-a/small: the value of 'a' is 9 bytes; a value may be at most 8" });
  });
});

describe('secret store: AAD binding and keys', () => {
  test('a ciphertext copied into another secret or key does not decrypt', async () => {
    await secrets.put('team-a', 'source', { password: 'source-secret-value' });
    await secrets.put('team-a', 'target', { password: 'target-value', other: 'other-value' });
    const source = await store.getResource('Secret', 'team-a', 'source');
    const target = await store.getResource('Secret', 'team-a', 'target');
    const stolen = (source?.manifest.data as Record<string, string>).password ?? '';
    const data = { ...(target?.manifest.data as Record<string, string>), password: stolen, other: stolen };
    await store.putResource({ kind: 'Secret', namespace: 'team-a', name: 'target', manifest: { ...target?.manifest, data } });
    const message = (key: string) => `secret team-a/target, key '${key}': the value does not authenticate under key ${keyring.primaryKeyId()}: it was altered, moved from another secret, or that key id names a different key`;
    await assert.rejects(secrets.get('team-a', 'target', { keys: ['password'] }), { code: 'ERR_SECRET_DECRYPT', message: message('password') });
    await assert.rejects(secrets.get('team-a', 'target', { keys: ['other'] }), { code: 'ERR_SECRET_DECRYPT', message: message('other') });
    // Copied into another namespace, under the same name: still refused.
    await store.putResource({ kind: 'Secret', namespace: 'team-b', name: 'source', manifest: { ...source?.manifest, metadata: { namespace: 'team-b', name: 'source', labels: {}, annotations: {} } } });
    await assert.rejects(secrets.get('team-b', 'source'), { code: 'ERR_SECRET_DECRYPT' });
  });

  test('a store read with a keyring lacking the key says which key is missing', async () => {
    await secrets.put('team-a', 'foreign', { k: 'foreign-value-1' });
    const other = createSecretStore({ store, keyring: createMemoryKeyring() });
    await assert.rejects(other.get('team-a', 'foreign'), {
      code: 'ERR_SECRET_KEY_UNKNOWN',
      message: `secret team-a/foreign, key 'k': the value is encrypted under key ${keyring.primaryKeyId()}, which is not in the keyring (in-memory keyring); restore that key (as a previous key) to read it`,
    });
    assert.deepEqual((await other.describe('team-a', 'foreign'))?.keys, ['k']);
  });

  test('a stored resource that is not a secret manifest is ERR_SECRET_ENVELOPE', async () => {
    await store.putResource({ kind: 'Secret', namespace: 'team-a', name: 'junk', manifest: { kind: 'Secret', metadata: { name: 'junk', namespace: 'team-a' }, data: { a: 1 } } });
    await assert.rejects(secrets.describe('team-a', 'junk'), { code: 'ERR_SECRET_ENVELOPE', message: 'stored Secret team-a/junk is not a well-formed secret manifest' });
    await store.deleteResource('Secret', 'team-a', 'junk');
  });
});

describe('secret store: per-user secrets (OSMO credentials)', () => {
  test('an owner sees and reads their own secret; others in the namespace do not even see it', async () => {
    const info = await secrets.put('shared', 'github', { token: 'ghp_alice_0123456789' }, { owner: ALICE });
    assert.equal(info.kind, 'UserSecret');
    assert.deepEqual(info.owner, ALICE);
    assert.deepEqual(await secrets.get('shared', 'github', { owner: ALICE }), { token: 'ghp_alice_0123456789' });
    for (const scope of [{ owner: BOB }, { owner: MALLORY_ELSEWHERE }, {}]) {
      assert.equal(await secrets.get('shared', 'github', scope), undefined);
      assert.equal(await secrets.describe('shared', 'github', scope), undefined);
      assert.equal(await secrets.delete('shared', 'github', scope), false);
      assert.deepEqual((await secrets.list('shared', scope)).map((s) => s.name), []);
    }
    assert.deepEqual((await secrets.list('shared', { owner: ALICE })).map((s) => [s.name, s.keys]), [['github', ['token']]]);
  });

  test('two users may own secrets of the same name, and a namespace secret may share it too', async () => {
    await secrets.put('shared', 'registry', { pw: 'alice-registry-pw' }, { owner: ALICE });
    await secrets.put('shared', 'registry', { pw: 'bob-registry-pw' }, { owner: BOB });
    await secrets.put('shared', 'registry', { pw: 'team-registry-pw' });
    assert.deepEqual(await secrets.get('shared', 'registry', { owner: ALICE }), { pw: 'alice-registry-pw' });
    assert.deepEqual(await secrets.get('shared', 'registry', { owner: BOB }), { pw: 'bob-registry-pw' });
    assert.deepEqual(await secrets.get('shared', 'registry'), { pw: 'team-registry-pw' });
    assert.equal(await secrets.delete('shared', 'registry', { owner: BOB }), true);
    assert.deepEqual(await secrets.get('shared', 'registry', { owner: ALICE }), { pw: 'alice-registry-pw' });
  });

  test('the stored resource names neither the owner nor the value; the owner is in the manifest', async () => {
    await secrets.put('shared', 'cloud', { key: 'alice-cloud-key-77' }, { owner: ALICE });
    const [resource] = (await store.listResources({ kind: 'UserSecret', namespace: 'shared' })).filter((r) => r.name.endsWith('/cloud'));
    assert.match(resource?.name ?? '', /^u[0-9a-f]{40}\/cloud$/);
    assert.deepEqual(resource?.manifest.owner, ALICE);
    assert.ok(!JSON.stringify(resource).includes('alice-cloud-key-77'));
  });

  test("a ciphertext copied from one owner's secret into another's does not decrypt", async () => {
    await secrets.put('shared', 'ssh', { key: 'alice-ssh-key-material' }, { owner: ALICE });
    await secrets.put('shared', 'ssh', { key: 'bob-ssh-key-material' }, { owner: BOB });
    const all = await store.listResources({ kind: 'UserSecret', namespace: 'shared' });
    const alice = all.find((r) => r.name.endsWith('/ssh') && (r.manifest.owner as { subject: string }).subject === 'alice');
    const bob = all.find((r) => r.name.endsWith('/ssh') && (r.manifest.owner as { subject: string }).subject === 'bob');
    await store.putResource({ kind: 'UserSecret', namespace: 'shared', name: bob?.name ?? '', manifest: { ...bob?.manifest, data: alice?.manifest.data } });
    await assert.rejects(secrets.get('shared', 'ssh', { owner: BOB }), { code: 'ERR_SECRET_DECRYPT' });
    // Rewriting the owner field of Alice's row to Bob does not hand Bob her value either.
    await store.putResource({ kind: 'UserSecret', namespace: 'shared', name: bob?.name ?? '', manifest: { ...alice?.manifest, owner: BOB } });
    await assert.rejects(secrets.get('shared', 'ssh', { owner: BOB }), { code: 'ERR_SECRET_DECRYPT' });
  });
});

describe('secret store: nothing in plaintext on disk', () => {
  test('the SQLite files contain no secret value, raw or base64 or hex encoded', async () => {
    const values = ['disk-grep-value-A1b2C3d4', 'пароль-на-диске-42', 'user-owned-disk-value-Z9'];
    await secrets.put('disk', 'one', { a: values[0] ?? '', grep_control_key_visible: values[0] ?? '' });
    await secrets.put('disk', 'two', { b: values[1] ?? '' });
    await secrets.put('disk', 'three', { c: values[2] ?? '' }, { owner: ALICE });
    const bytes = () => Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('keyflow.db')).map((f) => readFileSync(join(dir, f))));
    // Positive control: the grep does see what is stored in clear (data keys are not secret).
    assert.equal(bytes().includes(Buffer.from('grep_control_key_visible')), true);
    for (const v of values) {
      for (const form of [Buffer.from(v), Buffer.from(Buffer.from(v).toString('base64')), Buffer.from(Buffer.from(v).toString('hex')), Buffer.from(Buffer.from(v).toString('base64url'))]) {
        assert.equal(bytes().includes(form), false, `found ${form.length} bytes of a value on disk`);
      }
    }
  });
});
