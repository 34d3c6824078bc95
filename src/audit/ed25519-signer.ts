import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { AuditSigner, VerifySignature } from './types.js';

/** An Ed25519 signer and the matching verifier, for tests and for deployments without an issuer key. */
export interface Ed25519Signer {
  signer: AuditSigner;
  verifySignature: VerifySignature;
  /** The public key as a JWK (kty OKP, crv Ed25519, x, kid), to hand to verifiers elsewhere. */
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string };
}

/** Signs with `privateKey` (an Ed25519 KeyObject), or a fresh key pair when none is given. */
export function createEd25519Signer(privateKey?: KeyObject): Ed25519Signer {
  const key = privateKey ?? generateKeyPairSync('ed25519').privateKey;
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('createEd25519Signer: privateKey must be an Ed25519 private KeyObject');
  }
  const publicKey = createPublicKey(key);
  const publicJwk = ed25519Jwk(publicKey);
  return {
    signer: { keyId: publicJwk.kid, sign: (payload) => sign(null, payload, key) },
    verifySignature: createEd25519Verifier([publicKey]),
    publicJwk,
  };
}

/** A VerifySignature over Ed25519 public keys, each known by its RFC 7638 thumbprint. */
export function createEd25519Verifier(publicKeys: readonly KeyObject[]): VerifySignature {
  const byId = new Map<string, KeyObject>();
  for (const key of publicKeys) {
    if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('createEd25519Verifier: every key must be an Ed25519 key');
    const publicKey = key.type === 'private' ? createPublicKey(key) : key;
    byId.set(ed25519Jwk(publicKey).kid, publicKey);
  }
  return (keyId, payload, signature) => {
    const key = byId.get(keyId);
    return key !== undefined && verify(null, payload, key, signature);
  };
}

/** The JWK of an Ed25519 public key with `kid` = its RFC 7638 thumbprint (SHA-256, base64url). */
function ed25519Jwk(publicKey: KeyObject): Ed25519Signer['publicJwk'] {
  const { x } = publicKey.export({ format: 'jwk' }) as { x: string };
  // RFC 7638 §3: the required members in lexicographic order without whitespace, which is canonical JSON.
  const kid = createHash('sha256').update(canonicalJson({ crv: 'Ed25519', kty: 'OKP', x })).digest('base64url');
  return { kty: 'OKP', crv: 'Ed25519', x, kid };
}
