import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { checkCheckpointSignature, openAuditKeyFile, signCheckpoint } from '../../src/audit/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kf-audit-key-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('openAuditKeyFile', () => {
  test('creates an Ed25519 key readable by its owner only, and reopens the same key', async () => {
    const path = join(dir, 'audit.key');
    const first = await openAuditKeyFile(path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const again = await openAuditKeyFile(path);
    assert.equal(again.signer.keyId, first.signer.keyId);
    const checkpoint = await signCheckpoint({ seq: 1, hash: 'a'.repeat(64) }, again.signer, '2024-05-01T00:00:00.000Z');
    assert.equal(await checkCheckpointSignature(checkpoint, first.verifySignature), true);
  });

  test('processes starting together agree on one key and leave no temporary files', async () => {
    const path = join(dir, 'race.key');
    const signers = await Promise.all(Array.from({ length: 8 }, () => openAuditKeyFile(path)));
    assert.equal(new Set(signers.map((s) => s.signer.keyId)).size, 1);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('race.key')), ['race.key']);
  });

  test('refuses a file that is not an Ed25519 private key, without quoting it', async () => {
    const garbage = join(dir, 'garbage.key');
    writeFileSync(garbage, 'not a key: s3cr3t');
    await assert.rejects(openAuditKeyFile(garbage), (err: Error & { code: string }) => {
      assert.equal(err.code, 'ERR_AUDIT_SIGNER');
      assert.equal(err.message, `cannot use the audit key file ${garbage}: it does not hold a PEM private key`);
      return true;
    });
    const rsa = join(dir, 'rsa.key');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
    await assert.rejects(openAuditKeyFile(rsa), { code: 'ERR_AUDIT_SIGNER', message: `cannot use the audit key file ${rsa}: it holds a rsa key, not Ed25519` });
  });

  test('a key file that cannot be created is ERR_AUDIT_SIGNER', async () => {
    const path = join(dir, 'missing-dir', 'audit.key');
    await assert.rejects(openAuditKeyFile(path), { code: 'ERR_AUDIT_SIGNER', message: new RegExp(`^cannot use the audit key file ${path}: ENOENT`) });
  });
});
