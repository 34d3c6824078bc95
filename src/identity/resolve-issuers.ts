import type { JSONWebKeySet } from 'jose';
import type { IssuerConfig } from './types.js';

/**
 * Asymmetric JWS algorithms an issuer may be allowed. HMAC is absent on purpose: a verifier that accepts
 * HS256 can be fed a token "signed" with the issuer's public key (RFC 8725 §2.1, §3.1); `none` likewise.
 */
export const ASYMMETRIC_ALGORITHMS = new Set([
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
]);

export const DEFAULT_ALGORITHMS = ['RS256', 'ES256', 'EdDSA', 'PS256'];

/** An IssuerConfig checked once, with defaults filled in. */
export interface ResolvedIssuer {
  issuer: string;
  audience: string;
  usernameClaim: string;
  groupsClaim: string;
  claimPrefix: string;
  jwksUri: string | undefined;
  /** Keys given inline (the built-in IdP): nothing is fetched. */
  jwks: JSONWebKeySet | undefined;
  algorithms: string[];
  tokenType: string | undefined;
}

/** Validates the issuer list at the boundary; TypeError naming the field for anything unusable. */
export function resolveIssuers(issuers: unknown): ResolvedIssuer[] {
  if (!Array.isArray(issuers)) throw new TypeError('createTokenVerifier: issuers must be an array');
  const seen = new Set<string>();
  return issuers.map((raw: unknown, i) => {
    const where = `issuers[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw new TypeError(`${where} must be an object`);
    const config = raw as IssuerConfig;
    const issuer = requireString(config.issuer, `${where}.issuer`);
    if (seen.has(issuer)) throw new TypeError(`${where}.issuer ${JSON.stringify(issuer)} is configured twice`);
    seen.add(issuer);
    const jwks = checkJwks(config.jwks, `${where}.jwks`);
    if (jwks === undefined) requireSecureUrl(issuer, `${where}.issuer`);
    const jwksUri = config.jwksUri === undefined ? undefined : requireSecureUrl(requireString(config.jwksUri, `${where}.jwksUri`), `${where}.jwksUri`);
    return {
      issuer,
      audience: requireString(config.audience, `${where}.audience`),
      usernameClaim: config.usernameClaim === undefined ? 'sub' : requireString(config.usernameClaim, `${where}.usernameClaim`),
      groupsClaim: config.groupsClaim === undefined ? 'groups' : requireString(config.groupsClaim, `${where}.groupsClaim`),
      claimPrefix: config.claimPrefix === undefined ? '' : requireType(config.claimPrefix, `${where}.claimPrefix`),
      jwksUri,
      jwks,
      algorithms: checkAlgorithms(config.algorithms, `${where}.algorithms`),
      tokenType: config.tokenType === undefined ? undefined : requireString(config.tokenType, `${where}.tokenType`),
    };
  });
}

function checkAlgorithms(value: unknown, where: string): string[] {
  if (value === undefined) return [...DEFAULT_ALGORITHMS];
  if (!Array.isArray(value) || value.length === 0) throw new TypeError(`${where} must be a non-empty array`);
  for (const alg of value) {
    if (typeof alg !== 'string' || !ASYMMETRIC_ALGORITHMS.has(alg)) {
      throw new TypeError(`${where} may only list asymmetric algorithms (${[...ASYMMETRIC_ALGORITHMS].join(', ')}); got ${JSON.stringify(alg)}`);
    }
  }
  return [...value] as string[];
}

function checkJwks(value: unknown, where: string): JSONWebKeySet | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || !Array.isArray((value as JSONWebKeySet).keys)) {
    throw new TypeError(`${where} must be a JSON Web Key Set ({ keys: [...] })`);
  }
  for (const key of (value as JSONWebKeySet).keys) {
    if ('d' in key || 'k' in key) throw new TypeError(`${where} must hold public keys only`);
  }
  return value as JSONWebKeySet;
}

function requireString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${where} must be a non-empty string`);
  return value;
}

function requireType(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new TypeError(`${where} must be a string`);
  return value;
}

/** Keys fetched over plain HTTP could be swapped in transit, so http is only accepted on loopback. */
export function requireSecureUrl(value: string, where: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new TypeError(`${where} must be an http(s) URL`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new TypeError(`${where} must use https (plain http is accepted only for loopback hosts)`);
  }
  return value;
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
