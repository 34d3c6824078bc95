import { createHash } from 'node:crypto';
import type { SecretOwner } from './types.js';

/** apiVersion of the stored Secret and UserSecret manifests. */
export const SECRET_API_VERSION = 'keyflow.dev/v1';
/** Kind of a namespace secret (readable by workflows whose service account may `secret:read` it). */
export const SECRET_KIND = 'Secret';
/** Kind of a per-user secret: usable only by workflows its owner submits, listed only to its owner. */
export const USER_SECRET_KIND = 'UserSecret';

export type SecretKind = typeof SECRET_KIND | typeof USER_SECRET_KIND;

/**
 * The identity of one stored value, bound to its ciphertext as GCM associated data: the kind,
 * namespace, secret name, data key and (per-user secrets) owner. A ciphertext copied into another secret,
 * key, namespace or owner then fails authentication instead of handing its value to the wrong reader.
 * JSON of an array keeps the encoding unambiguous whatever characters the parts contain.
 */
export function secretAad(kind: SecretKind, namespace: string, name: string, key: string, owner?: SecretOwner): string {
  return JSON.stringify([SECRET_API_VERSION, kind, namespace, name, key, owner?.issuer ?? null, owner?.subject ?? null]);
}

/**
 * The part of a per-user secret's store name that stands for its owner: `u` + 40 hex digits of
 * SHA-256 over (issuer, subject). Two users may then each own a secret `github` in one namespace, and a
 * lookup can only address the secrets of the owner it was given.
 */
export function ownerKey(owner: SecretOwner): string {
  return `u${createHash('sha256').update(JSON.stringify([owner.issuer, owner.subject])).digest('hex').slice(0, 40)}`;
}

/** The name under which the store keeps a secret: its own name, or `<ownerKey>/<name>` for a per-user one. */
export function storeName(name: string, owner?: SecretOwner): string {
  return owner === undefined ? name : `${ownerKey(owner)}/${name}`;
}

/** Whether two owners are the same identity. Neither part is secret, so a plain comparison is right. */
export function sameOwner(a: SecretOwner | undefined, b: SecretOwner | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.issuer === b.issuer && a.subject === b.subject;
}

/** `secret ns/name` or `user secret ns/name` for messages (names, never values). */
export function describeSecret(namespace: string, name: string, owner?: SecretOwner): string {
  return `${owner === undefined ? 'secret' : 'user secret'} ${namespace}/${name}`;
}
