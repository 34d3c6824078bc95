/**
 * Key rotation. Each key of a ring is in one of these states:
 *
 *   primary   encrypts new values and decrypts;
 *   previous  decrypts only (a newer key became primary);
 *   retired   gone from the ring: a value still under it can no longer be read.
 *
 * Transitions (the only ones): rotate makes a new key primary and the old primary previous; re-encryption
 * moves values, not keys; retire takes a previous key that no stored value uses to retired. The primary
 * is never retired. rotateSecretKey performs them in this order: rotate, re-encrypt every value, and
 * (when asked) re-encrypt once more to catch values another process wrote under the old primary in
 * between, then retire each previous key whose usage is zero.
 *
 * With keys from the environment the ring cannot change itself: the operator sets the new key as
 * KEYFLOW_SECRET_KEY and the old one in KEYFLOW_SECRET_KEY_PREVIOUS everywhere, runs this (which then
 * only re-encrypts), and removes KEYFLOW_SECRET_KEY_PREVIOUS once the report shows it unused.
 */
import type { Keyring, RotateAllReport, SecretStore } from './types.js';

export interface RotateSecretKeyOptions {
  keyring: Keyring;
  secrets: SecretStore;
  /** Add a new primary key first (default: true, except for keys from the environment, which cannot). */
  addKey?: boolean;
  /** Retire every previous key that no value uses once everything is re-encrypted (default false). */
  retire?: boolean;
}

export interface KeyRotationReport {
  source: Keyring['source'];
  /** The key rotate added (absent when no key was added). */
  addedKeyId?: string;
  primaryKeyId: string;
  /** The re-encryption: counts over both passes, usage and failures of the last one. */
  reencrypted: RotateAllReport;
  retiredKeyIds: string[];
  /** Previous keys still in the ring, and why. */
  keptKeyIds: { id: string; reason: string }[];
}

/** Rotates the secret key: new primary, every value re-encrypted under it, unused old keys optionally retired. */
export async function rotateSecretKey(options: RotateSecretKeyOptions): Promise<KeyRotationReport> {
  const { keyring, secrets } = options;
  if (!keyring || !secrets) throw new TypeError('rotateSecretKey: keyring and secrets are required');
  const addKey = options.addKey ?? keyring.source !== 'env';
  let addedKeyId: string | undefined;
  if (addKey) {
    // rotate: new key -> primary, old primary -> previous.
    addedKeyId = (await keyring.rotate()).id;
  }
  let reencrypted = await secrets.rotateAll();
  if (options.retire === true) {
    // The second pass's usage and failures are what retirement is decided on; the counts add up.
    const again = await secrets.rotateAll();
    reencrypted = { ...again, rewritten: reencrypted.rewritten + again.rewritten, values: reencrypted.values + again.values };
  }
  const retiredKeyIds: string[] = [];
  const keptKeyIds: { id: string; reason: string }[] = [];
  for (const key of keyring.keys().filter((k) => !k.primary)) {
    const used = reencrypted.keyUsage[key.id] ?? 0;
    if (used > 0) keptKeyIds.push({ id: key.id, reason: `${used} stored value(s) are still under it (see the failures)` });
    else if (options.retire !== true) keptKeyIds.push({ id: key.id, reason: 'unused; not retired because retire was not asked' });
    else if (keyring.source === 'env') keptKeyIds.push({ id: key.id, reason: 'unused; remove it from KEYFLOW_SECRET_KEY_PREVIOUS' });
    else {
      await keyring.retire(key.id); // retire: previous -> retired
      retiredKeyIds.push(key.id);
    }
  }
  return {
    source: keyring.source,
    ...(addedKeyId !== undefined ? { addedKeyId } : {}),
    primaryKeyId: keyring.primaryKeyId(),
    reencrypted,
    retiredKeyIds,
    keptKeyIds,
  };
}
