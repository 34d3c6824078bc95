import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decodeEnvelope, encodeEnvelope, ENVELOPE_VERSION, NONCE_BYTES, TAG_BYTES } from './envelope-codec.js';
import { SecretError } from './errors.js';
import { deriveKeyId, KEY_BYTES, sameKey } from './parse-key-material.js';
import type { KeyInfo, Keyring, KeySource } from './types.js';

/** One key with its material. */
export interface KeyEntry {
  id: string;
  key: Buffer;
  createdAt?: string;
}

/** The keys of a ring at one moment: the primary's id and every key by id. */
export interface KeySet {
  primary: string;
  keys: ReadonlyMap<string, KeyEntry>;
}

/** Where a keyring's keys live; the file backend reloads and persists, the others hold them in memory. */
export interface KeyBackend {
  source: KeySource;
  path?: string;
  /** The current keys; `force` re-reads even if nothing seems to have changed. */
  load(force: boolean): KeySet;
  rotate(current: KeySet): Promise<KeySet>;
  retire(current: KeySet, id: string): Promise<KeySet>;
}

const ALGORITHM = 'aes-256-gcm';

/** The associated data GCM authenticates: format, key id and the caller's identity of the value. */
function fullAad(keyId: string, aad: string): Buffer {
  return Buffer.from(`${ENVELOPE_VERSION}:${keyId}\n${aad}`, 'utf8');
}

/**
 * A keyring over a backend. Encryption uses the primary key with a fresh random 96-bit nonce each time
 * (NIST SP 800-38D §8.2.2: safe for up to 2^32 encryptions per key; rotation resets the count). Every
 * decryption failure (wrong key, altered nonce/ciphertext/tag, other AAD) is the one GCM authentication
 * failure: OpenSSL checks the tag in constant time and the message cannot tell which part was wrong.
 */
class BackedKeyring implements Keyring {
  readonly #backend: KeyBackend;
  #set: KeySet;

  constructor(backend: KeyBackend) {
    this.#backend = backend;
    this.#set = backend.load(true);
  }

  get source(): KeySource { return this.#backend.source; }
  get path(): string | undefined { return this.#backend.path; }

  primaryKeyId(): string {
    this.#set = this.#backend.load(false);
    return this.#set.primary;
  }

  keys(): KeyInfo[] {
    this.#set = this.#backend.load(false);
    return [...this.#set.keys.values()].map((k) => ({ id: k.id, primary: k.id === this.#set.primary, ...(k.createdAt ? { createdAt: k.createdAt } : {}) }));
  }

  hasKey(id: string): boolean {
    return this.#set.keys.has(id) || this.#backend.load(true).keys.has(id);
  }

  encrypt(plaintext: Uint8Array | string, aad: string): string {
    // Another process may have rotated the key file since: new values must go under the newest primary.
    this.#set = this.#backend.load(false);
    const entry = this.#set.keys.get(this.#set.primary);
    if (entry === undefined) throw new SecretError('ERR_SECRET_KEY_CONFIG', `the keyring's primary key ${this.#set.primary} is missing`);
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, entry.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(fullAad(entry.id, aad));
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
    return encodeEnvelope({ keyId: entry.id, nonce, ciphertext, tag: cipher.getAuthTag() });
  }

  decrypt(envelope: string, aad: string): Buffer {
    const where = 'encrypted value';
    const e = decodeEnvelope(envelope, where);
    // Reload when the key file changed: a retired key stops decrypting in every process, not only the CLI's.
    this.#set = this.#backend.load(false);
    let entry = this.#set.keys.get(e.keyId);
    if (entry === undefined) {
      // A key added by another process (rotation from the CLI) is picked up without a restart.
      this.#set = this.#backend.load(true);
      entry = this.#set.keys.get(e.keyId);
    }
    if (entry === undefined) {
      throw new SecretError('ERR_SECRET_KEY_UNKNOWN', `the value is encrypted under key ${e.keyId}, which is not in the keyring (${this.#describeSource()}); `
        + 'restore that key (as a previous key) to read it');
    }
    const decipher = createDecipheriv(ALGORITHM, entry.key, e.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(fullAad(e.keyId, aad));
    decipher.setAuthTag(e.tag);
    try {
      return Buffer.concat([decipher.update(e.ciphertext), decipher.final()]);
    } catch {
      // No cause: OpenSSL's error says nothing useful and nothing about the plaintext, keep it that way.
      throw new SecretError('ERR_SECRET_DECRYPT', `the value does not authenticate under key ${e.keyId}: it was altered, moved from another secret, or that key id names a different key`);
    }
  }

  async rotate(): Promise<KeyInfo> {
    this.#set = await this.#backend.rotate(this.#backend.load(true));
    const entry = this.#set.keys.get(this.#set.primary);
    return { id: this.#set.primary, primary: true, ...(entry?.createdAt ? { createdAt: entry.createdAt } : {}) };
  }

  async retire(id: string): Promise<void> {
    const current = this.#backend.load(true);
    if (!current.keys.has(id)) throw new SecretError('ERR_SECRET_ROTATION', `cannot retire key ${id}: the keyring has no such key`);
    if (current.primary === id) throw new SecretError('ERR_SECRET_ROTATION', `cannot retire key ${id}: it is the primary key (rotate first)`);
    this.#set = await this.#backend.retire(current, id);
  }

  #describeSource(): string {
    if (this.#backend.source === 'file') return `key file ${this.#backend.path ?? ''}`;
    return this.#backend.source === 'env' ? 'KEYFLOW_SECRET_KEY and KEYFLOW_SECRET_KEY_PREVIOUS' : 'in-memory keyring';
  }
}

/** A keyring over `backend` (the file and environment sources are made by openKeyring). */
export function keyringOver(backend: KeyBackend): Keyring {
  return new BackedKeyring(backend);
}

/** A fresh random key with its id. */
export function generateKeyEntry(now: Date = new Date()): KeyEntry {
  const key = randomBytes(KEY_BYTES);
  return { id: deriveKeyId(key), key, createdAt: now.toISOString() };
}

/**
 * The key set of `keys` (first = primary). Repeated keys are dropped (compared in constant time); two
 * different keys with the same id (a 2^-64 accident) are refused rather than guessed between.
 */
export function keySetOf(keys: readonly Uint8Array[], where: string): KeySet {
  if (keys.length === 0) throw new SecretError('ERR_SECRET_KEY_CONFIG', `${where}: no key given`);
  const map = new Map<string, KeyEntry>();
  for (const raw of keys) {
    if (raw.length !== KEY_BYTES) throw new SecretError('ERR_SECRET_KEY_CONFIG', `${where}: a key is ${raw.length} bytes, not ${KEY_BYTES}`);
    const key = Buffer.from(raw);
    const id = deriveKeyId(key);
    const known = map.get(id);
    if (known !== undefined && !sameKey(known.key, key)) throw new SecretError('ERR_SECRET_KEY_CONFIG', `${where}: two different keys share the id ${id}`);
    if (known === undefined) map.set(id, { id, key });
  }
  return { primary: deriveKeyId(keys[0] as Uint8Array), keys: map };
}

/**
 * A keyring held in memory (tests, embedded runs that bring their own keys): the first key is primary.
 * It rotates and retires in memory; nothing is persisted.
 */
export function createMemoryKeyring(keys: readonly Uint8Array[] = [generateKeyEntry().key]): Keyring {
  let set = keySetOf(keys, 'createMemoryKeyring');
  return keyringOver({
    source: 'memory',
    load: () => set,
    rotate: async (current) => {
      const entry = generateKeyEntry();
      set = { primary: entry.id, keys: new Map([...current.keys, [entry.id, entry]]) };
      return set;
    },
    retire: async (current, id) => {
      const keys = new Map(current.keys);
      keys.delete(id);
      set = { primary: current.primary, keys };
      return set;
    },
  });
}
