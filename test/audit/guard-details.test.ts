import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { guardDetails, isSecretKey, isSecretValue } from '../../src/audit/index.js';

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';

describe('isSecretKey', () => {
  test('flags keys named like secrets in any case or separator style', () => {
    for (const key of ['password', 'Password', 'db_password', 'passwd', 'passphrase', 'pwd', 'secret', 'clientSecret',
      'client-secret', 'token', 'accessToken', 'refresh_token', 'id.token', 'apiKey', 'API_KEY', 'privateKey',
      'private-key', 'awsSecretAccessKey', 'signingKey', 'credentials', 'Authorization', 'cookie', 'Set-Cookie',
      'sessionId', 'bearer', 'otp', 'PIN', 'secretValue']) {
      assert.equal(isSecretKey(key), true, key);
    }
  });

  test('allows names, ids and metadata of secrets and tokens, and ordinary keys', () => {
    for (const key of ['secretName', 'secret_names', 'secretRef', 'tokenId', 'tokenType', 'tokenExpiresAt', 'tokenTtl',
      'keyId', 'accessKeyId', 'secretCount', 'secretKind', 'passwordField', 'tokenPath', 'name', 'namespace', 'template',
      'mapping', 'footprint', 'spinner', 'opinion', 'key', 'keys', 'idempotencyKey']) {
      assert.equal(isSecretKey(key), false, key);
    }
  });
});

describe('isSecretValue', () => {
  test('flags JWTs and PEM private keys whatever their key', () => {
    assert.equal(isSecretValue(JWT), true);
    assert.equal(isSecretValue('-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI...'), true);
    assert.equal(isSecretValue('x -----BEGIN RSA PRIVATE KEY----- y'), true);
    assert.equal(isSecretValue('-----BEGIN OPENSSH PRIVATE KEY-----'), true);
  });

  test('leaves public material and ordinary strings alone', () => {
    assert.equal(isSecretValue('-----BEGIN PUBLIC KEY-----'), false);
    assert.equal(isSecretValue('eyJ-not-a-token'), false);
    assert.equal(isSecretValue('nightly.eyJx.y'), false);
  });
});

describe('guardDetails', () => {
  const details = {
    template: 'nightly',
    secretNames: ['db', 'api'],
    auth: { token: 'abc', user: 'alice' },
    env: [{ name: 'A', value: JWT }, { name: 'B', value: 'plain' }],
    password: 'hunter2',
  };

  test('refuses by default, naming the path and never the value', () => {
    assert.throws(() => guardDetails(details), (err: Error & { code: string }) => {
      assert.equal(err.name, 'AuditError');
      assert.equal(err.code, 'ERR_AUDIT_SECRET_DETAIL');
      assert.equal(err.message, 'audit details.auth.token is named like a secret; record names and ids only, never secret values');
      assert.doesNotMatch(err.message, /abc|hunter2/);
      return true;
    });
  });

  test('refuses a token-shaped value under an innocent key', () => {
    assert.throws(() => guardDetails({ env: [{ value: JWT }] }), {
      code: 'ERR_AUDIT_SECRET_DETAIL',
      message: 'audit details.env[0].value looks like a token or private key; record names and ids only, never secret values',
    });
  });

  test('strips secret members and elements and lists their paths', () => {
    const result = guardDetails(details, { mode: 'strip' });
    assert.deepEqual(result.details, {
      template: 'nightly',
      secretNames: ['db', 'api'],
      auth: { user: 'alice' },
      env: [{ name: 'A' }, { name: 'B', value: 'plain' }],
    });
    assert.deepEqual(result.stripped, ['details.auth.token', 'details.env[0].value', 'details.password']);
    assert.equal(details.password, 'hunter2', 'the input is not modified');
  });

  test('runs the redactor first and guards its output too', () => {
    const seen: unknown[] = [];
    const result = guardDetails({ cmd: 'login --pw s3cr3t' }, {
      mode: 'strip',
      redact: (d) => {
        seen.push(d);
        return { cmd: String(d.cmd).replace('s3cr3t', '[redacted]'), apiKey: 'leaked-by-redactor' };
      },
    });
    assert.deepEqual(seen, [{ cmd: 'login --pw s3cr3t' }]);
    assert.deepEqual(result, { details: { cmd: 'login --pw [redacted]' }, stripped: ['details.apiKey'] });
  });

  test('refuses a redactor that does not return an object', () => {
    assert.throws(() => guardDetails({}, { redact: () => null as never }), {
      code: 'ERR_AUDIT_INVALID_RECORD',
      message: 'audit details: the redactor must return a JSON object',
    });
  });
});
