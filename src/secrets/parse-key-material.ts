import { createHmac, timingSafeEqual } from 'node:crypto';
import { SecretError } from './errors.js';

/** AES-256 keys are 32 bytes. */
export const KEY_BYTES = 32;

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=?$/;
const BASE64URL_KEY = /^[A-Za-z0-9_-]{43}=?$/;
/** Key ids as they appear in envelopes: 16 lowercase hex characters. */
export const KEY_ID = /^[0-9a-f]{16}$/;

/**
 * The 32 key bytes written as 64 hex characters or as base64/base64url (43 characters, optionally one
 * `=`). Anything else is refused: Buffer.from(text, 'base64') silently skips invalid characters and
 * accepts any length, so a typo would otherwise become a different, shorter or weaker key. The message
 * describes the text's shape (its length) and never quotes it.
 */
export function parseKeyMaterial(text: string, where: string): Buffer {
  if (typeof text !== 'string') throw new TypeError(`${where} must be a string`);
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (HEX_KEY.test(trimmed)) {
    key = Buffer.from(trimmed, 'hex');
  } else if (BASE64_KEY.test(trimmed) || BASE64URL_KEY.test(trimmed)) {
    const bare = trimmed.replace(/=$/, '');
    key = Buffer.from(bare, 'base64url');
    // The last character carries 2 unused bits; a non-canonical one means the text was not made from 32 bytes.
    if (key.toString('base64url') !== bare.replace(/\+/g, '-').replace(/\//g, '_')) key = undefined;
  }
  if (key === undefined || key.length !== KEY_BYTES) {
    throw new SecretError('ERR_SECRET_KEY_CONFIG',
      `${where} must be 32 random bytes written as 64 hex characters or 44 base64 characters `
      + `(e.g. the output of \`openssl rand -base64 32\`); got ${trimmed.length} characters that are neither`);
  }
  if (key.every((b) => b === key[0])) {
    throw new SecretError('ERR_SECRET_KEY_CONFIG', `${where} is one byte repeated 32 times, a placeholder rather than a random key`);
  }
  return key;
}

/**
 * The public id of a key: the first 8 bytes of HMAC-SHA256(key, label), as hex. It is derived rather than
 * stored so that a key given through the environment has the same id on every replica and restart, and a
 * keyed hash reveals nothing about the key (unlike a plain digest, it is also no oracle for other uses).
 */
export function deriveKeyId(key: Uint8Array): string {
  return createHmac('sha256', key).update('keyflow secret key id v1').digest().subarray(0, 8).toString('hex');
}

/** Whether two keys are the same bytes, compared in constant time (key material is secret). */
export function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
