import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkKey, encodeJson, toIsoTime } from '../../src/store/check-values.js';

test('encodeJson refuses a real NUL however many backslashes precede it', () => {
  for (const text of ['\u0000', 'a\\\u0000', '\\\\\u0000']) {
    assert.throws(() => encodeJson({ text }, 'data'), {
      code: 'ERR_STORE_INVALID_VALUE', message: 'data contains a NUL character (\\u0000), which PostgreSQL jsonb cannot store',
    });
  }
});

test('encodeJson accepts the six characters \\u0000 written as text, and well-formed surrogate pairs', () => {
  for (const text of ['\\u0000', '\\\\u0000', 'x\\ud800', '😀', '\u0001']) {
    assert.equal(encodeJson({ text }, 'data'), JSON.stringify({ text }));
  }
});

test('encodeJson refuses lone surrogates in keys and values', () => {
  for (const value of [{ ['\ud83d']: 1 }, { a: 'x\udfff' }]) {
    assert.throws(() => encodeJson(value, 'data'), { code: 'ERR_STORE_INVALID_VALUE', message: 'data contains a lone UTF-16 surrogate, which PostgreSQL jsonb cannot store' });
  }
});

test('checkKey counts UTF-8 bytes, not characters, against the 512-byte limit', () => {
  assert.equal(checkKey('a'.repeat(512), 'name'), 'a'.repeat(512));
  assert.equal(checkKey('😀'.repeat(128), 'name'), '😀'.repeat(128));
  assert.throws(() => checkKey('😀'.repeat(128) + 'a', 'name'), { message: 'name is 513 bytes long; the store accepts at most 512' });
});

test('toIsoTime normalises offsets to UTC with milliseconds', () => {
  assert.equal(toIsoTime('2024-02-29T23:30:00-01:00', 't'), '2024-03-01T00:30:00.000Z');
  assert.throws(() => toIsoTime(1714557600000, 't'), { name: 'TypeError', message: 't must be an ISO-8601 time string' });
});
