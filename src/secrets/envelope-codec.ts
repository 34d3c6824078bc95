import { SecretError } from './errors.js';
import { KEY_ID } from './parse-key-material.js';

/**
 * The stored form of one encrypted value, a versioned string:
 *
 *   kf1:<key id>:<nonce>:<ciphertext>:<tag>
 *
 * `kf1` is the format version (AES-256-GCM, 96-bit random nonce, 128-bit tag); the key id names the key
 * of the ring; nonce, ciphertext and tag are unpadded base64url. A string rather than JSON keeps each
 * stored value one short token, and colons cannot occur in base64url or key ids, so parsing is exact.
 */
export const ENVELOPE_VERSION = 'kf1';
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export interface Envelope {
  keyId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The envelope string of its parts. */
export function encodeEnvelope(e: Envelope): string {
  return [ENVELOPE_VERSION, e.keyId, e.nonce.toString('base64url'), e.ciphertext.toString('base64url'), e.tag.toString('base64url')].join(':');
}

/**
 * The parts of an envelope string; ERR_SECRET_ENVELOPE when it is not exactly one. Every part must be
 * canonical base64url (re-encoding gives the same text), so that any change to the stored string is a
 * change to the bytes and fails authentication rather than decoding to the same value.
 */
export function decodeEnvelope(text: unknown, where: string): Envelope {
  if (typeof text !== 'string') throw new SecretError('ERR_SECRET_ENVELOPE', `${where}: the stored value is not an encrypted envelope (got ${typeof text})`);
  const parts = text.split(':');
  if (parts.length !== 5 || parts[0] !== ENVELOPE_VERSION) {
    const other = parts[0] !== ENVELOPE_VERSION && parts.length > 1 && /^kf\d+$/.test(parts[0] ?? '');
    const version = other ? ` (format '${parts[0]}' is not supported; this Keyflow reads ${ENVELOPE_VERSION})` : '';
    throw new SecretError('ERR_SECRET_ENVELOPE', `${where}: the stored value is not a ${ENVELOPE_VERSION} envelope${version}`);
  }
  const [, keyId = '', nonceText = '', ciphertextText = '', tagText = ''] = parts;
  if (!KEY_ID.test(keyId)) throw new SecretError('ERR_SECRET_ENVELOPE', `${where}: the envelope's key id is malformed`);
  const nonce = decodePart(nonceText, NONCE_BYTES, 'nonce', where);
  const ciphertext = decodePart(ciphertextText, undefined, 'ciphertext', where);
  const tag = decodePart(tagText, TAG_BYTES, 'tag', where);
  return { keyId, nonce, ciphertext, tag };
}

function decodePart(text: string, bytes: number | undefined, what: string, where: string): Buffer {
  const value = BASE64URL.test(text) ? Buffer.from(text, 'base64url') : undefined;
  if (value === undefined || value.toString('base64url') !== text || (bytes !== undefined && value.length !== bytes)) {
    const size = bytes !== undefined ? ` of ${bytes} bytes` : '';
    throw new SecretError('ERR_SECRET_ENVELOPE', `${where}: the envelope's ${what} is not canonical base64url${size}`);
  }
  return value;
}

/** The key id of an envelope without decrypting it (rotation counts values per key). */
export function envelopeKeyId(text: unknown, where: string): string {
  return decodeEnvelope(text, where).keyId;
}
