/**
 * Types of the secrets domain: the keyring (keys that encrypt secret values at rest), the secret store
 * over the generic resources table, and the redactor that masks secret values in logs and outputs.
 */
import type { Transform } from 'node:stream';
import type { Store } from '../store/index.js';

/** Where the keyring's keys come from: the environment, the key file in the data dir, or code (tests). */
export type KeySource = 'env' | 'file' | 'memory';

/** One key of a keyring, without its material. Ids are public: they appear in every ciphertext. */
export interface KeyInfo {
  id: string;
  primary: boolean;
  /** When the key was generated (key file keys only). */
  createdAt?: string;
}

/**
 * The keys that encrypt and decrypt secret values (AES-256-GCM). New ciphertexts use the primary key;
 * every other key only decrypts, until it is retired. `aad` is the identity of the value (see
 * secretAad) and must be the same on decryption, so a ciphertext moved elsewhere fails to decrypt.
 */
export interface Keyring {
  readonly source: KeySource;
  /** The key file (source 'file' only). */
  readonly path?: string;
  primaryKeyId(): string;
  keys(): KeyInfo[];
  hasKey(id: string): boolean;
  /** Encrypts under the primary key; returns a `kf1:` envelope string. */
  encrypt(plaintext: Uint8Array | string, aad: string): string;
  /** Decrypts an envelope made by any key of the ring with the same `aad`. */
  decrypt(envelope: string, aad: string): Buffer;
  /** Adds a new primary key (the old primary keeps decrypting). Refused for env and memory keyrings. */
  rotate(): Promise<KeyInfo>;
  /** Removes a non-primary key. Ciphertexts still under it become undecryptable: see rotateSecretKey. */
  retire(id: string): Promise<void>;
}

/** The identity a user authenticated with; a per-user secret is stored under it and found only with it. */
export interface SecretOwner {
  /** The token's `iss`. */
  issuer: string;
  /** The token's `sub` (unique only within its issuer, hence both). */
  subject: string;
}

export interface SecretLimits {
  /** Bytes (UTF-8) of one value. */
  maxValueBytes: number;
  /** Bytes of all keys and values of one secret together. */
  maxSecretBytes: number;
  /** Data keys per secret. */
  maxKeys: number;
}

/** What `put` accepts besides the data. */
export interface SecretMeta {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Makes the secret a per-user secret of this owner (kind UserSecret), invisible to everyone else. */
  owner?: SecretOwner;
  /** Optimistic concurrency: the write fails with ERR_STORE_CONFLICT unless the stored version matches. */
  expectedVersion?: number;
}

/** Which secret a lookup addresses: a namespace secret (no owner) or one owner's per-user secret. */
export interface SecretScope {
  owner?: SecretOwner;
}

/** Everything about a secret except its values; safe for API responses, listings and audit records. */
export interface SecretInfo {
  kind: 'Secret' | 'UserSecret';
  namespace: string;
  name: string;
  owner?: SecretOwner;
  /** Data keys, sorted. */
  keys: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Ids of the keys its values are encrypted under (more than one only mid-rotation). */
  keyIds: string[];
  uid: string;
  resourceVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** Result of re-encrypting every stored secret under the primary key. */
export interface RotateAllReport {
  primaryKeyId: string;
  /** Secrets (both kinds) looked at. */
  scanned: number;
  /** Secrets rewritten because some value was under another key. */
  rewritten: number;
  /** Values re-encrypted. */
  values: number;
  /** Secrets that could not be re-encrypted (unknown key, tampered value, ...), with the error code. */
  failures: { kind: string; namespace: string; name: string; code: string; message: string }[];
  /** Values per key id after the pass (the primary's count plus whatever failed). */
  keyUsage: Record<string, number>;
}

export interface SecretStore {
  /** Creates or replaces a secret; values are encrypted before they reach the store. */
  put(namespace: string, name: string, data: Record<string, string>, meta?: SecretMeta): Promise<SecretInfo>;
  /**
   * Plaintext values, for injection into a task only: never return them from an API. With `keys`, only
   * those keys (the ones present) are decrypted. Undefined when the secret does not exist in that scope.
   */
  get(namespace: string, name: string, options?: SecretScope & { keys?: string[] }): Promise<Record<string, string> | undefined>;
  /** Names, keys and metadata of one secret; never values. */
  describe(namespace: string, name: string, scope?: SecretScope): Promise<SecretInfo | undefined>;
  /** Namespace secrets (no owner) or one owner's secrets in the namespace, sorted by name; never values. */
  list(namespace: string, scope?: SecretScope): Promise<SecretInfo[]>;
  delete(namespace: string, name: string, scope?: SecretScope): Promise<boolean>;
  /** Re-encrypts every value not under the primary key (all namespaces, both kinds). */
  rotateAll(): Promise<RotateAllReport>;
}

export interface SecretStoreOptions {
  store: Store;
  keyring: Keyring;
  limits?: Partial<SecretLimits>;
}

export interface RedactorOptions {
  /** Values shorter than this many characters are not masked (default 4): see docs/secrets.md. */
  minLength?: number;
  /** Replacement text (default `[redacted]`). */
  marker?: string;
}

/** Masks secret values (and their common encodings) in text, bytes, streams and objects. */
export interface Redactor {
  /** Masked copy of `text`. */
  redact(text: string): string;
  /** Masked copy of `bytes` (UTF-8 or any encoding in which the values appear as their UTF-8 bytes). */
  redactBytes(bytes: Uint8Array): Buffer;
  /** A Transform that masks across chunk boundaries, holding back at most `maxHoldBytes` bytes. */
  stream(): Transform;
  /** Deep copy of a JSON-like value with every string (and number, key) masked. */
  redactObject<T>(value: T): T;
  /** Byte patterns searched for (values and encodings, deduplicated). */
  readonly patternCount: number;
  /** Values given but not masked because they are shorter than minLength. */
  readonly skippedValues: number;
  /** Upper bound of bytes a stream holds back between chunks. */
  readonly maxHoldBytes: number;
}
