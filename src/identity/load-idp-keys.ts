import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';
import type { Store } from '../store/index.js';

/** Where the built-in IdP's private keys live: one store resource, shared by every replica. */
export const IDP_KEYS_KIND = 'keyflow.dev/IdpKeys';
const IDP_KEYS_NAME = 'builtin-idp';
export const SIGNING_ALG = 'ES256';

/** The IdP's key material. Private parts never leave the store and this object; never log it. */
export interface IdpKeys {
  /** Private signing JWKs, for oidc-provider's `jwks`. */
  signing: JSONWebKeySet;
  /** The same keys without private parts, for verifiers. */
  publicJwks: JSONWebKeySet;
  /** Keys that sign the IdP's cookies (first one signs, all verify). */
  cookieKeys: string[];
}

/**
 * Loads the IdP's keys, generating them on first start: an ES256 signing key (kid = its RFC 7638
 * thumbprint) and two 256-bit cookie keys. When replicas start together, the first write wins
 * (create-only put) and the others read the winner's keys.
 */
export async function loadIdpKeys(store: Store): Promise<IdpKeys> {
  const existing = await store.getResource(IDP_KEYS_KIND, '', IDP_KEYS_NAME);
  if (existing) return toIdpKeys(existing.manifest);
  const manifest = {
    apiVersion: 'keyflow.dev/v1', kind: 'IdpKeys', metadata: { name: IDP_KEYS_NAME },
    signingKeys: [await generateSigningKey()],
    cookieKeys: [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')],
  };
  try {
    await store.putResource({ kind: IDP_KEYS_KIND, namespace: '', name: IDP_KEYS_NAME, expectedVersion: 0, manifest });
    return toIdpKeys(manifest);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_STORE_ALREADY_EXISTS') throw err;
    const winner = await store.getResource(IDP_KEYS_KIND, '', IDP_KEYS_NAME);
    if (!winner) throw err;
    return toIdpKeys(winner.manifest);
  }
}

async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: SIGNING_ALG, use: 'sig' };
}

function toIdpKeys(manifest: Record<string, unknown>): IdpKeys {
  const signingKeys = manifest.signingKeys as JWK[] | undefined;
  const cookieKeys = manifest.cookieKeys as string[] | undefined;
  if (!Array.isArray(signingKeys) || signingKeys.length === 0 || !Array.isArray(cookieKeys) || cookieKeys.length === 0) {
    throw new TypeError(`the stored ${IDP_KEYS_KIND} resource is damaged (no signing or cookie keys)`);
  }
  return {
    signing: { keys: signingKeys },
    publicJwks: { keys: signingKeys.map(toPublicJwk) },
    cookieKeys,
  };
}

/** The public members of an EC or OKP key (RFC 7518 §6.2.1, RFC 8037 §2). */
function toPublicJwk(jwk: JWK): JWK {
  const { kty, crv, x, y, kid, alg, use } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y, kid, alg, use }).filter(([, v]) => v !== undefined)) as JWK;
}
