import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRedactor, redactObject } from '../../src/secrets/index.js';

const VALUES = ['hunter22-pw', '31415926535'];

describe('redactObject', () => {
  test('returns a deep copy with every string masked and leaves the input untouched', () => {
    const input = {
      phase: 'Succeeded',
      outputs: { parameters: [{ name: 'conn', value: 'postgres://app:hunter22-pw@db/app' }], result: 'pw=hunter22-pw' },
      nested: [[['deep hunter22-pw']]],
      count: 3,
      ok: true,
      none: null,
      missing: undefined,
    };
    const snapshot = structuredClone(input);
    const out = redactObject(input, VALUES);
    assert.deepEqual(out, {
      phase: 'Succeeded',
      outputs: { parameters: [{ name: 'conn', value: 'postgres://app:[redacted]@db/app' }], result: 'pw=[redacted]' },
      nested: [[['deep [redacted]']]],
      count: 3,
      ok: true,
      none: null,
      missing: undefined,
    });
    assert.deepEqual(input, snapshot);
    assert.notEqual(out.outputs, input.outputs);
  });

  test('masks object keys, and numbers whose digits are a secret value', () => {
    const out = redactObject({ 'hunter22-pw': 'as key', pin: 31415926535, big: 31415926535n, other: 42 }, VALUES) as Record<string, unknown>;
    assert.deepEqual(out, { '[redacted]': 'as key', pin: '[redacted]', big: '[redacted]', other: 42 });
  });

  test('converts values with toJSON first, as JSON.stringify would', () => {
    const out = redactObject({ when: new Date('2024-01-02T03:04:05.000Z'), custom: { toJSON: () => 'has hunter22-pw' } }, VALUES);
    assert.deepEqual(out, { when: '2024-01-02T03:04:05.000Z', custom: 'has [redacted]' });
  });

  test('keeps shared and cyclic references shared, without recursing forever', () => {
    const shared = { s: 'hunter22-pw' };
    const cyclic: Record<string, unknown> = { name: 'loop', a: shared, b: shared };
    cyclic.self = cyclic;
    const out = redactObject(cyclic, VALUES) as Record<string, unknown>;
    assert.equal(out.self, out);
    assert.equal(out.a, out.b);
    assert.deepEqual(out.a, { s: '[redacted]' });
  });

  test('handles nesting far deeper than the call stack allows', () => {
    let deep: unknown = 'hunter22-pw';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    let out = redactObject(deep, VALUES) as unknown;
    for (let i = 0; i < 200_000; i += 1) out = (out as unknown[])[0];
    assert.equal(out, '[redacted]');
  });

  test('a key such as __proto__ stays a plain key and keeps key order', () => {
    const input = JSON.parse('{"a":"1","__proto__":{"polluted":"hunter22-pw"},"z":"2"}') as Record<string, unknown>;
    const out = redactObject(input, VALUES) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['a', '__proto__', 'z']);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, { polluted: '[redacted]' });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('accepts a prepared redactor, and its redactObject method is the same', () => {
    const r = createRedactor(VALUES);
    assert.deepEqual(redactObject(['hunter22-pw'], r), ['[redacted]']);
    assert.deepEqual(r.redactObject({ a: 'x hunter22-pw' }), { a: 'x [redacted]' });
    assert.equal(JSON.stringify(r.redactObject({ list: [VALUES[0], { v: VALUES[1] }] })).includes('hunter22'), false);
  });
});
