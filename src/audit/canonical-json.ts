/**
 * Canonical JSON after RFC 8785 (JSON Canonicalization Scheme, JCS), the one encoding every audit hash and
 * export line uses, so that the same record always gives the same bytes on any machine:
 *
 * - objects: members sorted by key, compared as arrays of UTF-16 code units (JCS §3.2.3; JavaScript's
 *   default string order is exactly that); no whitespace anywhere;
 * - strings: ECMAScript JSON.stringify escaping (JCS §3.2.2.2): `"` `\` and U+0000..U+001F escaped, the
 *   short forms \b \t \n \f \r where they exist and \u00xx (lower-case hex) otherwise; everything else,
 *   including non-ASCII, U+2028 and U+2029, literal; lone surrogates are refused (JCS §3.2.2.2 requires
 *   well-formed Unicode, and they would not survive UTF-8 storage anyway);
 * - numbers: ECMAScript Number-to-String (JCS §3.2.2.3): shortest round-trip digits, exponent form from
 *   1e21 and below 1e-6 (`1e+30`, `1e-7`), -0 as `0`; NaN and ±Infinity are refused;
 * - literals: `true`, `false`, `null`; arrays keep their order.
 *
 * Only plain data is accepted: no undefined (JSON.stringify would silently drop it), no functions,
 * symbols, bigints, Dates or other class instances (toJSON is not consulted), no cycles. Input that
 * breaks these rules is a programming error and throws TypeError naming the JSON path.
 */
import type { JsonValue } from './types.js';

/** Deepest nesting accepted (a guard against cycles and runaway recursion). */
export const CANONICAL_MAX_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The RFC 8785 canonical JSON text of `value`; TypeError (naming the path) for anything that is not plain JSON. */
export function canonicalJson(value: unknown): string {
  return encode(value, '$', 0);
}

/** True when `text` has a UTF-16 surrogate without its pair (not representable in UTF-8). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

function encode(value: unknown, path: string, depth: number): string {
  switch (typeof value) {
    case 'string': return encodeString(value, path);
    case 'number': return encodeNumber(value, path);
    case 'boolean': return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= CANONICAL_MAX_DEPTH) throw new TypeError(`canonicalJson: ${path} is nested deeper than ${CANONICAL_MAX_DEPTH} levels`);
      if (Array.isArray(value)) return encodeArray(value, path, depth);
      return encodeObject(value, path, depth);
    default:
      throw new TypeError(`canonicalJson: ${path} is ${typeof value}, which JSON cannot represent`);
  }
}

function encodeString(value: string, path: string): string {
  if (hasLoneSurrogate(value)) throw new TypeError(`canonicalJson: ${path} contains a lone UTF-16 surrogate`);
  return JSON.stringify(value);
}

function encodeNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}, which JSON cannot represent`);
  // ECMAScript Number::toString is the JCS number format; JSON.stringify applies it and turns -0 into 0.
  return JSON.stringify(value);
}

function encodeArray(value: readonly unknown[], path: string, depth: number): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i++) {
    // A sparse array's hole would be `null` in JSON.stringify: refuse it like undefined.
    if (!(i in value)) throw new TypeError(`canonicalJson: ${path}[${i}] is a hole in a sparse array`);
    parts.push(encode(value[i], `${path}[${i}]`, depth + 1));
  }
  return `[${parts.join(',')}]`;
}

function encodeObject(value: object, path: string, depth: number): string {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`canonicalJson: ${path} is a ${value.constructor?.name ?? 'non-plain object'}, not a plain object`);
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is JCS's order (not locale, not code points).
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const member = `${path}.${key}`;
    parts.push(`${encodeString(key, member)}:${encode(record[key], member, depth + 1)}`);
  }
  return `{${parts.join(',')}}`;
}

/** Parses JSON text into a JsonValue (JSON.parse, typed); SyntaxError on bad text. */
export function parseJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}
