import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkMeta, checkNamespace, checkOwner, checkSecretData, checkSecretName, dataKeyProblem, DEFAULT_LIMITS } from '../../src/secrets/validate-secret.js';

const WHERE = 'secret default/db';

describe('validate-secret', () => {
  test('namespaces are DNS-1123 labels', () => {
    for (const ok of ['default', 'team-a', 'a', 'x'.repeat(63), '0abc']) assert.equal(checkNamespace(ok), ok);
    for (const bad of ['', 'Default', 'team_a', '-a', 'a-', 'a.b', 'x'.repeat(64)]) {
      assert.throws(() => checkNamespace(bad), {
        code: 'ERR_SECRET_INVALID',
        message: `namespace '${bad.length > 80 ? `${bad.slice(0, 80)}...` : bad}' is not valid: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`,
      });
    }
    assert.throws(() => checkNamespace(7), { code: 'ERR_SECRET_INVALID', message: "namespace (number) is not valid: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit" });
  });

  test('secret names are DNS-1123 subdomains', () => {
    for (const ok of ['db', 'db.prod', 'a-b.c-d', 'x'.repeat(253)]) assert.equal(checkSecretName(ok), ok);
    for (const bad of ['', 'DB', 'db..prod', '.db', 'db.', 'db/x', 'x'.repeat(254), 'a\nb']) {
      assert.throws(() => checkSecretName(bad), { code: 'ERR_SECRET_INVALID' });
    }
    assert.throws(() => checkSecretName('db\u202e'), {
      code: 'ERR_SECRET_INVALID',
      message: "secret name 'db\u202e' is not valid: use at most 253 lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit",
    });
  });

  test('data keys follow the Kubernetes Secret key rule (env-var names and file names both fit)', () => {
    for (const ok of ['password', 'DB_PASSWORD', 'tls.crt', '.dockerconfigjson', 'a-b_c.d', '__proto__', 'x'.repeat(253)]) assert.equal(dataKeyProblem(ok), undefined);
    assert.equal(dataKeyProblem(''), 'must be 1 to 253 characters');
    assert.equal(dataKeyProblem('x'.repeat(254)), 'must be 1 to 253 characters');
    assert.equal(dataKeyProblem('a/b'), "may contain only letters, digits, '-', '_' and '.'");
    assert.equal(dataKeyProblem('a b'), "may contain only letters, digits, '-', '_' and '.'");
    for (const dots of ['.', '..', '..data']) assert.equal(dataKeyProblem(dots), "must not be '.' or '..' or start with '..' (it becomes a file name)");
  });

  test('data is checked key by key, sorted, and never quoted in messages', () => {
    const value = 'hunter2-secret-value';
    assert.deepEqual(checkSecretData({ b: value, a: '' }, DEFAULT_LIMITS, WHERE), [['a', ''], ['b', value]]);
    const cases: [unknown, string][] = [
      [null, `${WHERE}: data must be an object of string values`],
      [[value], `${WHERE}: data must be an object of string values`],
      [{ 'bad key': value }, `${WHERE}: data key 'bad key' is not valid: it may contain only letters, digits, '-', '_' and '.'`],
      [{ k: 42 }, `${WHERE}: the value of 'k' must be a string, got number`],
      [{ k: null }, `${WHERE}: the value of 'k' must be a string, got null`],
      [{ k: `${value}\0` }, `${WHERE}: the value of 'k' contains a NUL character, which no environment variable can carry`],
      [{ k: `${value}\ud800` }, `${WHERE}: the value of 'k' contains a lone UTF-16 surrogate and is not valid text`],
    ];
    for (const [data, message] of cases) {
      assert.throws(() => checkSecretData(data, DEFAULT_LIMITS, WHERE), (err: Error) => {
        assert.equal((err as { code?: string }).code, 'ERR_SECRET_INVALID');
        assert.equal(err.message, message);
        assert.ok(!err.message.includes(value));
        return true;
      });
    }
  });

  test('size limits per value, per secret (keys and values) and per key count', () => {
    const limits = { maxValueBytes: 10, maxSecretBytes: 25, maxKeys: 3 };
    assert.doesNotThrow(() => checkSecretData({ a: '0123456789' }, limits, WHERE));
    assert.throws(() => checkSecretData({ a: '01234567890' }, limits, WHERE), { code: 'ERR_SECRET_TOO_LARGE', message: `${WHERE}: the value of 'a' is 11 bytes; a value may be at most 10` });
    // Bytes, not characters: 4 x 3-byte characters.
    assert.throws(() => checkSecretData({ a: '€€€€' }, limits, WHERE), { code: 'ERR_SECRET_TOO_LARGE', message: `${WHERE}: the value of 'a' is 12 bytes; a value may be at most 10` });
    assert.doesNotThrow(() => checkSecretData({ aa: '0123456789', bb: '0123456789', c: '' }, limits, WHERE)); // 25 bytes
    assert.throws(() => checkSecretData({ aa: '0123456789', bb: '0123456789', cc: '' }, limits, WHERE), { code: 'ERR_SECRET_TOO_LARGE', message: `${WHERE}: keys and values total 26 bytes; a secret may be at most 25` });
    assert.throws(() => checkSecretData({ a: '', b: '', c: '', d: '' }, limits, WHERE), { code: 'ERR_SECRET_TOO_LARGE', message: `${WHERE}: 4 data keys; a secret holds at most 3` });
  });

  test('owners need a non-empty issuer and subject', () => {
    assert.deepEqual(checkOwner({ issuer: 'https://idp', subject: 'alice', extra: 1 }), { issuer: 'https://idp', subject: 'alice' });
    assert.throws(() => checkOwner(undefined), { code: 'ERR_SECRET_INVALID', message: "owner.issuer must be a non-empty string of at most 1024 characters (the authenticated token's iss)" });
    assert.throws(() => checkOwner({ issuer: 'https://idp', subject: '' }), { code: 'ERR_SECRET_INVALID', message: "owner.subject must be a non-empty string of at most 1024 characters (the authenticated token's sub)" });
  });

  test('labels and annotations use Kubernetes syntax', () => {
    assert.deepEqual(checkMeta({ labels: { 'team': 'a', 'keyflow.dev/tier': 'gold' }, annotations: { note: 'any text, even spaces' } }, WHERE), {
      labels: { team: 'a', 'keyflow.dev/tier': 'gold' }, annotations: { note: 'any text, even spaces' },
    });
    assert.throws(() => checkMeta({ labels: { team: 'has space' } }, WHERE), { code: 'ERR_SECRET_INVALID', message: `${WHERE}: labels: the value of 'team' is not valid` });
    assert.throws(() => checkMeta({ annotations: { 'bad key': 'x' } }, WHERE), { code: 'ERR_SECRET_INVALID', message: `${WHERE}: annotations: key 'bad key' is not a valid name ([prefix/]name)` });
    assert.throws(() => checkMeta({ labels: [] as unknown as Record<string, string> }, WHERE), { code: 'ERR_SECRET_INVALID', message: `${WHERE}: labels must be an object of strings` });
    assert.throws(() => checkMeta({ annotations: { big: 'x'.repeat(70_000) } }, WHERE), { code: 'ERR_SECRET_TOO_LARGE', message: `${WHERE}: labels and annotations total 70015 bytes; at most 65536` });
  });
});
