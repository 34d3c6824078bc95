import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redactionPatterns } from '../../src/secrets/index.js';

describe('redactionPatterns', () => {
  test('a plain value: itself, base64 (standard and URL-safe, whole and at offsets 0/1/2)', () => {
    assert.deepEqual(redactionPatterns('hunter22', 4).sort(), [
      'aHVudGVyMjI', 'aHVudGVyMjI=', 'aHVudGVyMj', 'odW50ZXIyM', 'hunter22', 'h1bnRlcjIy',
    ].sort());
    // Offsets: base64 of "x" + value contains "h1bnRlcjIy", of "xy" + value contains "odW50ZXIyM".
    assert.ok(Buffer.from('xhunter22!').toString('base64').includes('h1bnRlcjIy'));
    assert.ok(Buffer.from('xyhunter22!').toString('base64').includes('odW50ZXIyM'));
  });

  test('JSON, percent and form encodings are added when they differ', () => {
    const p = redactionPatterns('p@ss "wörd"/+', 4);
    for (const form of [
      'p@ss "wörd"/+',
      'p@ss \\"wörd\\"/+',
      'p@ss \\"w\\u00f6rd\\"/+',
      'p%40ss%20%22w%C3%B6rd%22%2F%2B',
      'p%40ss+%22w%C3%B6rd%22%2F%2B',
      Buffer.from('p@ss "wörd"/+').toString('base64'),
      Buffer.from('p@ss "wörd"/+').toString('base64url'),
    ]) assert.ok(p.includes(form), form);
  });

  test('surrounding whitespace: the trimmed value and its encodings too', () => {
    const p = redactionPatterns('token-abc\n', 4);
    assert.ok(p.includes('token-abc\n'));
    assert.ok(p.includes('token-abc'));
    assert.ok(p.includes(Buffer.from('token-abc').toString('base64')));
    assert.ok(p.includes('token-abc\\n'));
  });

  test('multi-line values: each trimmed line of at least minLength characters', () => {
    const pem = '-----BEGIN KEY-----\nMIIBVwIBADANBgkq\n  abc\nhkiG9w0BAQEFAASC\n-----END KEY-----';
    const p = redactionPatterns(pem, 4);
    for (const line of ['-----BEGIN KEY-----', 'MIIBVwIBADANBgkq', 'hkiG9w0BAQEFAASC', '-----END KEY-----']) assert.ok(p.includes(line), line);
    assert.ok(!p.includes('abc'));
  });

  test('values shorter than minLength characters give no pattern at all', () => {
    assert.deepEqual(redactionPatterns('abc', 4), []);
    assert.deepEqual(redactionPatterns('', 4), []);
    assert.deepEqual(redactionPatterns('ab', 2), ['ab', 'YWI=', 'YWI', 'YW', 'Fi', 'hY']);
    // Characters, not bytes: two 3-byte characters are 2 characters.
    assert.deepEqual(redactionPatterns('€€', 4), []);
    assert.ok(redactionPatterns('€€€€', 4).includes('€€€€'));
  });

  test('derived patterns shorter than minLength bytes are dropped', () => {
    for (const p of redactionPatterns('abcd', 4)) assert.ok(Buffer.byteLength(p) >= 4, p);
  });
});
