import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalJson } from '../../src/audit/index.js';

/** A double from its IEEE 754 bits, as RFC 8785 Appendix B lists them. */
function double(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('canonicalJson (RFC 8785 JCS)', () => {
  test('encodes the RFC 8785 §3.2.2 example exactly', () => {
    const input = JSON.parse('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
      + ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}');
    assert.equal(canonicalJson(input),
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  test('sorts members by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = JSON.parse('{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",'
      + ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}');
    const keys = [...canonicalJson(input).matchAll(/"([^"]*)":/g)].map((m) => m[1]);
    assert.deepEqual(keys, ['\\r', '1', '\u0080', 'ö', '€', '😀', '\ufb33']);
  });

  test('formats numbers as ECMAScript does (RFC 8785 Appendix B vectors)', () => {
    const vectors: Array<[string, string]> = [
      ['0000000000000000', '0'], ['8000000000000000', '0'], ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'], ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'], ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'], ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'], ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'], ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'], ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'], ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'], ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'], ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'], ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, text] of vectors) assert.equal(canonicalJson(double(bits)), text, bits);
  });

  test('escapes control characters with the short forms or lower-case \\u00xx and leaves the rest literal', () => {
    assert.equal(canonicalJson('\b\t\n\f\r\u0000\u001f"\\/\u007f\u2028\u2029é😀'), '"\\b\\t\\n\\f\\r\\u0000\\u001f\\"\\\\/\u007f\u2028\u2029é😀"');
  });

  test('has no whitespace, keeps array order and sorts nested objects', () => {
    assert.equal(canonicalJson({ b: [3, 1, { z: 1, a: [] }], a: { y: null, x: true } }), '{"a":{"x":true,"y":null},"b":[3,1,{"a":[],"z":1}]}');
  });

  test('gives the same text for the same data whatever the member order', () => {
    assert.equal(canonicalJson({ a: 1, b: { c: 2, d: 3 } }), canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  test('refuses what JSON cannot represent, naming the path', () => {
    const cases: Array<[unknown, string]> = [
      [{ a: [1, Number.NaN] }, 'canonicalJson: $.a[1] is NaN, which JSON cannot represent'],
      [Number.POSITIVE_INFINITY, 'canonicalJson: $ is Infinity, which JSON cannot represent'],
      [{ a: undefined }, 'canonicalJson: $.a is undefined, which JSON cannot represent'],
      [{ f: () => 1 }, 'canonicalJson: $.f is function, which JSON cannot represent'],
      [{ n: 10n }, 'canonicalJson: $.n is bigint, which JSON cannot represent'],
      [{ d: new Date(0) }, 'canonicalJson: $.d is a Date, not a plain object'],
      [{ m: new Map() }, 'canonicalJson: $.m is a Map, not a plain object'],
      [{ s: 'a\ud800b' }, 'canonicalJson: $.s contains a lone UTF-16 surrogate'],
      [{ ['\udc00']: 1 }, 'canonicalJson: $.\udc00 contains a lone UTF-16 surrogate'],
      // eslint-disable-next-line no-sparse-arrays
      [[1, , 3], 'canonicalJson: $[1] is a hole in a sparse array'],
    ];
    for (const [value, message] of cases) assert.throws(() => canonicalJson(value), { name: 'TypeError', message });
  });

  test('refuses cycles through the depth limit instead of overflowing the stack', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.throws(() => canonicalJson(cycle), { name: 'TypeError', message: /^canonicalJson: \$(\.self){64} is nested deeper than 64 levels$/ });
  });

  test('accepts objects without a prototype and keys such as __proto__ from JSON.parse', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 1;
    bare.a = 2;
    assert.equal(canonicalJson(bare), '{"a":2,"b":1}');
    assert.equal(canonicalJson(JSON.parse('{"__proto__":{"x":1}}')), '{"__proto__":{"x":1}}');
  });
});
