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
/** Deepest nesting accepted (a guard against cycles and runaway recursion). */
export const CANONICAL_MAX_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The RFC 8785 canonical JSON text of `value`; TypeError (naming the path) for anything that is not plain JSON. */
export function canonicalJson(value: unknown): string {
  // The path is kept as a stack of segments and joined only for an error message: building a path string
  // for every member made encoding several times slower.
  const path: string[] = [];
  const fail = (why: string): never => {
    throw new TypeError(`canonicalJson: $${path.join('')} ${why}`);
  };
  const encode = (item: unknown): string => {
    switch (typeof item) {
      case 'string': return encodeString(item, fail);
      case 'number':
        if (!Number.isFinite(item)) fail(`is ${item}, which JSON cannot represent`);
        // ECMAScript Number::toString is the JCS number format; JSON.stringify applies it and turns -0 into 0.
        return JSON.stringify(item);
      case 'boolean': return item ? 'true' : 'false';
      case 'object':
        if (item === null) return 'null';
        if (path.length >= CANONICAL_MAX_DEPTH) fail(`is nested deeper than ${CANONICAL_MAX_DEPTH} levels`);
        return Array.isArray(item) ? encodeArray(item) : encodeObject(item);
      default:
        return fail(`is ${typeof item}, which JSON cannot represent`);
    }
  };
  const encodeArray = (items: readonly unknown[]): string => {
    const parts: string[] = [];
    for (let i = 0; i < items.length; i++) {
      path.push(`[${i}]`);
      // A sparse array's hole would be `null` in JSON.stringify: refuse it like undefined.
      if (!(i in items)) fail('is a hole in a sparse array');
      parts.push(encode(items[i]));
      path.pop();
    }
    return `[${parts.join(',')}]`;
  };
  const encodeObject = (object: object): string => {
    const proto = Object.getPrototypeOf(object) as unknown;
    if (proto !== Object.prototype && proto !== null) fail(`is a ${object.constructor?.name ?? 'non-plain object'}, not a plain object`);
    const record = object as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is JCS's order (not locale, not code points).
    const keys = Object.keys(record).sort();
    const parts: string[] = [];
    for (const key of keys) {
      path.push(`.${key}`);
      parts.push(`${encodeString(key, fail)}:${encode(record[key])}`);
      path.pop();
    }
    return `{${parts.join(',')}}`;
  };
  return encode(value);
}

/** True when `text` has a UTF-16 surrogate without its pair (not representable in UTF-8). */
export function hasLoneSurrogate(text: string): boolean {
  // String.prototype.isWellFormed (ES2024, V8 in Node 20) is a native scan; the regex is the fallback.
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? !native.call(text) : LONE_SURROGATE.test(text);
}

function encodeString(value: string, fail: (why: string) => never): string {
  if (hasLoneSurrogate(value)) fail('contains a lone UTF-16 surrogate');
  return JSON.stringify(value);
}
