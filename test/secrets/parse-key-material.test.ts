import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { parseKeyMaterial } from '../../src/secrets/index.js';
import { deriveKeyId, sameKey } from '../../src/secrets/parse-key-material.js';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const refused = (got: number) => ({
  code: 'ERR_SECRET_KEY_CONFIG',
  message: 'KEYFLOW_SECRET_KEY must be 32 random bytes written as 64 hex characters or 44 base64 characters '
    + `(e.g. the output of \`openssl rand -base64 32\`); got ${got} characters that are neither`,
});

describe('parseKeyMaterial', () => {
  test('accepts 64 hex characters in either case', () => {
    assert.deepEqual(parseKeyMaterial(KEY.toString('hex'), 'KEYFLOW_SECRET_KEY'), KEY);
    assert.deepEqual(parseKeyMaterial(KEY.toString('hex').toUpperCase(), 'KEYFLOW_SECRET_KEY'), KEY);
  });

  test('accepts base64 with or without padding, and base64url', () => {
    const key = randomBytes(32);
    assert.deepEqual(parseKeyMaterial(key.toString('base64'), 'K'), key);
    assert.deepEqual(parseKeyMaterial(key.toString('base64').replace(/=$/, ''), 'K'), key);
    assert.deepEqual(parseKeyMaterial(key.toString('base64url'), 'K'), key);
  });

  test('ignores surrounding whitespace such as the newline of `openssl rand -base64 32 > file`', () => {
    assert.deepEqual(parseKeyMaterial(`${KEY.toString('base64')}\n`, 'K'), KEY);
  });

  test('refuses other lengths, alphabets and encodings without quoting the text', () => {
    const cases: [string, number][] = [
      ['', 0],
      ['tooshort', 8],
      [randomBytes(16).toString('hex'), 32],
      [randomBytes(33).toString('base64'), 44],
      [`${KEY.toString('hex').slice(0, 63)}g`, 64],
      [`${KEY.toString('base64').slice(0, 42)}!=`, 44],
      ['a passphrase is not a key, however long it is', 45],
    ];
    for (const [text, length] of cases) {
      assert.throws(() => parseKeyMaterial(text, 'KEYFLOW_SECRET_KEY'), (err: Error) => {
        assert.deepEqual({ code: (err as { code?: string }).code, message: err.message }, refused(length));
        assert.ok(text === '' || !err.message.includes(text));
        return true;
      });
    }
  });

  test('refuses base64 whose last character carries bits no 32-byte key has (not canonical)', () => {
    const text = KEY.toString('base64'); // ends in 'Hx8=': 'x' carries 2 unused bits set to 0
    const altered = `${text.slice(0, 42)}9=`;
    assert.notEqual(altered, text);
    assert.throws(() => parseKeyMaterial(altered, 'KEYFLOW_SECRET_KEY'), refused(44));
  });

  test('refuses a key of one repeated byte as a placeholder', () => {
    assert.throws(() => parseKeyMaterial('0'.repeat(64), 'KEYFLOW_SECRET_KEY'), {
      code: 'ERR_SECRET_KEY_CONFIG',
      message: 'KEYFLOW_SECRET_KEY is one byte repeated 32 times, a placeholder rather than a random key',
    });
  });

  test('key ids are 16 hex characters, stable per key and different between keys', () => {
    const id = deriveKeyId(KEY);
    assert.match(id, /^[0-9a-f]{16}$/);
    assert.equal(deriveKeyId(Buffer.from(KEY)), id);
    assert.notEqual(deriveKeyId(randomBytes(32)), id);
    assert.ok(!KEY.toString('hex').includes(id));
  });

  test('sameKey compares key bytes', () => {
    assert.equal(sameKey(KEY, Buffer.from(KEY)), true);
    assert.equal(sameKey(KEY, randomBytes(32)), false);
    assert.equal(sameKey(KEY, KEY.subarray(0, 31)), false);
  });
});
