import { StoreError } from './errors.js';

/**
 * Guards that make both backends store the same values the same way. PostgreSQL text cannot hold U+0000,
 * jsonb rejects `\u0000` and lone surrogates, and btree index entries are limited to about 2.7 kB; SQLite
 * would accept all of these, so the store refuses them everywhere instead of behaving per backend.
 */
export const MAX_KEY_BYTES = 512;

// A `\u0000` or `\udXXX` escape whose backslash is not itself escaped. JSON.stringify writes well-formed
// surrogate pairs as raw characters, so any \ud800-\udfff escape in its output is a lone surrogate.
const UNSTORABLE_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u(0000|d[89a-f][0-9a-f]{2})/;
const LONE_SURROGATE = /\p{Cs}/u;

/** Returns `value` when every backend can store and index it verbatim; throws ERR_STORE_INVALID_VALUE otherwise. */
export function checkKey(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${typeof value}`);
  if (value.length * 3 > MAX_KEY_BYTES) {
    const bytes = Buffer.byteLength(value);
    if (bytes > MAX_KEY_BYTES) {
      throw new StoreError('ERR_STORE_INVALID_VALUE', `${what} is ${bytes} bytes long; the store accepts at most ${MAX_KEY_BYTES}`);
    }
  }
  if (value.includes('\0')) {
    throw new StoreError('ERR_STORE_INVALID_VALUE', `${what} contains a NUL character (U+0000)`);
  }
  if (LONE_SURROGATE.test(value)) {
    throw new StoreError('ERR_STORE_INVALID_VALUE', `${what} contains a lone UTF-16 surrogate`);
  }
  return value;
}

/** JSON text of `value` for a JSON column; TypeError when it is not serialisable, ERR_STORE_INVALID_VALUE when unstorable. */
export function encodeJson(value: unknown, what: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${what} must be a JSON object`);
  }
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new TypeError(`${what} is not JSON-serialisable: ${(err as Error).message}`);
  }
  if (text.includes('\\u')) {
    const bad = UNSTORABLE_ESCAPE.exec(text);
    if (bad) {
      const why = bad[1] === '0000' ? 'a NUL character (\\u0000)' : 'a lone UTF-16 surrogate';
      throw new StoreError('ERR_STORE_INVALID_VALUE', `${what} contains ${why}, which PostgreSQL jsonb cannot store`);
    }
  }
  return text;
}

/** `value` as a normalised ISO-8601 UTC string, so text order is time order on SQLite too. */
export function toIsoTime(value: unknown, what: string): string {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new TypeError(`${what} must be an ISO-8601 time string`);
  const iso = new Date(time).toISOString();
  // Years outside 0000-9999 come out as "+010000-..." and would sort wrongly as text.
  if (iso.length !== 24) throw new TypeError(`${what} must be between years 0000 and 9999`);
  return iso;
}

/** Like toIsoTime, but null (and a missing value) means "no time". */
export function toIsoTimeOrNull(value: unknown, what: string): string | null {
  return value === null || value === undefined ? null : toIsoTime(value, what);
}

/** `value` as a version number; TypeError unless it is a non-negative safe integer. */
export function checkVersion(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${what} must be a non-negative integer`);
  }
  return value;
}
