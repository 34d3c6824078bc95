import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createMemoryKeyring } from '../../src/secrets/index.js';
import { decodeEnvelope, encodeEnvelope } from '../../src/secrets/envelope-codec.js';
import { deriveKeyId } from '../../src/secrets/parse-key-material.js';

const AAD = '["keyflow.dev/v1","Secret","default","db","password",null,null]';
const OTHER_AAD = '["keyflow.dev/v1","Secret","default","other","password",null,null]';
const PLAINTEXT = 'correct horse battery staple';

/** The envelope with one part replaced (parts: version, key id, nonce, ciphertext, tag). */
function withPart(envelope: string, index: number, edit: (part: string) => string): string {
  const parts = envelope.split(':');
  parts[index] = edit(parts[index] ?? '');
  return parts.join(':');
}

/** A base64url text of the same length with the bits of its first byte flipped. */
function flipFirstByte(part: string): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  return bytes.toString('base64url');
}

const notAuthentic = (keyId: string) => ({
  code: 'ERR_SECRET_DECRYPT',
  message: `the value does not authenticate under key ${keyId}: it was altered, moved from another secret, or that key id names a different key`,
});

describe('keyring: AES-256-GCM envelopes', () => {
  test('round trip: what is encrypted decrypts to the same bytes', () => {
    const ring = createMemoryKeyring();
    for (const text of ['', 'x', PLAINTEXT, 'ünïcødé ✓ 🔑', 'a'.repeat(70_000)]) {
      assert.equal(ring.decrypt(ring.encrypt(text, AAD), AAD).toString('utf8'), text);
    }
    const bytes = randomBytes(1000);
    assert.deepEqual(ring.decrypt(ring.encrypt(bytes, AAD), AAD), bytes);
  });

  test('the envelope is versioned, names its key and contains no plaintext', () => {
    const ring = createMemoryKeyring();
    const envelope = ring.encrypt(PLAINTEXT, AAD);
    assert.match(envelope, /^kf1:[0-9a-f]{16}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{22}$/);
    assert.equal(envelope.split(':')[1], ring.primaryKeyId());
    assert.ok(!envelope.includes(PLAINTEXT));
    assert.ok(!envelope.includes(Buffer.from(PLAINTEXT).toString('base64url')));
  });

  test('every encryption uses a fresh 96-bit nonce', () => {
    const ring = createMemoryKeyring();
    const nonces = new Set(Array.from({ length: 200 }, () => decodeEnvelope(ring.encrypt(PLAINTEXT, AAD), 'v').nonce.toString('hex')));
    assert.equal(nonces.size, 200);
    assert.equal(decodeEnvelope(ring.encrypt(PLAINTEXT, AAD), 'v').nonce.length, 12);
  });

  test('a keyring without the key refuses with ERR_SECRET_KEY_UNKNOWN naming the key id', () => {
    const envelope = createMemoryKeyring().encrypt(PLAINTEXT, AAD);
    const id = envelope.split(':')[1] ?? '';
    assert.throws(() => createMemoryKeyring().decrypt(envelope, AAD), {
      code: 'ERR_SECRET_KEY_UNKNOWN',
      message: `the value is encrypted under key ${id}, which is not in the keyring (in-memory keyring); restore that key (as a previous key) to read it`,
    });
  });

  test('a different key under the same key id fails authentication (wrong key)', () => {
    const other = createMemoryKeyring();
    const envelope = createMemoryKeyring().encrypt(PLAINTEXT, AAD);
    const forged = withPart(envelope, 1, () => other.primaryKeyId());
    assert.throws(() => other.decrypt(forged, AAD), notAuthentic(other.primaryKeyId()));
  });

  test('a tampered nonce, ciphertext or tag fails authentication', () => {
    const ring = createMemoryKeyring();
    const envelope = ring.encrypt(PLAINTEXT, AAD);
    for (const part of [2, 3, 4]) {
      assert.throws(() => ring.decrypt(withPart(envelope, part, flipFirstByte), AAD), notAuthentic(ring.primaryKeyId()), `part ${part}`);
    }
    // A single flipped bit anywhere in the ciphertext.
    const e = decodeEnvelope(envelope, 'v');
    for (let bit = 0; bit < e.ciphertext.length * 8; bit += 37) {
      const ct = Buffer.from(e.ciphertext);
      ct[bit >> 3] = (ct[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      assert.throws(() => ring.decrypt(encodeEnvelope({ ...e, ciphertext: ct }), AAD), notAuthentic(ring.primaryKeyId()));
    }
    // Truncated ciphertext, and a tag from another encryption of the same text.
    assert.throws(() => ring.decrypt(encodeEnvelope({ ...e, ciphertext: e.ciphertext.subarray(1) }), AAD), notAuthentic(ring.primaryKeyId()));
    const tag = decodeEnvelope(ring.encrypt(PLAINTEXT, AAD), 'v').tag;
    assert.throws(() => ring.decrypt(encodeEnvelope({ ...e, tag }), AAD), notAuthentic(ring.primaryKeyId()));
  });

  test('AAD binding: a ciphertext decrypts only with the identity it was made for', () => {
    const ring = createMemoryKeyring();
    const envelope = ring.encrypt(PLAINTEXT, AAD);
    assert.throws(() => ring.decrypt(envelope, OTHER_AAD), notAuthentic(ring.primaryKeyId()));
    assert.throws(() => ring.decrypt(envelope, ''), notAuthentic(ring.primaryKeyId()));
  });

  test('malformed envelopes are ERR_SECRET_ENVELOPE, naming the part but not quoting it', () => {
    const ring = createMemoryKeyring();
    const envelope = ring.encrypt(PLAINTEXT, AAD);
    const cases: [string, string][] = [
      [PLAINTEXT, 'encrypted value: the stored value is not a kf1 envelope'],
      [envelope.replace(/^kf1/, 'kf2'), "encrypted value: the stored value is not a kf1 envelope (format 'kf2' is not supported; this Keyflow reads kf1)"],
      [`${envelope}:extra`, 'encrypted value: the stored value is not a kf1 envelope'],
      [withPart(envelope, 1, () => 'XYZ'), "encrypted value: the envelope's key id is malformed"],
      [withPart(envelope, 2, (p) => p.slice(1)), "encrypted value: the envelope's nonce is not canonical base64url of 12 bytes"],
      [withPart(envelope, 3, (p) => `${p}=`), "encrypted value: the envelope's ciphertext is not canonical base64url"],
      [withPart(envelope, 4, (p) => `${p.slice(0, -1)}B`), "encrypted value: the envelope's tag is not canonical base64url of 16 bytes"],
    ];
    for (const [text, message] of cases) assert.throws(() => ring.decrypt(text, AAD), { code: 'ERR_SECRET_ENVELOPE', message });
  });

  test('rotation in memory: the new key encrypts, the old one still decrypts until retired', async () => {
    const first = randomBytes(32);
    const ring = createMemoryKeyring([first]);
    const old = ring.encrypt(PLAINTEXT, AAD);
    const added = await ring.rotate();
    assert.notEqual(added.id, deriveKeyId(first));
    assert.equal(ring.primaryKeyId(), added.id);
    assert.deepEqual(ring.keys().map((k) => [k.id, k.primary]), [[deriveKeyId(first), false], [added.id, true]]);
    assert.equal(ring.encrypt(PLAINTEXT, AAD).split(':')[1], added.id);
    assert.equal(ring.decrypt(old, AAD).toString(), PLAINTEXT);
    await assert.rejects(ring.retire(added.id), { code: 'ERR_SECRET_ROTATION', message: `cannot retire key ${added.id}: it is the primary key (rotate first)` });
    await assert.rejects(ring.retire('0123456789abcdef'), { code: 'ERR_SECRET_ROTATION', message: 'cannot retire key 0123456789abcdef: the keyring has no such key' });
    await ring.retire(deriveKeyId(first));
    assert.equal(ring.hasKey(deriveKeyId(first)), false);
    assert.throws(() => ring.decrypt(old, AAD), { code: 'ERR_SECRET_KEY_UNKNOWN' });
  });

  test('a memory keyring given several keys encrypts with the first and decrypts with all', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const envelope = createMemoryKeyring([b]).encrypt(PLAINTEXT, AAD);
    const ring = createMemoryKeyring([a, b, a]);
    assert.equal(ring.primaryKeyId(), deriveKeyId(a));
    assert.equal(ring.keys().length, 2);
    assert.equal(ring.decrypt(envelope, AAD).toString(), PLAINTEXT);
  });
});
