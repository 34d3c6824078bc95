import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  CHECKPOINT_TYPE, checkCheckpointSignature, checkpointPayload, createEd25519Signer, createEd25519Verifier, signCheckpoint,
} from '../../src/audit/index.js';

const HEAD = { seq: 1000, hash: 'ab'.repeat(32) };
const TIME = '2024-05-02T00:00:00.000Z';

describe('checkpoints', () => {
  test('sign the canonical payload {type, v, seq, hash, time, keyId}', async () => {
    const { signer, verifySignature } = createEd25519Signer();
    const checkpoint = await signCheckpoint(HEAD, signer, TIME);
    assert.deepEqual({ ...checkpoint, signature: undefined }, { ...HEAD, time: TIME, keyId: signer.keyId, signature: undefined });
    assert.match(checkpoint.signature, /^[A-Za-z0-9_-]{86}$/);
    assert.equal(new TextDecoder().decode(checkpointPayload(checkpoint)),
      `{"hash":"${HEAD.hash}","keyId":"${signer.keyId}","seq":1000,"time":"${TIME}","type":"${CHECKPOINT_TYPE}","v":1}`);
    assert.equal(await checkCheckpointSignature(checkpoint, verifySignature), true);
  });

  test('a signature does not carry over to another seq, hash, time or key id', async () => {
    const { signer, verifySignature } = createEd25519Signer();
    const checkpoint = await signCheckpoint(HEAD, signer, TIME);
    for (const change of [{ seq: 1001 }, { hash: 'cd'.repeat(32) }, { time: '2024-05-03T00:00:00.000Z' }, { keyId: 'other' }]) {
      assert.equal(await checkCheckpointSignature({ ...checkpoint, ...change }, verifySignature), false, JSON.stringify(change));
    }
  });

  test('a throwing verifier or a malformed signature counts as invalid, not as an error', async () => {
    const { signer } = createEd25519Signer();
    const checkpoint = await signCheckpoint(HEAD, signer, TIME);
    assert.equal(await checkCheckpointSignature(checkpoint, () => { throw new Error('bad key'); }), false);
    assert.equal(await checkCheckpointSignature({ ...checkpoint, signature: 'not base64url!' }, () => true), false);
    assert.equal(await checkCheckpointSignature({ ...checkpoint, signature: 'AAAA' }, () => 'yes' as never), false);
  });

  test('refuse a head before the first record', async () => {
    const { signer } = createEd25519Signer();
    await assert.rejects(signCheckpoint({ seq: 0, hash: HEAD.hash }, signer, TIME), { name: 'TypeError', message: 'signCheckpoint: head.seq must be a positive integer' });
  });
});

describe('createEd25519Signer', () => {
  test('names its key by the RFC 7638 thumbprint and verifies with the public key alone', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const { signer, publicJwk } = createEd25519Signer(privateKey);
    assert.deepEqual(Object.keys(publicJwk), ['kty', 'crv', 'x', 'kid']);
    assert.equal(signer.keyId, publicJwk.kid);
    assert.match(signer.keyId, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(createEd25519Signer(privateKey).signer.keyId, signer.keyId, 'the same key gives the same id');
    const checkpoint = await signCheckpoint(HEAD, signer, TIME);
    assert.equal(await checkCheckpointSignature(checkpoint, createEd25519Verifier([publicKey])), true);
    assert.equal(await checkCheckpointSignature(checkpoint, createEd25519Verifier([generateKeyPairSync('ed25519').publicKey])), false);
  });

  test('refuses keys that are not Ed25519 private keys', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    assert.throws(() => createEd25519Signer(rsa.privateKey), { name: 'TypeError', message: 'createEd25519Signer: privateKey must be an Ed25519 private KeyObject' });
    assert.throws(() => createEd25519Signer(generateKeyPairSync('ed25519').publicKey), { name: 'TypeError' });
    assert.throws(() => createEd25519Verifier([rsa.publicKey]), { name: 'TypeError', message: 'createEd25519Verifier: every key must be an Ed25519 key' });
  });
});
